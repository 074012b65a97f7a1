/**
 * @module
 * `ServerBase`: what the server's parts (the queue's dispatch, thread goals, the idle unloader,
 * `closeThread()`, `prepareTurn()`) use of the `AppServer`. An interface rather than the class, so
 * those parts do not import `server.ts`, which builds them.
 */
import type { FrontEnd, Thread, ThreadReadResponse } from "../../kernel/mod.ts";
import type { AppServerConfig } from "./config.ts";
import type { ServerRequestRouter } from "./server_requests.ts";
import type { ThreadRegistry } from "./thread_registry.ts";

/** A thread as the wire shows it. */
export type WireThread = ThreadReadResponse["thread"];

/** The server as its parts see it. */
export interface ServerBase {
  readonly runtime: FrontEnd;
  readonly config: AppServerConfig;
  /** Subscribers and per-thread state of the loaded threads. */
  readonly registry: ThreadRegistry;
  /** Server requests waiting for a client's answer. */
  readonly requests: ServerRequestRouter;
  /** A loaded thread, or `-32600` `thread not found: <id>`. */
  loadedThread(threadId: string): Thread;
  /** The thread as the wire shows it, its status carrying the flags of waiting requests. */
  wireThread(thread: Thread, options?: { includeTurns?: boolean }): WireThread;
  /** Drops what the server remembers about a closed thread. */
  forgetThread(threadId: string): void;
}
