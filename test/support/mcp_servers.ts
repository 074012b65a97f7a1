/**
 * @module
 * Real MCP servers for integration tests: the reference `@modelcontextprotocol/server-everything`
 * from npm (through npx and its cache) over stdio, or started here in streamable-HTTP mode on a
 * free port, and a recording proxy that shows which headers reach an HTTP server.
 */
import { join } from "@std/path";

/**
 * npx's cache. Tern gives stdio servers a minimal environment and the sandbox changes HOME, so
 * servers get this explicitly to reuse the packages already downloaded.
 */
export const NPM_CACHE = Deno.env.get("npm_config_cache") ?? join(Deno.env.get("HOME") ?? "/root", ".npm");

/** The everything server over stdio, as a `mcpServers` entry. */
export const EVERYTHING_STDIO = {
  command: "npx",
  args: ["-y", "@modelcontextprotocol/server-everything", "stdio"],
  env: { npm_config_cache: NPM_CACHE },
  startupTimeoutSec: 60,
};

/**
 * Makes sure npx has `pkg` installed in `NPM_CACHE`, so that a server started from it next starts
 * within its startup timeout even on a cold cache (a fresh CI machine downloads it first). Runs it
 * with `args` and stdin closed: a stdio server exits at once, having been installed.
 */
export async function preinstallNpx(pkg: string, args: string[] = []): Promise<void> {
  await new Deno.Command("npx", {
    args: ["-y", pkg, ...args],
    env: { npm_config_cache: NPM_CACHE },
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).output();
}

/** A server listening over HTTP; `stop()` ends it. */
export interface HttpServer {
  /** The MCP endpoint (`http://127.0.0.1:PORT/mcp`). */
  url: string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (free when this returns; the caller binds it soon after). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/**
 * Starts the everything server in streamable-HTTP mode (`server-everything streamableHttp`, which
 * listens on `$PORT` at `/mcp`) and resolves once it listens. npx runs it as a child of its own,
 * so it gets a process group of its own, and `stop()` ends the whole group.
 */
export async function startEverythingHttp(): Promise<HttpServer> {
  const port = freePort();
  const child = new Deno.Command("npx", {
    args: ["-y", "@modelcontextprotocol/server-everything", "streamableHttp"],
    env: { PORT: String(port), npm_config_cache: NPM_CACHE },
    detached: true,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let stderr = "";
  const drained = child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({ write: (chunk) => void (stderr += chunk) }),
  ).catch(() => {});
  const stop = async () => {
    try {
      Deno.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
    await child.status;
    await drained;
  };
  const deadline = Date.now() + 60_000;
  while (!stderr.includes(`listening on port ${port}`)) {
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server-everything did not listen on port ${port} within 60 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `http://127.0.0.1:${port}/mcp`, stop };
}

/** A proxy in front of an HTTP server that records each request's method and headers. */
export interface RecordingProxy extends HttpServer {
  requests: { method: string; headers: Headers }[];
}

/** Forwards every request to `upstream` (same path), streaming responses back. */
export function startRecordingProxy(upstream: string): RecordingProxy {
  const target = new URL(upstream);
  const requests: RecordingProxy["requests"] = [];
  const upstreams = new AbortController();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
    requests.push({ method: request.method, headers: new Headers(request.headers) });
    const url = new URL(request.url);
    url.host = target.host;
    const response = await fetch(url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: upstreams.signal,
    });
    return new Response(response.body, { status: response.status, headers: response.headers });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}${target.pathname}`,
    requests,
    stop: async () => {
      upstreams.abort();
      await server.shutdown();
    },
  };
}
