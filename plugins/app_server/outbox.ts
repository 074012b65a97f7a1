/**
 * @module
 * The outbound queue of one connection. `push()` never waits: messages queue here and one writer
 * loop hands them to the transport in batches of at most `BATCH_BYTES` (or one message), awaiting
 * it, so a slow client never blocks the server (inbound handling, the bus, other connections).
 *
 * Bounds, so that a client that stops reading costs the server a bounded amount of memory:
 * - What waits (the queue and the batch being written, in UTF-8 bytes) may not pass `maxBytes`,
 *   nor the queue `maxQueued` messages. One message larger than `maxBytes` is still accepted when
 *   nothing else waits, so a large response reaches a client that reads.
 * - Droppable messages (live command output, which `item/completed` repeats as the aggregated
 *   output) are skipped instead of queued while the client lags, that is while more than
 *   `maxBytes / 8` waits: a client that reads more slowly than a command prints misses some
 *   output deltas but keeps everything else, and its backlog stays small.
 * - A client that takes nothing (no batch written) for `maxStallMs` while messages wait for it has
 *   stopped reading. (Not only a lagging one: once the socket's buffers are full, the backlog can
 *   settle just under the lag mark when the output that filled it ends, and must still be seen.)
 * Passing a bound, or stalling, closes the outbox (`onOverflow`) and frees what was queued:
 * dropping other messages would leave the client with a wrong picture of its threads.
 */
import { type CancelTimer, startTimer } from "../../kernel/mod.ts";

/** Bytes handed to the transport at once, at most (a larger message goes alone). */
export const BATCH_BYTES = 64 * 1024;

/** Options for `new Outbox()`. */
export interface OutboxOptions {
  /** Messages that may wait; one more calls `onOverflow` and closes the outbox. */
  maxQueued: number;
  /** Bytes (UTF-8) that may wait; a message that would pass them calls `onOverflow`. */
  maxBytes: number;
  /** How long a client with messages waiting may take nothing before `onOverflow` is called (`Infinity`: never). */
  maxStallMs: number;
  /** Hands a batch to the transport; resolves when it may take more. */
  write(batch: string[]): Promise<void>;
  /** A bound was passed or the client stalled (the outbox is closed); says what was waiting. */
  onOverflow(report: OverflowReport): void;
  /** The transport failed to write (the outbox is closed). */
  onError(error: unknown): void;
}

/** Why and how far a client fell behind. */
export interface OverflowReport {
  /** `stalled`: it lagged and took nothing for `maxStallMs`; else the bound that was passed. */
  cause: "messages" | "bytes" | "stalled";
  /** Messages and bytes waiting. */
  messages: number;
  bytes: number;
  /** Output deltas skipped while it lagged, in bytes. */
  skippedBytes: number;
}

/** What `push()` did with a message. */
export type PushResult = "queued" | "skipped" | "closed";

/** A bounded, decoupled outbound queue. */
export class Outbox {
  #queue: { text: string; bytes: number }[] = [];
  /** Index of the first message of `#queue` not taken yet. */
  #head = 0;
  /** Bytes of `#queue`. */
  #queueBytes = 0;
  /** Bytes of the batch the transport is writing. */
  #batchBytes = 0;
  /** Bytes of droppable messages skipped since the client last caught up. */
  #skippedBytes = 0;
  /** When the transport last finished a batch, or started one after an idle spell. */
  #progressAt = performance.now();
  #cancelStallTimer: CancelTimer | null = null;
  #writing = false;
  #closed = false;
  #drainWaiters: (() => void)[] = [];
  readonly #options: OutboxOptions;

  constructor(options: OutboxOptions) {
    this.#options = options;
  }

  /** Messages waiting to be written. */
  get queued(): number {
    return this.#queue.length - this.#head;
  }

  /** Bytes waiting: the queued messages and the batch being written. */
  get queuedBytes(): number {
    return this.#queueBytes + this.#batchBytes;
  }

