/**
 * @module
 * `AppServer`: the routing core, independent of the transport. Each incoming text is classified
 * (`framing.ts`); a client's answer goes to the server-request router; a request is checked
 * (initialized, ingress bound, known method, experimental gate, params) at arrival, in order,
 * then handled, one at a time per thread it names (`KeyedQueue`), and answered on the connection
 * that asked. A handler's `afterResponse` callbacks run right after its response is queued, so a
 * client sees `{turn}` before `turn/started`. Methods are those of `method_table.ts`, then any
 * method a plugin registered (`runtime.methods`). Bus notifications fan out per `fanout.ts`;
 * plugins that failed to load are told to each connection after `initialize` (`plugin_warnings.ts`).
 */
import { type FrontEnd, jsonDepth, type Thread, WIRE_LIMITS } from "../../kernel/mod.ts";
import { Connection, type Transport } from "./connection.ts";
import { experimentalRefusal } from "./experimental.ts";
import { Fanout } from "./fanout.ts";
import { parseMessage, type RequestId } from "./framing.ts";
import { KeyedQueue } from "./keyed_queue.ts";
import type { AnyMethodEntry, MethodContext, ServerView } from "./method_context.ts";
import { methodEntry } from "./method_table.ts";
import { pluginWarnings, unknownKeyWarnings } from "./plugin_warnings.ts";
import type { AppServerConfig } from "./config.ts";
import { QueueDispatcher } from "./queue_dispatcher.ts";
import { invalidParams, invalidRequest, RpcCodes, RpcError, threadNotFound, toRpcError } from "./rpc_error.ts";
import { type ActiveFlag, ServerRequestRouter } from "./server_requests.ts";
import { ThreadRegistry } from "./thread_registry.ts";
import { GoalKeeper } from "./thread_goals.ts";
import { IdleUnloader } from "./thread_unload.ts";
import type { WireThread } from "./server_view.ts";

/** The one app-server of a process. */
export class AppServer implements ServerView {
  readonly runtime: FrontEnd;
  readonly config: AppServerConfig;
  readonly registry = new ThreadRegistry();
  readonly requests: ServerRequestRouter;
  /** Queued turns (`thread/queue/*`): their store and their dispatch. */
  readonly queue: QueueDispatcher = new QueueDispatcher(this);
  /** Thread goals (`thread/goal/*`) and the turns they continue. */
  readonly goals: GoalKeeper = new GoalKeeper(this);
  /** Unloads threads left without subscribers (`thread/unsubscribe`). */
  readonly unloader: IdleUnloader;
  readonly #connections = new Set<Connection>();
  readonly #fanout: Fanout;
  readonly #queue = new KeyedQueue();
  /** Flags last announced per thread, so a status change is emitted only when they change. */
  readonly #announcedFlags = new Map<string, string>();
  #detach: (() => void)[] = [];

