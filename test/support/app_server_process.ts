/**
 * @module
 * Real `tern app-server` processes for integration tests: `spawnStdioServer()` runs
 * `bin/tern app-server` on a pipe, `spawnWsServer()` runs it with `--listen ws://127.0.0.1:0` and
 * `connect()` opens Deno `WebSocket`s to it; each talks through an `AppServerClient`
 * (`app_server_client.ts`). Also: a mock model plus a server in one call, a server that runs one
 * turn and exits (for resume tests), and a probe plugin with test-only request methods.
 */
import { makeSandbox, type Sandbox, TERN_BIN } from "./tern_process.ts";
import { type MockModelServer, type MockResponse, startMockModelServer } from "./mock_model.ts";
import { AppServerClient } from "./app_server_client.ts";

/** Options shared by `spawnStdioServer()` and `spawnWsServer()`. */
export interface ServerOptions {
  /** `-c` overrides, e.g. `approval_policy="untrusted"`. */
  config?: string[];
  /** More plugin folders to load. */
  plugins?: string[];
  /** Global flags, e.g. `--watch`. */
  flags?: string[];
  /** Variables added to the server's environment, e.g. `TERN_SANDBOX_BACKEND`. */
  env?: Record<string, string>;
}

/** Extra `tern` arguments every server gets: loads the plugin (and `plugins`), then `config`. */
function baseArgs(options: ServerOptions): string[] {
  const plugins = options.plugins?.length ? ["-c", `extraPlugins=${JSON.stringify(options.plugins)}`] : [];
  return [...plugins, ...(options.config ?? []).flatMap((c) => ["-c", c]), ...(options.flags ?? [])];
}

/** A `tern app-server` process. */
export interface ServerProcess {
  child: Deno.ChildProcess;
  /** Everything it wrote on stderr so far. */
  stderr(): string;
  /** Kills it (if still running) and waits for it. */
  stop(): Promise<Deno.CommandStatus>;
}

function spawn(sandbox: Sandbox, args: string[], onStdout: ((text: string) => void) | null): ServerProcess {
  const child = new Deno.Command(TERN_BIN, {
    args,
    cwd: sandbox.workspace,
    env: sandbox.env,
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let stderr = "";
  const stderrDone = child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({ write: (chunk) => void (stderr += chunk) }),
  ).catch(() => {});
  const stdoutDone = child.stdout.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({ write: (chunk) => onStdout?.(chunk) }),
  ).catch(() => {});
  return {
    child,
    stderr: () => stderr,
    stop: async () => {
      try {
        child.kill("SIGTERM");
      } catch {
        // already exited
      }
      const status = await child.status;
      await Promise.all([stderrDone, stdoutDone]);
      return status;
    },
  };
}

/** A stdio server with its client. */
export interface StdioServer extends ServerProcess {
  client: AppServerClient;
  /** Writes raw bytes to the server's stdin. */
  write(bytes: Uint8Array | string): Promise<void>;
  /** Closes stdin and waits for the process to exit. */
  closeStdin(): Promise<Deno.CommandStatus>;
}

/** Runs `bin/tern [-c CONFIG]... app-server` on a pipe. */
export function spawnStdioServer(sandbox: Sandbox, options: ServerOptions = {}): StdioServer {
  let buffer = "";
  let write: (data: Uint8Array | string) => Promise<void> = () => Promise.resolve();
  const client = new AppServerClient((text) => void write(text + "\n"));
  const env = { ...sandbox.env, ...options.env };
  const process = spawn({ ...sandbox, env }, [...baseArgs(options), "app-server"], (chunk) => {
    buffer += chunk;
    let newline;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line.trim()) client.receive(JSON.parse(line));
    }
  });
  const writer = process.child.stdin.getWriter();
  const encoder = new TextEncoder();
  let writing = Promise.resolve();
  write = (data) => {
    const bytes = typeof data === "string" ? encoder.encode(data) : data;
    writing = writing.then(() => writer.write(bytes)).catch(() => {});
    return writing;
  };
  process.child.status.then(() => client.closed());
  return {
    ...process,
    client,
    write,
    closeStdin: async () => {
      await writing;
      await writer.close().catch(() => {});
      return await process.child.status;
    },
    stop: async () => {
      await writer.close().catch(() => {});
      return await process.stop();
    },
  };
}

/**
 * Starts a stdio server, runs one turn of `prompt` on a new thread, and lets the server exit
 * (stdin closed: exit code 0 is asserted); returns the thread's id, for a test that resumes it in
 * a new server.
 */
export async function threadFromStoppedServer(
  sandbox: Sandbox,
  options: ServerOptions,
  prompt: string,
): Promise<string> {
  const server = spawnStdioServer(sandbox, options);
  try {
    await server.client.initialize();
    const threadId = (await server.client.call("thread/start", {})).thread.id as string;
    await server.client.call("turn/start", { threadId, input: [{ type: "text", text: prompt, text_elements: [] }] });
    await server.client.notification("turn/completed");
    const status = await server.closeStdin();
    if (status.code !== 0) throw new Error(`the app-server exited with ${status.code}`);
    return threadId;
  } finally {
    await server.stop();
  }
}

