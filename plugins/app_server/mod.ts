/**
 * @module
 * The `app-server` plugin: contributes `tern app-server`, Codex's JSON-RPC v2 app-server over
 * stdio (newline-delimited JSON, the default) or WebSocket (`--listen ws://127.0.0.1:PORT`).
 * This module stays cheap to import: the server is loaded only when the command runs (see
 * `command.ts`, then `server.ts` for routing and `method_table.ts` for the methods). It also
 * provides the service `app-server`: an in-process connection for front ends in the same process
 * (the terminal UI), loaded on first use (`in_process.ts`).
 */
import { z } from "zod";
import { definePlugin, importOnUse } from "../../kernel/mod.ts";
import { APP_SERVER_SERVICE, type AppServerService } from "../../lib/app_client/mod.ts";

/** Bytes that may wait for one client by default: 64 MiB. */
const DEFAULT_MAX_QUEUED_BYTES = 64 * 1024 * 1024;

/** The plugin's config section, `app-server` (limits per connection). */
export const AppServerConfig = z.object({
  /** Requests one connection may have in flight; more are answered `-32001` (overloaded). */
  maxPendingRequests: z.number().int().positive().default(256),
  /** Messages that may wait for a slow client; past this the connection is closed. */
  maxQueuedMessages: z.number().int().positive().default(100_000),
  /**
   * Bytes (UTF-8) of messages that may wait for a slow client; past this the connection is
   * closed. Past an eighth of it, the client lags: it misses command output deltas.
   */
  maxQueuedBytes: z.number().int().positive().default(DEFAULT_MAX_QUEUED_BYTES),
  /** How long a lagging client may read nothing before it is disconnected, in milliseconds. */
  maxWriteStallMs: z.number().int().positive().default(30_000),
  /** The largest message accepted, in bytes; a larger one is answered `-32600`. */
  maxMessageBytes: z.number().int().positive().default(16 * 1024 * 1024),
  /**
   * How long a loaded thread without subscribers and without activity stays loaded, in
   * milliseconds (Codex's `thread_unload_delay_secs`: 30 minutes).
   */
  threadUnloadDelayMs: z.number().int().min(0).default(30 * 60 * 1000),
}).default({
  maxPendingRequests: 256,
  maxQueuedMessages: 100_000,
  maxQueuedBytes: DEFAULT_MAX_QUEUED_BYTES,
  maxWriteStallMs: 30_000,
  maxMessageBytes: 16 * 1024 * 1024,
  threadUnloadDelayMs: 30 * 60 * 1000,
});
export type AppServerConfig = z.infer<typeof AppServerConfig>;

export default definePlugin({
  name: "app-server",
  config: AppServerConfig,
  setup(api, config) {
    api.commands.register({
      name: "app-server",
      summary: "Serve the JSON-RPC app-server protocol (v2) on stdio or --listen ws://HOST:PORT",
      run: async (args, runtime) =>
        (await importOnUse<typeof import("./command.ts")>("./command.ts", import.meta.url)).runAppServer(
          args,
          runtime,
          config,
        ),
    });
    let service: Promise<AppServerService> | null = null;
    let stopServer: (() => void) | null = null;
    api.onClose(() => stopServer?.());
    const inProcess: AppServerService = {
      connect: async (runtime, label) => {
        service ??= importOnUse<typeof import("./in_process.ts")>("./in_process.ts", import.meta.url)
          .then(({ inProcessService }) => inProcessService(config, (stop) => stopServer = stop));
        return (await service).connect(runtime, label);
      },
    };
    api.services.provide(APP_SERVER_SERVICE, inProcess);
  },
});
