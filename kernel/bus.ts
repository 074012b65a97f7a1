/**
 * @module
 * The event bus: typed publish/subscribe over the v2 notification table, plus server requests.
 *
 * Delivery: every subscriber has its own FIFO queue, drained asynchronously, one event at a time
 * (an async handler is awaited before the next event), so each subscriber sees events in emit
 * order and a slow subscriber never blocks `emit()`. Overflow: a queue past `maxQueue` events
 * drops new events for that subscriber until it has drained to half, and the drop is reported
 * once through `onError` with the count. A handler that throws is reported with its owner's name
 * and never reaches the emitter.
 *
 * Server requests: `request()` always resolves, with an answer from an attached responder, a
 * policy decision when nobody can answer, or `cancelled` when its signal aborts.
 */
import type { Notification, NotificationMap, Topic } from "./protocol/notifications.ts";
import type { ServerRequestMap, ServerRequestMethod } from "./protocol/server_requests.ts";

/** A subscriber to one topic. */
export type Listener<T extends Topic> = (params: NotificationMap[T]) => void | Promise<void>;
/** A subscriber to every topic. */
export type AnyListener = (notification: Notification) => void | Promise<void>;

/** Options for `on()` / `onAny()`. */
export interface SubscribeOptions {
  /** Who subscribes, for error reports (a plugin name). */
  owner?: string;
}

/** A server request as a responder sees it. */
export interface PendingServerRequest<M extends ServerRequestMethod = ServerRequestMethod> {
  id: number;
  method: M;
  params: ServerRequestMap[M]["params"];
  threadId: string | null;
}

/** How a server request ended. */
export type RequestOutcome<M extends ServerRequestMethod> =
  | { status: "answered"; response: ServerRequestMap[M]["response"] }
  | { status: "declined"; reason: string }
  | { status: "cancelled"; reason: string }
  | { status: "failed"; message: string };

/** Anything that sends server requests for a call (a tool context does): what `askUser()` and `requestApproval()` need. */
export interface RequestSender {
  request<M extends ServerRequestMethod>(method: M, params: ServerRequestMap[M]["params"]): Promise<RequestOutcome<M>>;
}

/**
 * Answers server requests (a front end). Returns a promise of the response, or `null` when it
 * cannot answer this request (the next responder, then the policy, gets it). A rejected promise
 * becomes a `failed` outcome.
 */
export type Responder = (
  request: PendingServerRequest,
  signal: AbortSignal,
) => Promise<unknown> | null;

/** Decides a request nobody can answer. */
export type RequestPolicy = (request: PendingServerRequest) => RequestOutcome<ServerRequestMethod>;

/** Options for `new EventBus()`. */
export interface EventBusOptions {
  /** Events a subscriber may have queued before new ones are dropped for it. @default 100000 */
  maxQueue?: number;
  /** Where subscriber failures and overflows are reported. @default console.error */
  onError?: (error: unknown, owner: string) => void;
}

interface Subscriber {
  deliver: (n: Notification) => void | Promise<void>;
  owner: string;
  queue: Notification[];
  draining: boolean;
  dropped: number;
  active: boolean;
}

const defaultPolicy: RequestPolicy = (request) => ({
  status: "declined",
  reason: `no client is attached to answer "${request.method}"`,
});

/** The typed event bus. */
export class EventBus {
  #subscribers: Subscriber[] = [];
  #responders: Responder[] = [];
  #policy: RequestPolicy = defaultPolicy;
  #pending = new Map<number, PendingServerRequest>();
  #nextRequestId = 0;
  #idleWaiters: (() => void)[] = [];
  readonly #maxQueue: number;
  readonly #onError: (error: unknown, owner: string) => void;

  constructor(options: EventBusOptions = {}) {
    this.#maxQueue = options.maxQueue ?? 100_000;
    this.#onError = options.onError ??
      ((error, owner) => console.error(`Bus subscriber "${owner}" failed:`, error));
  }

  /** Subscribes to one topic; returns the unsubscribe function. */
  on<T extends Topic>(topic: T, listener: Listener<T>, options: SubscribeOptions = {}): () => void {
    return this.#add((n) => n.method === topic ? listener(n.params as NotificationMap[T]) : undefined, options);
  }

  /** Subscribes to every topic; returns the unsubscribe function. */
  onAny(listener: AnyListener, options: SubscribeOptions = {}): () => void {
    return this.#add(listener, options);
  }

