/**
 * @module
 * What a method handler gets besides its params (`MethodContext`): the server as handlers see it
 * (`ServerView`), the connection that asked, the front end, and `afterResponse`. Handlers import
 * this module, never `server.ts` or `method_table.ts`, so the table and its handlers form no cycle.
 */
import type { ClientRequestMap, ClientRequestMethod, ClientRequestSpec, FrontEnd } from "../../kernel/mod.ts";
import type { Connection } from "./connection.ts";
import type { QueueDispatcher } from "./queue_dispatcher.ts";
import type { ServerBase } from "./server_view.ts";
import type { GoalKeeper } from "./thread_goals.ts";
import type { IdleUnloader } from "./thread_unload.ts";

/** The server as a handler sees it: its parts and the turns it queues, continues and unloads. */
export interface ServerView extends ServerBase {
  /** Queued turns (`thread/queue/*`): their store and their dispatch. */
  readonly queue: QueueDispatcher;
  /** Thread goals (`thread/goal/*`) and the turns they continue. */
  readonly goals: GoalKeeper;
  /** Unloads threads left without subscribers (`thread/unsubscribe`). */
  readonly unloader: IdleUnloader;
}

/** What a handler gets besides its params. */
export interface MethodContext {
  server: ServerView;
  /** The connection that asked. */
  connection: Connection;
  runtime: FrontEnd;
  /** Runs `fn` right after the response is queued (start the turn, send `thread/started`, ...). */
  afterResponse(fn: () => void): void;
}

/** Answers one method. `initialize` must answer synchronously. */
export type Handler<M extends ClientRequestMethod> = (
  params: ClientRequestMap[M]["params"],
  ctx: MethodContext,
) => ClientRequestMap[M]["response"] | Promise<ClientRequestMap[M]["response"]>;

/** A row of the method table: the wire spec and the handler. */
export interface MethodEntry<M extends ClientRequestMethod> extends ClientRequestSpec {
  handler: Handler<M>;
}

/** A row with its method erased, as the server dispatches it (params already validated). */
export interface AnyMethodEntry extends ClientRequestSpec {
  handler(params: unknown, ctx: MethodContext): unknown;
}
