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
 * Server requests (`request()`, see `requests/server_requests.ts`) go through the bus too.
 */
import type { Notification, NotificationMap, Topic } from "./protocol/notifications.ts";
import type { ServerRequestMap, ServerRequestMethod } from "./protocol/server_requests.ts";
import {
  type PendingServerRequest,
  type RequestOutcome,
  type RequestPolicy,
  type Responder,
  ServerRequests,
} from "./requests/server_requests.ts";
export type {
  PendingServerRequest,
  RequestOutcome,
  RequestPolicy,
  RequestSender,
  Responder,
} from "./requests/server_requests.ts";

/** A subscriber to one topic. */
export type Listener<T extends Topic> = (params: NotificationMap[T]) => void | Promise<void>;
/** A subscriber to every topic. */
export type AnyListener = (notification: Notification) => void | Promise<void>;

/** Options for `on()` / `onAny()`. */
export interface SubscribeOptions {
  /** Who subscribes, for error reports (a plugin name). */
  owner?: string;
}

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

/** The typed event bus. */
export class EventBus {
  #subscribers: Subscriber[] = [];
  readonly #requests = new ServerRequests((threadId, requestId) =>
    this.emit("serverRequest/resolved", { threadId, requestId })
  );
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
    return this.#requests.attach(responder);
  }

  /** Sets how requests nobody can answer are decided. @default decline with a reason */
  setRequestPolicy(policy: RequestPolicy): void {
    this.#requests.policy = policy;
  }

  /** Server requests not resolved yet, oldest first. */
  pendingRequests(): PendingServerRequest[] {
    return this.#requests.pending();
  }

  /** Sends a server request; see `ServerRequests.send()`. */
  request<M extends ServerRequestMethod>(
    method: M,
    params: ServerRequestMap[M]["params"],
    options: { signal?: AbortSignal; threadId?: string } = {},
  ): Promise<RequestOutcome<M>> {
    return this.#requests.send(method, params, options);
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
