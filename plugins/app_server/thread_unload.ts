/**
 * @module
 * Unloading threads nobody watches, as Codex does: when a thread's last subscriber leaves
 * (`thread/unsubscribe`, or its connection closes), the thread stays loaded and a running turn
 * keeps running; once it has had no subscriber and no activity (no notification about it) for
 * the unload delay (`app-server.threadUnloadDelayMs`, 30 minutes by default, Codex's
 * `thread_unload_delay_secs`), it is closed (`thread_close.ts`: `thread/closed`). A thread still
 * busy when the delay ends waits another delay. A new subscriber cancels the countdown.
 */
import { type CancelTimer, type Notification, startTimer } from "../../kernel/mod.ts";
import type { ServerBase } from "./server_view.ts";
import { threadOf } from "./fanout.ts";
import { closeThread } from "./thread_close.ts";

/** Codex's default: 30 minutes. */
export const DEFAULT_UNLOAD_DELAY_MS = 30 * 60 * 1000;

/** Countdowns to unloading the threads without subscribers. */
export class IdleUnloader {
  readonly #server: ServerBase;
  readonly #delayMs: number;
  readonly #timers = new Map<string, CancelTimer>();

  constructor(server: ServerBase, delayMs: number) {
    this.#server = server;
    this.#delayMs = delayMs;
  }

  /** Follows the bus: activity on a thread counting down restarts its countdown. */
  attach(): () => void {
    const detach = this.#server.runtime.bus.onAny((n) => this.#activity(n), { owner: "app-server unload" });
    return () => {
      detach();
      for (const cancel of this.#timers.values()) cancel();
      this.#timers.clear();
    };
  }

  /** Starts (or restarts) the countdown of a loaded thread that has no subscriber. */
  schedule(threadId: string): void {
    if (!this.#server.runtime.threads.has(threadId)) return;
    if (this.#server.registry.subscribers(threadId).size > 0) return;
    this.#timers.get(threadId)?.();
    this.#timers.set(threadId, startTimer(this.#delayMs, () => this.#expire(threadId)));
  }

  /** Stops the countdown (a client subscribed, or the thread is closed). */
  cancel(threadId: string): void {
    this.#timers.get(threadId)?.();
    this.#timers.delete(threadId);
  }

  #activity(notification: Notification): void {
    if (notification.method === "thread/closed") return;
    const threadId = threadOf(notification);
    if (threadId !== null && this.#timers.has(threadId)) this.schedule(threadId);
  }

  #expire(threadId: string): void {
    this.#timers.delete(threadId);
    const { runtime, registry } = this.#server;
    const thread = runtime.threads.get(threadId);
    if (!thread || registry.subscribers(threadId).size > 0) return;
    if (thread.busy) return this.schedule(threadId);
    void closeThread(this.#server, threadId);
  }
}
