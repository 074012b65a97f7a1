/**
 * @module
 * The `app-server` plugin: contributes `tern app-server`, Codex's JSON-RPC v2 app-server over
 * stdio (newline-delimited JSON, the default) or WebSocket (`--listen ws://127.0.0.1:PORT`).
 * This module stays cheap to import: the server is loaded only when the command runs (see
 * `command.ts`, then `server.ts` for routing and `method_table.ts` for the methods). It also
 * provides the service `app-server`: an in-process connection for front ends in the same process
 * (the terminal UI), loaded on first use (`in_process.ts`).
 */
import { definePlugin, importOnUse } from "../../kernel/mod.ts";
import { APP_SERVER_SERVICE, type AppServerService } from "../../lib/app_client/mod.ts";
import { AppServerConfig } from "./config.ts";

export { AppServerConfig } from "./config.ts";

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
