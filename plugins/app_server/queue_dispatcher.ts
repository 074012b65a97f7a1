/**
 * @module
 * `QueueDispatcher`: starts a thread's queued turns (`thread/queue/*`) one at a time, like Codex's
 * `ThreadQueueRequestProcessor`. The head row starts when the thread is idle: loaded, not closing,
 * no turn running or waiting, and no `turn/start` answered but not yet handed to the thread
 * (`holdDirectStart`, Codex's `PendingTurnStarts`). A claimed row is `dispatching` (hidden) until
 * its turn starts, then deleted, or `failed`. Visible changes go out as `thread/queue/changed`.
 */
import {
  type QueuedTurn,
  type QueuedTurnRecord,
  type Thread,
  type TurnError,
  type TurnQueueStore,
  TurnStartParams,
} from "../../kernel/mod.ts";
import { KeyedQueue } from "./keyed_queue.ts";
import { MemoryTurnQueue } from "./queue_memory.ts";
import type { ServerBase } from "./server_view.ts";
import { prepareTurn } from "./turn_prepare.ts";

/** The error of a row whose dispatch a stopped app-server left unfinished (Codex's wording). */
export const INTERRUPTED_BY_RESTART = "queued turn dispatch was interrupted while app-server restarted";

/** Starts queued turns and announces queue changes, for one app-server. */
export class QueueDispatcher {
  readonly #server: ServerBase;
  #memory: MemoryTurnQueue | null = null;
  /** Per thread, `turn/start` turns answered but not yet handed to the thread. */
  readonly #directStarts = new Map<string, Set<string>>();
  /** One drain at a time per thread. */
  readonly #drains = new KeyedQueue();
  /** Set once the server stops: a shutdown interrupts turns, and must not start queued ones. */
  #stopped = false;
  /** Store failures already reported (an unusable database would otherwise warn after every turn). */
  readonly #reported = new Set<string>();

  constructor(server: ServerBase) {
    this.#server = server;
  }

  /** The store's queue, or an in-memory one when the store keeps none. */
  get store(): TurnQueueStore {
    return this.#server.runtime.store?.queue ?? (this.#memory ??= new MemoryTurnQueue());
  }