  constructor(runtime: FrontEnd, config: AppServerConfig) {
    this.runtime = runtime;
    this.config = config;
    this.unloader = new IdleUnloader(this, config.threadUnloadDelayMs);
    const subscribers = (threadId: string) => this.registry.subscribers(threadId);
    this.requests = new ServerRequestRouter({
      subscribers,
      onFlagsChanged: (threadId) => this.#announceFlags(threadId),
      log: (message) => runtime.debug(`[app-server] ${message}`),
    });
    this.#fanout = new Fanout({
      connections: () => this.#connections,
      subscribers,
      flags: (threadId) => this.requests.flags(threadId),
    });
  }

  /** Starts listening to the bus: notifications out, server requests out. */
  start(): void {
    this.#detach.push(
      this.runtime.bus.onAny((n) => this.#fanout.deliver(n), { owner: "app-server" }),
      this.runtime.bus.attachResponder(this.requests.responder),
      this.queue.attach(),
      this.goals.attach(),
      this.unloader.attach(),
    );
  }

  /** Stops listening to the bus and closes every connection. */
  stop(reason: string): void {
    for (const detach of this.#detach.splice(0)) detach();
    for (const connection of [...this.#connections]) connection.close(reason);
    this.requests.cancelAll(reason);
  }

  /** Every open connection. */
  get connections(): ReadonlySet<Connection> {
    return this.#connections;
  }

  /**
   * Opens a connection over `transport`. `dropWhenStalled: false` keeps a client that lags and
   * reads nothing for `maxWriteStallMs` (stdio: dropping it would end the server); the byte and
   * message bounds still hold.
   */
  connect(transport: Transport, label: string, options: { dropWhenStalled?: boolean } = {}): Connection {
    const connection = new Connection({
      label,
      transport,
      maxQueued: this.config.maxQueuedMessages,
      maxQueuedBytes: this.config.maxQueuedBytes,
      maxWriteStallMs: options.dropWhenStalled === false ? Infinity : this.config.maxWriteStallMs,
      warn: (message) => this.runtime.warn(`[app-server] ${message}`),
    });
    this.#connections.add(connection);
    connection.onClose(() => this.#disconnected(connection));
    return connection;
  }

  /** Handles one incoming message (a line or a frame). Never throws. */
  receive(connection: Connection, text: string): void {
    if (connection.closed) return;
    const message = parseMessage(text);
    switch (message.kind) {
      case "invalid":
        return connection.fail(message.id, message.error);
      case "response":
        return this.requests.answer(connection, message.id, { result: message.result });
      case "error":
        return this.requests.answer(connection, message.id, { error: message.error });
      case "notification":
        if (message.method === "initialized") connection.clientReady = true;
        return;
      case "request":
        return this.#request(connection, message.id, message.method, message.params);
    }
  }

  /** A loaded thread, or `-32600` `thread not found: <id>`. */
  loadedThread(threadId: string): Thread {
    const thread = this.runtime.threads.get(threadId);
    if (!thread) throw threadNotFound(threadId, "it is not loaded: start or resume it first");
    return thread;
  }

  /** The thread as the wire shows it, its status carrying the flags of waiting requests. */
  wireThread(thread: Thread, options: { includeTurns?: boolean } = {}): WireThread {
    const wire = thread.toWire(options);
    if (wire.status.type === "active") {
      const flags = [...new Set([...wire.status.activeFlags, ...this.requests.flags(thread.id)])].sort();
      wire.status = { type: "active", activeFlags: flags };
    }
    return wire;
  }

  /** Drops what the server remembers about a closed thread. */
  forgetThread(threadId: string): void {
    this.#announcedFlags.delete(threadId);
    this.unloader.cancel(threadId);
    this.goals.forget(threadId);
  }

  #request(connection: Connection, id: RequestId, method: string, params: unknown): void {
    const entry = methodEntry(method);
    if (method === "initialize" && entry) return this.#initialize(connection, id, entry, params);
    if (!connection.initialized) return connection.fail(id, invalidRequest("Not initialized"));
    if (connection.inFlight >= this.config.maxPendingRequests) {
      return connection.fail(id, new RpcError(RpcCodes.OVERLOADED, "Server overloaded; retry later."));
    }
    let run: (ctx: MethodContext) => Promise<unknown>;
    if (entry) {
      const refusal = connection.experimentalApi ? null : experimentalRefusal(method, entry, params);
      if (refusal) return connection.fail(id, invalidRequest(refusal));
      const parsed = entry.params.safeParse(params ?? {});
      if (!parsed.success) return connection.fail(id, invalidParams(method, parsed.error));
      run = (ctx) => Promise.resolve(entry.handler(parsed.data, ctx));
    } else {
      const registered = this.runtime.methods.get(method);
      if (!registered) {
        return connection.fail(id, new RpcError(RpcCodes.METHOD_NOT_FOUND, `Unknown method "${method}"`));
      }
      // A plugin checks its own params, but nothing nested past the wire's JSON depth reaches it
      // (a plugin in a worker cannot even receive params nested a few million levels deep).
      if (jsonDepth(params, WIRE_LIMITS.jsonDepth) > WIRE_LIMITS.jsonDepth) {
        const message = `Invalid params for "${method}": nested deeper than ${WIRE_LIMITS.jsonDepth} levels`;
        return connection.fail(id, new RpcError(RpcCodes.INVALID_PARAMS, message));
      }
      run = async () => {
        try {
          return await registered.handler(params ?? {});
        } catch (error) {
          throw toRpcError(error, { typeErrorIsParams: true });
        }
      };
    }
    connection.inFlight++;
    const threadId = (params as { threadId?: unknown } | null)?.threadId;
    const key = typeof threadId === "string" ? `thread:${threadId}` : null;
    void this.#queue.run(key, async () => {
      const after: (() => void)[] = [];
      const ctx: MethodContext = {
        server: this,
        connection,
        runtime: this.runtime,
        afterResponse: (fn) => after.push(fn),
      };
      try {
        const result = await run(ctx);
        connection.respond(id, result ?? {});
      } catch (error) {
        const rpc = toRpcError(error);
        if (rpc.code === RpcCodes.INTERNAL_ERROR) this.runtime.warn(`[app-server] "${method}" failed: ${rpc.message}`);
        connection.fail(id, rpc);
        return;
      } finally {
        connection.inFlight--;
      }
      for (const fn of after) {
        try {
          fn();
        } catch (error) {
          this.runtime.warn(`[app-server] after "${method}": ${(error as Error).message ?? error}`);
        }
      }
    });
  }

  /**
   * `initialize` runs at once (not queued), so a request right behind it sees the connection
   * initialized. Its response is followed by a `configWarning` for each plugin that failed to load
   * and each config key nothing reads.
   */
  #initialize(connection: Connection, id: RequestId, entry: AnyMethodEntry, params: unknown): void {
    if (connection.initialized) return connection.fail(id, invalidRequest("Already initialized"));
    const parsed = entry.params.safeParse(params ?? {});
    if (!parsed.success) return connection.fail(id, invalidParams("initialize", parsed.error));
    const ctx: MethodContext = { server: this, connection, runtime: this.runtime, afterResponse: () => {} };
    try {
      connection.respond(id, entry.handler(parsed.data, ctx));
    } catch (error) {
      return connection.fail(id, toRpcError(error));
    }
    const warnings = [
      ...pluginWarnings(this.runtime.plugins),
      ...unknownKeyWarnings(this.runtime.loaded.unknownKeys ?? []),
    ];
    for (const warning of warnings) connection.notify("configWarning", warning);
  }

  #disconnected(connection: Connection): void {
    this.#connections.delete(connection);
    for (const threadId of this.registry.threadsOf(connection)) {
      this.registry.unsubscribe(threadId, connection);
      if (this.registry.subscribers(threadId).size === 0) this.unloader.schedule(threadId);
    }
    this.requests.connectionClosed(connection);
  }

  /** Emits `thread/status/changed` when the flags of an active thread change. */
  #announceFlags(threadId: string): void {
    const thread = this.runtime.threads.get(threadId);
    const flags: ActiveFlag[] = this.requests.flags(threadId);
    const key = flags.join(",");
    if ((this.#announcedFlags.get(threadId) ?? "") === key) return;
    this.#announcedFlags.set(threadId, key);
    if (thread?.status.type !== "active") return;
    this.runtime.bus.emit("thread/status/changed", { threadId, status: { type: "active", activeFlags: flags } });
  }
}
