/**
 * @module
 * `tern app-server`: parses the arguments, reads the WebSocket token, starts the `AppServer`
 * on the bus, and serves stdio or WebSocket until stdin closes or SIGINT/SIGTERM arrives; then it
 * closes every connection and returns, and `main.ts` closes the runtime (running turns are
 * interrupted, rollouts flushed).
 */
import type { FrontEnd } from "../../kernel/mod.ts";
import { importOnUse } from "../../kernel/mod.ts";
import { APP_SERVER_HELP, type AppServerArgs, parseAppServerArgs } from "./args.ts";
import type { AppServerConfig } from "./config.ts";
import { AppServer } from "./server.ts";
// Statically: this module loads only when `tern app-server` runs, and stdio is its default
// transport (kernel/startup/README.md). WebSocket (Hono) stays deferred: it is rarely used.
import { serveStdio } from "./stdio_transport.ts";

/** Runs the command; resolves to the exit code. */
export async function runAppServer(argv: string[], runtime: FrontEnd, config: AppServerConfig): Promise<number> {
  let args: AppServerArgs;
  let token: string | undefined;
  try {
    args = parseAppServerArgs(argv);
    if (args.wsTokenFile) token = await readToken(args.wsTokenFile);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (args.help) {
    console.log(APP_SERVER_HELP);
    return 0;
  }
  const server = new AppServer(runtime, config);
  server.start();
  const stop = new AbortController();
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  const onSignal = () => stop.abort();
  for (const signal of signals) Deno.addSignalListener(signal, onSignal);
  try {
    if (args.listen.kind === "stdio") {
      return await serveStdio(server, { signal: stop.signal });
    }
    const { serveWebSocket } = await importOnUse<typeof import("./ws_transport.ts")>(
      "./ws_transport.ts",
      import.meta.url,
    );
    return await serveWebSocket(server, { listen: args.listen, token, signal: stop.signal });
  } catch (error) {
    console.error(`Error: ${(error as Error).message}`);
    return 1;
  } finally {
    for (const signal of signals) Deno.removeSignalListener(signal, onSignal);
    server.stop("server shutting down");
  }
}

async function readToken(path: string): Promise<string> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new Error(`Cannot read --ws-token-file "${path}": ${(error as Error).message}`);
  }
  const token = text.trim();
  if (!token) throw new Error(`Cannot use --ws-token-file "${path}": the file is empty`);
  return token;
}