  /**
   * Listens for started turns (a dispatched row is done once its turn started). Returns the
   * function that stops the dispatcher: no queued turn starts after it.
   */
  attach(): () => void {
    this.#stopped = false;
    const off = this.#server.runtime.bus.on(
      "turn/started",
      ({ threadId, turn }) => this.#turnStarted(threadId, turn.id),
      {
        owner: "app-server",
      },
    );
    return () => {
      this.#stopped = true;
      off();
    };
  }

  /** Holds dispatch back on the thread until `releaseDirectStart()`: a `turn/start` was answered. */
  holdDirectStart(threadId: string, turnId: string): void {
    let ids = this.#directStarts.get(threadId);
    if (!ids) this.#directStarts.set(threadId, ids = new Set());
    ids.add(turnId);
  }

  /** The answered turn was handed to the thread (which is now busy with it). */
  releaseDirectStart(threadId: string, turnId: string): void {
    const ids = this.#directStarts.get(threadId);
    ids?.delete(turnId);
    if (ids?.size === 0) this.#directStarts.delete(threadId);
  }

  /** Drains the thread's queue once `run` (a turn) has settled, after `settle` has run. */
  drainAfter(threadId: string, run: Promise<unknown>, settle?: (error: unknown) => Promise<void>): void {
    run.then(() => null, (error) => error ?? new Error("the turn failed"))
      .then((error) => settle?.(error))
      .catch((error) => this.#warn(`Cannot settle a queued turn of thread "${threadId}": ${messageOf(error)}`))
      .finally(() => void this.drain(threadId));
  }

  /** The thread's visible queue as the wire shows it. */
  async snapshot(threadId: string): Promise<QueuedTurn[]> {
    return (await this.store.listVisible(threadId)).map(toWireQueuedTurn);
  }

  /** Sends `thread/queue/changed` with `queuedTurns` to the thread's subscribers. */
  announce(threadId: string, queuedTurns: QueuedTurn[]): void {
    this.#server.runtime.bus.emit("thread/queue/changed", { threadId, queuedTurns });
  }

  /** Reads the snapshot and announces it; a read failure is logged and announces nothing. */
  async announceSnapshot(threadId: string): Promise<void> {
    let queuedTurns: QueuedTurn[];
    try {
      queuedTurns = await this.snapshot(threadId);
    } catch (error) {
      this.#warn(`failed to read queue snapshot for thread ${threadId}: ${messageOf(error)}`);
      return;
    }
    this.announce(threadId, queuedTurns);
  }

  /**
   * After `thread/resume`: a thread loaded from the store first turns the rows a stopped process
   * left `dispatching` into `failed`; then the snapshot goes out and the queue drains.
   */
  async resumed(threadId: string, options: { loaded: boolean }): Promise<void> {
    if (options.loaded) {
      try {
        await this.store.recoverDispatching(threadId, turnError(INTERRUPTED_BY_RESTART));
      } catch (error) {
        return this.#report(`Cannot recover the queued turns of thread "${threadId}"`, error);
      }
    }
    await this.announceSnapshot(threadId);
    await this.drain(threadId);
  }

  /** Starts the head row if the thread is idle. Never rejects. */
  drain(threadId: string): Promise<void> {
    return this.#drains.run(
      threadId,
      () =>
        this.#dispatchHead(threadId).catch((error) =>
          this.#report(`Cannot dispatch the queued turns of thread "${threadId}"`, error)
        ),
    );
  }

  async #dispatchHead(threadId: string): Promise<void> {
    if (!this.#idleThread(threadId)) return;
    const store = this.store;
    const row = await store.claimHead(threadId);
    if (!row) return;
    try {
      await this.#dispatch(row);
    } catch (error) {
      // The turn did not start: give the row back rather than leave the queue blocked.
      await store.releaseClaim(row.id).catch(() => {});
      throw error;
    }
  }

  /** Starts the turn of a claimed row, or marks the row failed, or gives it back when the thread got busy. */
  async #dispatch(row: QueuedTurnRecord): Promise<void> {
    const { store } = this;
    const threadId = row.threadId;
    if (!this.#idleThread(threadId)) return void await store.releaseClaim(row.id);
    const parsed = TurnStartParams.safeParse({ ...row.turnStartParams, threadId });
    if (!parsed.success) {
      return await this.#fail(row, `queued turn payload could not be read: ${parsed.error.issues[0].message}`);
    }
    let prepared: ReturnType<typeof prepareTurn>;
    try {
      prepared = prepareTurn(parsed.data, this.#server);
    } catch (error) {
      return await this.#fail(row, `queued turn could not start: ${messageOf(error)}`);
    }
    const { thread, turn, begin } = prepared;
    if (!(await store.setDispatchTurnId(row.id, turn.id))) {
      return this.#warn(`queued turn ${row.id} lost its dispatch claim before turn ${turn.id} was recorded`);
    }
    const queuedTurns = await this.snapshot(threadId);
    // A turn/start accepted meanwhile goes first (its end drains again); so does a closing thread.
    if (this.#idleThread(threadId) !== thread) return void await store.releaseClaim(row.id);
    this.announce(threadId, queuedTurns);
    this.drainAfter(threadId, begin(), async (error) => {
      if (error === null || thread.turns.some((t) => t.id === turn.id)) {
        await store.removeDispatching(threadId, turn.id);
      } else {
        await this.#fail(row, `queued turn could not start: ${messageOf(error)}`);
      }
    });
  }

  /** The thread, when it is loaded and idle enough to start a queued turn. */
  #idleThread(threadId: string): Thread | null {
    if (this.#stopped) return null;
    const thread = this.#server.runtime.threads.get(threadId);
    if (!thread || thread.busy || this.#server.registry.isClosing(threadId)) return null;
    if (this.#directStarts.has(threadId)) return null;
    return thread;
  }

  async #fail(row: QueuedTurnRecord, message: string): Promise<void> {
    if (await this.store.markFailed(row.id, turnError(message))) {
      await this.announceSnapshot(row.threadId);
    } else {
      this.#warn(`queued turn ${row.id} could not be marked failed because its dispatch claim disappeared`);
    }
  }

  async #turnStarted(threadId: string, turnId: string): Promise<void> {
    try {
      await this.store.removeDispatching(threadId, turnId);
    } catch (error) {
      this.#report(`Cannot finish the dispatch of turn "${turnId}" of thread "${threadId}"`, error);
    }
  }

  /** Warns about a store failure once per distinct error (an unusable database fails every call alike). */
  #report(what: string, error: unknown): void {
    const message = messageOf(error);
    if (this.#reported.has(message)) return;
    this.#reported.add(message);
    this.#warn(`${what}: ${message}`);
  }

  #warn(message: string): void {
    this.#server.runtime.warn(`[app-server] ${message}`);
  }
}

/** A row as the wire shows it; a `dispatching` row is never shown. */
export function toWireQueuedTurn(row: QueuedTurnRecord): QueuedTurn {
  if (row.state === "dispatching") throw new Error("dispatching queued turns are not client-visible");
  return {
    id: row.id,
    turnStartParams: row.turnStartParams,
    status: row.state === "pending"
      ? { type: "pending" }
      : { type: "failed", error: row.failure ?? turnError("queued turn dispatch failed") },
    clientUserMessageId: row.turnStartParams.clientUserMessageId ?? row.id,
    input: row.turnStartParams.input,
  };
}

function turnError(message: string): TurnError {
  return { message, codexErrorInfo: null, additionalDetails: null };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
