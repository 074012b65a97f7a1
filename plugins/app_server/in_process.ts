/**
 * @module
 * The in-process connection the `app-server` plugin provides as its `app-server` service (see
 * `lib/app_client/mod.ts`): a front end in the same process (the terminal UI) talks to the same
 * `AppServer`, method table and notifications as a stdio or WebSocket client, with messages
 * passed as text in memory. One `AppServer` per runtime, started on the first connection and
 * stopped when the runtime closes.
 */
import type { AppServerLink, AppServerService } from "../../lib/app_client/mod.ts";
import type { FrontEnd } from "../../kernel/mod.ts";
import type { AppServerConfig } from "./config.ts";
import { AppServer } from "./server.ts";

/** Makes the service; `onClose` registers the server's shutdown with the plugin's. */
export function inProcessService(config: AppServerConfig, onClose: (fn: () => void) => void): AppServerService {
  let server: AppServer | null = null;
  return {
    connect(runtime: FrontEnd, label: string) {
      if (server && server.runtime !== runtime) throw new Error("The in-process app-server serves one runtime");
      if (!server) {
        server = new AppServer(runtime, config);
        server.start();
        const started = server;
        onClose(() => started.stop("Tern is shutting down"));
      }
      return Promise.resolve(link(server, label));
    },
  };
}

function link(server: AppServer, label: string): AppServerLink {
  let receiver: (text: string) => void = () => {};
  const closeListeners: ((reason: string) => void)[] = [];
  const connection = server.connect({
    write: (batch) => {
      for (const text of batch) receiver(text);
      return Promise.resolve();
    },
    close: (reason) => {
      for (const listener of closeListeners.splice(0)) listener(reason);
    },
  }, label);
  return {
    // Delivered on a later task, as a pipe would: a handler never runs inside the caller's send().
    send: (text) => queueMicrotask(() => server.receive(connection, text)),
    onMessage: (r) => {
      receiver = r;
    },
    onClose: (listener) => closeListeners.push(listener),
    close: () => connection.close("closed by the client"),
  };
}