/** A WebSocket server process. */
export interface WsServer extends ServerProcess {
  /** `ws://127.0.0.1:PORT`. */
  url: string;
  /** `http://127.0.0.1:PORT`. */
  httpUrl: string;
  /** Opens a client connection. */
  connect(options?: { headers?: Record<string, string> }): Promise<WsClient>;
}

/** A WebSocket client connection. */
export interface WsClient {
  client: AppServerClient;
  socket: WebSocket;
  /** Closes the socket and waits until it is closed. */
  close(): Promise<void>;
}

/** Runs `bin/tern app-server --listen ws://HOST:0 [ARGS]` and waits until it listens. */
export async function spawnWsServer(
  sandbox: Sandbox,
  options: ServerOptions & { host?: string; args?: string[] } = {},
): Promise<WsServer> {
  const listen = `ws://${options.host ?? "127.0.0.1"}:0`;
  const process = spawn(sandbox, [
    ...baseArgs(options),
    "app-server",
    "--listen",
    listen,
    ...(options.args ?? []),
  ], null);
  const deadline = Date.now() + 30_000;
  let match: RegExpMatchArray | null = null;
  while (!(match = process.stderr().match(/listening on (ws:\/\/\S+)/))) {
    if (Date.now() > deadline) {
      await process.stop();
      throw new Error(`tern app-server did not listen: ${process.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  process.child.stdin.close().catch(() => {});
  const url = match[1].replace("0.0.0.0", "127.0.0.1");
  return {
    ...process,
    url,
    httpUrl: url.replace(/^ws:/, "http:"),
    connect: (connectOptions = {}) => connectWs(url, connectOptions),
  };
}

/** Opens a WebSocket client to `url`. Rejects when the server refuses the upgrade. */
export function connectWs(url: string, options: { headers?: Record<string, string> } = {}): Promise<WsClient> {
  // Deno's WebSocket accepts extra headers (the bearer token).
  const socket = new WebSocket(url, { headers: options.headers } as unknown as string[]);
  const client = new AppServerClient((text) => socket.send(text));
  const closed = new Promise<void>((resolve) => {
    socket.onclose = () => {
      client.closed();
      resolve();
    };
  });
  socket.onmessage = (event) => client.receive(JSON.parse(event.data));
  return new Promise((resolve, reject) => {
    socket.onopen = () =>
      resolve({
        client,
        socket,
        close: async () => {
          if (socket.readyState !== WebSocket.CLOSED) socket.close();
          await closed;
        },
      });
    socket.onerror = (event) => reject(new Error(`Cannot connect to ${url}: ${(event as ErrorEvent).message}`));
  });
}

/**
 * Writes a plugin that registers request methods for tests, and returns its folder:
 * `probe/echo` (answers `{echoed: params}`), `probe/typeError` (throws a `TypeError`),
 * `probe/crash` (throws an `Error`), `probe/slow` (answers after `params.ms`), and
 * `probe/emit` (emits `params.topic` with `params.params` on the bus).
 */
export async function writeProbePlugin(root: string): Promise<string> {
  const dir = `${root}/probe-plugin`;
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(`${dir}/plugin.jsonc`, JSON.stringify({ name: "probe", entry: "./mod.ts" }));
  await Deno.writeTextFile(
    `${dir}/mod.ts`,
    `export default {
  name: "probe",
  setup(api) {
    api.methods.register("probe/echo", async (params) => ({ echoed: params }));
    api.methods.register("probe/typeError", async () => { throw new TypeError('Invalid "name": expected a string'); });
    api.methods.register("probe/crash", async () => { throw new Error("the probe broke"); });
    api.methods.register("probe/slow", (params) => new Promise((r) => setTimeout(() => r({ slept: params.ms }), params.ms)));
    api.methods.register("probe/emit", async (params) => { api.bus.emit(params.topic, params.params); return {}; });
  },
};
`,
  );
  return dir;
}

/** What `withMockedStdioServer()` hands its test. */
export interface MockedStdioServer {
  mock: MockModelServer;
  sandbox: Sandbox;
  server: StdioServer;
  client: AppServerClient;
}

/**
 * Runs `fn` against a fresh mock model serving `responses`, a sandbox, and a stdio server whose
 * OpenAI base URL is the mock (then `config`); stops and removes all three afterwards.
 */
export async function withMockedStdioServer(
  options: ServerOptions & { responses: MockResponse[] },
  fn: (setup: MockedStdioServer) => Promise<void>,
): Promise<void> {
  const mock = await startMockModelServer({ responses: options.responses });
  const sandbox = await makeSandbox();
  const config = [`openai_base_url=${JSON.stringify(mock.url)}`, ...(options.config ?? [])];
  const server = spawnStdioServer(sandbox, { ...options, config });
  try {
    await fn({ mock, sandbox, server, client: server.client });
  } finally {
    await server.stop();
    await mock.close();
    await sandbox.cleanup();
  }
}
