/**
 * @module
 * Server requests (approvals, user input, dynamic tool calls) between the bus and the clients.
 * The responder sends each request to the subscribers of its thread under the bus's request id;
 * the first valid answer wins, and a client's error reply rejects the bus's promise, which the
 * bus reports as `failed` with the client's message (never "channel closed"). A request is sent
 * one macrotask after the bus asks: the fan-out subscriber drains within microtasks, so every
 * notification emitted before the request (its `item/started`) reaches the client first.
 * `thread/resume` replays a thread's pending requests with their original ids. When a connection
 * drops, its requests stay with the thread's other subscribers, and fail when none remain.
 */
import {
  type PendingServerRequest,
  type Responder,
  ServerRequests,
  startTimer,
  type ThreadStatus,
} from "../../kernel/mod.ts";
import type { Connection } from "./connection.ts";
import { stripRequestFields } from "./experimental.ts";
import type { WireError } from "./rpc_error.ts";

/** A thread's flags while requests wait (`active.activeFlags`). */
export type ActiveFlag = Extract<ThreadStatus, { type: "active" }>["activeFlags"][number];

const FLAG_OF: Record<string, ActiveFlag> = {
  "item/commandExecution/requestApproval": "waitingOnApproval",
  "item/fileChange/requestApproval": "waitingOnApproval",
  "item/permissions/requestApproval": "waitingOnApproval",
  "item/tool/requestUserInput": "waitingOnUserInput",
  "mcpServer/elicitation/request": "waitingOnUserInput",
};

/** The flag a request raises: an MCP tool-call approval (an elicitation) is an approval, as in Codex 0.169. */
function flagOf(request: PendingServerRequest): ActiveFlag | undefined {
  const meta = (request.params as { _meta?: { codex_approval_kind?: unknown } | null })._meta;
  if (request.method === "mcpServer/elicitation/request" && meta?.codex_approval_kind === "mcp_tool_call") {
    return "waitingOnApproval";
  }
  return FLAG_OF[request.method];
}

interface Pending {
  request: PendingServerRequest;
  threadId: string;
  /** Connections that were sent the request (and may answer it). */
  recipients: Set<Connection>;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** What the router needs from the server. */
export interface ServerRequestDeps {
  /** The thread's subscribed connections. */
  subscribers(threadId: string): Iterable<Connection>;
  /** The set of pending request kinds of a thread changed. */
  onFlagsChanged(threadId: string): void;
  /** A diagnostic line. */
  log(message: string): void;
}

/** Routes server requests to clients and their answers back. */
export class ServerRequestRouter {
  #pending = new Map<number, Pending>();
  readonly #deps: ServerRequestDeps;

  constructor(deps: ServerRequestDeps) {
    this.#deps = deps;
  }

  /** The bus responder: answers requests of threads that have subscribers. */
  readonly responder: Responder = (request, signal) => {
    const threadId = request.threadId;
    if (threadId === null || isEmpty(this.#deps.subscribers(threadId))) return null;
    const { promise, resolve, reject } = Promise.withResolvers<unknown>();
    const entry: Pending = { request, threadId, recipients: new Set(), resolve, reject };
    this.#pending.set(request.id, entry);
    signal.addEventListener("abort", () => this.#settled(entry), { once: true });
    this.#deps.onFlagsChanged(threadId);
    startTimer(0, () => {
      if (this.#pending.get(request.id) !== entry) return;
      for (const connection of this.#deps.subscribers(threadId)) this.#sendTo(entry, connection);
      if (entry.recipients.size === 0) this.#fail(entry, "no connection subscribed to the thread can answer it");
    });
    return promise;
  };

  /** Handles a client's answer (`result` or `error`) to request `id`. */
  answer(connection: Connection, id: string | number, answer: { result: unknown } | { error: WireError }): void {
    const entry = typeof id === "number" ? this.#pending.get(id) : undefined;
    if (!entry || !entry.recipients.has(connection)) {
      this.#deps.log(
        `Ignoring an answer from ${connection.label} to server request ${JSON.stringify(id)}: not pending`,
      );
      return;
    }
    const method = entry.request.method;
    this.#pending.delete(entry.request.id);
    if ("error" in answer) {
      const { code, message } = answer.error;
      entry.reject(new Error(`the client answered "${method}" with error ${code}: ${message}`));
      return;
    }
    const parsed = ServerRequests[method].response.safeParse(answer.result);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const at = issue.path.length ? ` at "${issue.path.join(".")}"` : "";
      entry.reject(new Error(`the client answered "${method}" with an invalid result${at}: ${issue.message}`));
      return;
    }
    entry.resolve(parsed.data);
  }

  /** Sends the thread's pending requests to `connection` again, with their original ids. */
  replay(threadId: string, connection: Connection): void {
    for (const entry of this.#pending.values()) {
      if (entry.threadId === threadId) this.#sendTo(entry, connection);
    }
  }

  /** The connection is gone: its requests stay with other recipients, or fail when none remain. */
  connectionClosed(connection: Connection): void {
    for (const entry of [...this.#pending.values()]) {
      if (!entry.recipients.delete(connection) || entry.recipients.size > 0) continue;
      this.#fail(entry, "every connection that could answer it has disconnected");
    }
  }

  /** Fails every pending request of the thread (it is being closed). */
  cancelThread(threadId: string, reason: string): void {
    for (const entry of [...this.#pending.values()]) {
      if (entry.threadId === threadId) this.#fail(entry, reason);
    }
  }

  /** Fails every pending request (the server is stopping). */
  cancelAll(reason: string): void {
    for (const entry of [...this.#pending.values()]) this.#fail(entry, reason);
  }

  /** The flags a thread's pending requests put on its `active` status. */
  flags(threadId: string): ActiveFlag[] {
    const flags = new Set<ActiveFlag>();
    for (const entry of this.#pending.values()) {
      const flag = entry.threadId === threadId ? flagOf(entry.request) : undefined;
      if (flag) flags.add(flag);
    }
    return [...flags].sort();
  }

  /** Requests waiting for an answer. */
  get size(): number {
    return this.#pending.size;
  }

  #sendTo(entry: Pending, connection: Connection): void {
    if (connection.closed) return;
    const { id, method, params } = entry.request;
    entry.recipients.add(connection);
    connection.send({ id, method, params: connection.experimentalApi ? params : stripRequestFields(method, params) });
  }

  #fail(entry: Pending, reason: string): void {
    if (this.#pending.get(entry.request.id) !== entry) return;
    this.#pending.delete(entry.request.id);
    entry.reject(new Error(`Server request "${entry.request.method}" was cancelled: ${reason}`));
  }

  /**
   * The bus settled the request (answered, cancelled with the turn, or failed). The flag is cleared
   * a macrotask later, as in Codex: after `serverRequest/resolved` and, for a declined command,
   * after its `item/completed`.
   */
  #settled(entry: Pending): void {
    if (this.#pending.get(entry.request.id) === entry) this.#pending.delete(entry.request.id);
    startTimer(0, () => this.#deps.onFlagsChanged(entry.threadId));
  }
}

function isEmpty(items: Iterable<unknown>): boolean {
  for (const _ of items) return false;
  return true;
}