  /** True once closed (by `close()`, overflow or a write error). */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Queues one message. `bytes` is its UTF-8 size when the caller knows it; `droppable` marks a
   * message the client may miss when it lags (see the module doc).
   */
  push(text: string, options: { bytes?: number; droppable?: boolean } = {}): PushResult {
    if (this.#closed) return "closed";
    const bytes = options.bytes ?? utf8Length(text);
    const waiting = this.queuedBytes;
    if (options.droppable && this.#lagging()) {
      this.#skippedBytes += bytes;
      this.#watchStall();
      return "skipped";
    }
    if (this.queued >= this.#options.maxQueued) return this.#overflow("messages");
    if (waiting > 0 && waiting + bytes > this.#options.maxBytes) return this.#overflow("bytes");
    this.#queue.push({ text, bytes });
    this.#queueBytes += bytes;
    if (!this.#writing) {
      this.#progressAt = performance.now();
      void this.#drain();
    }
    this.#watchStall();
    return "queued";
  }

  /** Resolves once every queued message has been written, or at once when the outbox is closed. */
  drained(): Promise<void> {
    if (this.#closed || (!this.#writing && this.queued === 0)) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  /** Stops writing; queued messages are dropped (a write under way may still finish). */
  close(): void {
    this.#closed = true;
    this.#queue = [];
    this.#head = 0;
    this.#queueBytes = 0;
    this.#batchBytes = 0;
    this.#cancelStallTimer?.();
    this.#cancelStallTimer = null;
    this.#wake();
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    try {
      while (this.queued > 0 && !this.#closed) {
        const batch = this.#takeBatch();
        await this.#options.write(batch);
        this.#batchBytes = 0;
        this.#progressAt = performance.now();
        if (!this.#lagging()) this.#skippedBytes = 0;
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

  /** Takes messages off the queue, up to `BATCH_BYTES` (one at least). */
  #takeBatch(): string[] {
    const batch: string[] = [];
    let bytes = 0;
    while (this.#head < this.#queue.length) {
      const next = this.#queue[this.#head];
      if (batch.length > 0 && bytes + next.bytes > BATCH_BYTES) break;
      batch.push(next.text);
      bytes += next.bytes;
      this.#head++;
    }
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    this.#queueBytes -= bytes;
    this.#batchBytes = bytes;
    return batch;
  }

  /** More than an eighth of `maxBytes` waits: live output is skipped, and stalls are watched. */
  #lagging(): boolean {
    return this.queuedBytes > this.#options.maxBytes / 8;
  }

  /** Arms the stall check, unless it is armed: it fires `maxStallMs` after the last progress, if anything still waits. */
  #watchStall(): void {
    if (this.#cancelStallTimer || this.#closed || !Number.isFinite(this.#options.maxStallMs)) return;
    const due = this.#progressAt + this.#options.maxStallMs - performance.now();
    this.#cancelStallTimer = startTimer(due, () => {
      this.#cancelStallTimer = null;
      if (this.#closed || this.queuedBytes === 0) return;
      if (performance.now() - this.#progressAt >= this.#options.maxStallMs) this.#overflow("stalled");
      else this.#watchStall();
    });
  }

  #overflow(cause: OverflowReport["cause"]): "closed" {
    const report = { cause, messages: this.queued, bytes: this.queuedBytes, skippedBytes: this.#skippedBytes };
    this.close();
    this.#options.onOverflow(report);
    return "closed";
  }

  #wake(): void {
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/**
 * The UTF-8 size of `text` (a lone surrogate counts 3, as `TextEncoder` writes U+FFFD).
 *
 * @example
 * ```ts
 * utf8Length("héllo"); // 6
 * ```
 */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    if (unit < 0x800) {
      bytes += 1;
      continue;
    }
    bytes += 2; // 3 bytes for one unit, or 4 for a surrogate pair (two units)
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
  }
  return bytes;
}
