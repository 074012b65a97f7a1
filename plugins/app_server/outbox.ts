/**
 * @module
 * The outbound queue of one connection. `push()` never waits: messages queue here and one writer
 * loop hands them to the transport in batches, awaiting it, so a slow client never blocks the
 * server (inbound handling, the bus, other connections). Overflow policy: when more than
 * `maxQueued` messages wait, the client is not keeping up; dropping messages would leave it with
 * a wrong picture of its threads, so the connection is closed instead (`onOverflow`).
 */

/** Options for `new Outbox()`. */
export interface OutboxOptions {
  /** Messages that may wait; one more calls `onOverflow` and closes the outbox. */
  maxQueued: number;
  /** Hands a batch to the transport; resolves when it may take more. */
  write(batch: string[]): Promise<void>;
  /** The queue overflowed (the outbox is closed). */
  onOverflow(queued: number): void;
  /** The transport failed to write (the outbox is closed). */
  onError(error: unknown): void;
}

/** A bounded, decoupled outbound queue. */
export class Outbox {
  #queue: string[] = [];
  #writing = false;
  #closed = false;
  #drainWaiters: (() => void)[] = [];
  readonly #options: OutboxOptions;

  constructor(options: OutboxOptions) {
    this.#options = options;
  }

  /** Messages waiting to be written. */
  get queued(): number {
    return this.#queue.length;
  }

  /** True once closed (by `close()`, overflow or a write error). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Queues one message; false when the outbox is closed or has just overflowed. */
  push(text: string): boolean {
    if (this.#closed) return false;
    if (this.#queue.length >= this.#options.maxQueued) {
      const queued = this.#queue.length;
      this.close();
      this.#options.onOverflow(queued);
      return false;
    }
    this.#queue.push(text);
    if (!this.#writing) void this.#drain();
    return true;
  }

  /** Resolves once every queued message has been written (or the outbox closed). */
  drained(): Promise<void> {
    if (!this.#writing && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  /** Stops writing; queued messages are dropped. */
  close(): void {
    this.#closed = true;
    this.#queue = [];
    if (!this.#writing) this.#wake();
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#queue.length > 0 && !this.#closed) {
        const batch = this.#queue;
        this.#queue = [];
        await this.#options.write(batch);
      }
    } catch (error) {
      if (!this.#closed) {
        this.close();
        this.#options.onError(error);
      }
    } finally {
      this.#writing = false;
      this.#wake();
    }
  }

  #wake(): void {
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
