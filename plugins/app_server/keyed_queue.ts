/**
 * @module
 * `KeyedQueue`: runs tasks one at a time per key, in the order they were added, and tasks of
 * different keys concurrently. The server keys requests by the thread they name, so requests on
 * one thread are handled in order (Codex's per-thread serialization scope).
 */

/** Per-key FIFO of async tasks. */
export class KeyedQueue {
  #tails = new Map<string, Promise<unknown>>();

  /** Runs `task` after every earlier task of `key` has settled; a null key runs it at once. */
  run<T>(key: string | null, task: () => Promise<T>): Promise<T> {
    if (key === null) return task();
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => {});
    this.#tails.set(key, tail);
    tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return next;
  }

  /** Keys with tasks queued or running. */
  get size(): number {
    return this.#tails.size;
  }
}