  /** Publishes a notification to every subscriber. Never throws, never waits. */
  emit<T extends Topic>(topic: T, params: NotificationMap[T]): void {
    const notification = { method: topic, params } as Notification;
    for (const sub of this.#subscribers) {
      if (sub.dropped > 0 && sub.queue.length > this.#maxQueue / 2) {
        sub.dropped++;
        continue;
      }
      if (sub.queue.length >= this.#maxQueue) {
        sub.dropped++;
        continue;
      }
      if (sub.dropped > 0) {
        this.#onError(new Error(`Subscriber queue overflowed: ${sub.dropped} events dropped`), sub.owner);
        sub.dropped = 0;
      }
      sub.queue.push(notification);
      if (!sub.draining) this.#drain(sub);
    }
  }

  /** Resolves once every subscriber has handled every event emitted so far. */
  idle(): Promise<void> {
    if (this.#subscribers.every((s) => !s.draining)) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Attaches a responder for server requests; returns the detach function. */
  attachResponder(responder: Responder): () => void {
    this.#responders.push(responder);
    return () => {
      this.#responders = this.#responders.filter((r) => r !== responder);
    };
  }

  /** Sets how requests nobody can answer are decided. @default decline with a reason */
  setRequestPolicy(policy: RequestPolicy): void {
    this.#policy = policy;
  }

  /** Server requests not resolved yet, oldest first. */
  pendingRequests(): PendingServerRequest[] {
    return [...this.#pending.values()];
  }

  /**
   * Sends a server request and resolves with its outcome; never rejects. Emits
   * `serverRequest/resolved` once it is settled, whatever the outcome.
   */
  async request<M extends ServerRequestMethod>(
    method: M,
    params: ServerRequestMap[M]["params"],
    options: { signal?: AbortSignal; threadId?: string } = {},
  ): Promise<RequestOutcome<M>> {
    const id = this.#nextRequestId++;
    const threadId = options.threadId ?? (params as { threadId?: string }).threadId ?? null;
    const request: PendingServerRequest<M> = { id, method, params, threadId };
    this.#pending.set(id, request as PendingServerRequest);
    const abort = new AbortController();
    const outer = options.signal;
    try {
      if (outer?.aborted) return { status: "cancelled", reason: "the turn was interrupted" };
      let answer: Promise<unknown> | null = null;
      for (const responder of this.#responders) {
        answer = responder(request as PendingServerRequest, abort.signal);
        if (answer) break;
      }
      if (!answer) return this.#policy(request as PendingServerRequest) as RequestOutcome<M>;
      const cancelled = new Promise<RequestOutcome<M>>((resolve) => {
        outer?.addEventListener("abort", () => resolve({ status: "cancelled", reason: "the turn was interrupted" }), {
          once: true,
        });
      });
      const answered = answer.then(
        (response): RequestOutcome<M> => ({
          status: "answered",
          response: response as ServerRequestMap[M]["response"],
        }),
        (error): RequestOutcome<M> => ({
          status: "failed",
          message: error instanceof Error ? error.message : String(error),
        }),
      );
      return await Promise.race([answered, cancelled]);
    } finally {
      abort.abort();
      this.#pending.delete(id);
      if (threadId !== null) this.emit("serverRequest/resolved", { threadId, requestId: id });
    }
  }

  #add(deliver: Subscriber["deliver"], options: SubscribeOptions): () => void {
    const sub: Subscriber = {
      deliver,
      owner: options.owner ?? "anonymous",
      queue: [],
      draining: false,
      dropped: 0,
      active: true,
    };
    this.#subscribers.push(sub);
    return () => {
      sub.active = false;
      sub.queue.length = 0;
      this.#subscribers = this.#subscribers.filter((s) => s !== sub);
      this.#checkIdle();
    };
  }

  async #drain(sub: Subscriber): Promise<void> {
    sub.draining = true;
    await Promise.resolve();
    while (sub.queue.length > 0 && sub.active) {
      const next = sub.queue.shift()!;
      try {
        const result = sub.deliver(next);
        if (result instanceof Promise) await result;
      } catch (error) {
        this.#onError(error, sub.owner);
      }
    }
    sub.draining = false;
    this.#checkIdle();
  }

  #checkIdle(): void {
    if (this.#idleWaiters.length === 0) return;
    if (this.#subscribers.some((s) => s.draining)) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const w of waiters) w();
  }
}
