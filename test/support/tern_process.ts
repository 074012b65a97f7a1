/**
 * @module
 * Runs the real `tern` command as a child process for integration tests: a temporary
 * `TERN_HOME` and workspace, the mock model server's URL as the OpenAI base URL, and helpers to
 * read its JSONL output.
 */
import { fromFileUrl, join } from "@std/path";

/** Absolute path of the repository's `bin/tern` launcher. */
export const TERN_BIN = fromFileUrl(new URL("../../bin/tern", import.meta.url));

/** A scratch workspace and Tern home, removed by `cleanup()`. */
export interface Sandbox {
  root: string;
  workspace: string;
  ternHome: string;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** Makes a temporary workspace (a git repository) and `TERN_HOME`. */
export async function makeSandbox(): Promise<Sandbox> {
  const root = await Deno.makeTempDir({ prefix: "tern-test-" });
  const workspace = join(root, "ws");
  const ternHome = join(root, "home");
  await Deno.mkdir(join(workspace, ".git"), { recursive: true });
  await Deno.mkdir(ternHome, { recursive: true });
  const env: Record<string, string> = {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: root,
    TERN_HOME: ternHome,
    DENO: Deno.execPath(),
    NO_COLOR: "1",
    OPENAI_API_KEY: "test-key",
    TERN_RETRY_BASE_MS: "1",
  };
  // Keep the caller's Deno cache: HOME changes, and a fresh cache would download npm metadata.
  const denoDir = Deno.env.get("DENO_DIR") ?? defaultDenoDir();
  if (denoDir) env.DENO_DIR = denoDir;
  // `TERN_NO_BUNDLE=1 deno task test` runs every spawned tern from the sources instead of the bundle.
  const noBundle = Deno.env.get("TERN_NO_BUNDLE");
  if (noBundle) env.TERN_NO_BUNDLE = noBundle;
  // A child that must reach the npm registry (a cold cache) needs the caller's certificates and proxy.
  for (const name of NETWORK_ENV) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  return { root, workspace, ternHome, env, cleanup: () => Deno.remove(root, { recursive: true }) };
}

/** Runs `fn` in a fresh sandbox (`makeSandbox()`), removed afterwards whatever `fn` does. */
export async function withSandbox(fn: (sandbox: Sandbox) => Promise<void>): Promise<void> {
  const sandbox = await makeSandbox();
  try {
    await fn(sandbox);
  } finally {
    await sandbox.cleanup();
  }
}

/** Variables that say how to reach the network: certificate stores, proxies, the npm registry. */
const NETWORK_ENV = [
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "DENO_CERT",
  "DENO_TLS_CA_STORE",
  "NODE_EXTRA_CA_CERTS",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
  "NPM_CONFIG_REGISTRY",
  "npm_config_registry",
];

function defaultDenoDir(): string | undefined {
  const xdg = Deno.env.get("XDG_CACHE_HOME");
  const home = Deno.env.get("HOME");
  if (xdg) return join(xdg, "deno");
  return home ? join(home, Deno.build.os === "darwin" ? "Library/Caches/deno" : ".cache/deno") : undefined;
}

/** The result of one `tern` run. */
export interface TernRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSONL (lines that are not JSON are kept out). */
  events: Record<string, unknown>[];
}

/** Runs `bin/tern ARGS` in the sandbox's workspace (or `cwd`). */
export async function runTern(
  sandbox: Sandbox,
  args: string[],
  options: { stdin?: string; stdinBytes?: Uint8Array; env?: Record<string, string>; cwd?: string } = {},
): Promise<TernRun> {
  const child = new Deno.Command(TERN_BIN, {
    args,
    cwd: options.cwd ?? sandbox.workspace,
    env: { ...sandbox.env, ...options.env },
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  if (options.stdin !== undefined) await writer.write(new TextEncoder().encode(options.stdin));
  if (options.stdinBytes !== undefined) await writer.write(options.stdinBytes);
  await writer.close();
  const out = await child.output();
  const stdout = new TextDecoder().decode(out.stdout);
  const events = stdout.split("\n").filter((l) => l.startsWith("{")).flatMap((l) => {
    try {
      return [JSON.parse(l)];
    } catch {
      return []; // a line of pretty-printed JSON, not an event
    }
  });
  return { code: out.code, stdout, stderr: new TextDecoder().decode(out.stderr), events };
}

/**
 * Starts `bin/tern ARGS` in the sandbox's workspace and leaves it running, its stdio discarded
 * (for tests that kill it) or, with `stdio: "piped"`, the caller's to drive; `env` is added to the sandbox's.
 */
export function spawnTern(
  sandbox: Sandbox,
  args: string[],
  env: Record<string, string> = {},
  stdio: "null" | "piped" = "null",
): Deno.ChildProcess {
  return new Deno.Command(TERN_BIN, {
    args,
    cwd: sandbox.workspace,
    env: { ...sandbox.env, ...env },
    clearEnv: true,
    stdin: stdio,
    stdout: stdio,
    stderr: stdio,
  }).spawn();
}

/** The `-c` overrides that put `tern` on the scripted model with `script` (see `runScriptedExec()`). */
export function scriptedModel(script: unknown[][]): string[] {
  return ['model_provider="scripted"', `scripted.responses=${JSON.stringify(script)}`].flatMap((o) => ["-c", o]);
}

/**
 * Runs `tern exec PROMPT` on the scripted model: `script` is its `scripted.responses` (one list of
 * steps per model request), `config` more `-c` overrides, `cwd` where to run it (the workspace).
 */
export function runScriptedExec(
  sandbox: Sandbox,
  prompt: string,
  script: unknown[][],
  config: string[] = [],
  options: { cwd?: string } = {},
): Promise<TernRun> {
  return runTern(sandbox, [...scriptedModel(script), ...config.flatMap((o) => ["-c", o]), "exec", prompt], options);
}
