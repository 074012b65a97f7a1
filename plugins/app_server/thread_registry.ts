/**
 * @module
 * What the app-server keeps per thread, beside the kernel's `Thread`: which connections are
 * subscribed (start and resume subscribe; unsubscribe and disconnect remove), the client's extras
 * from `thread/start` (dynamic tools, service name, extended-history flag; stored for the plugins
 * that will use them), and whether the thread is closing (being unloaded, see `thread_close.ts`).
 */
import type { DynamicToolSpec } from "../../kernel/mod.ts";
import type { Connection } from "./connection.ts";

/** The app-server's state of one thread. */
export interface ThreadEntry {
  subscribers: Set<Connection>;
  /** Tools the client declared at `thread/start` (experimental; answered through `item/tool/call`). */
  dynamicTools: DynamicToolSpec[];
  serviceName: string | null;
  persistExtendedHistory: boolean;
  /** Set while the thread is being closed; a resume must wait for `thread/closed`. */
  closing: boolean;
}

const NONE: ReadonlySet<Connection> = new Set();

/** Thread subscriptions and per-thread extras. */
export class ThreadRegistry {
  #entries = new Map<string, ThreadEntry>();

  /** The entry of `threadId`, made when missing. */
  ensure(threadId: string): ThreadEntry {
    let entry = this.#entries.get(threadId);
    if (!entry) {
      entry = {
        subscribers: new Set(),
        dynamicTools: [],
        serviceName: null,
        persistExtendedHistory: false,
        closing: false,
      };
      this.#entries.set(threadId, entry);
    }
    return entry;
  }

  /** The entry of `threadId`, if any. */
  get(threadId: string): ThreadEntry | undefined {
    return this.#entries.get(threadId);
  }

  /** Subscribes `connection` to the thread's notifications and server requests. */
  subscribe(threadId: string, connection: Connection): void {
    this.ensure(threadId).subscribers.add(connection);
  }

  /** Removes one subscription; false when `connection` was not subscribed. */
  unsubscribe(threadId: string, connection: Connection): boolean {
    return this.#entries.get(threadId)?.subscribers.delete(connection) ?? false;
  }

  /** The thread's subscribers. */
  subscribers(threadId: string): ReadonlySet<Connection> {
    return this.#entries.get(threadId)?.subscribers ?? NONE;
  }

  /** The threads `connection` is subscribed to. */
  threadsOf(connection: Connection): string[] {
    return [...this.#entries].filter(([, e]) => e.subscribers.has(connection)).map(([id]) => id);
  }

  /** True while the thread is being closed. */
  isClosing(threadId: string): boolean {
    return this.#entries.get(threadId)?.closing ?? false;
  }

  /** Forgets the thread (it was closed). */
  remove(threadId: string): void {
    this.#entries.delete(threadId);
  }
}
