/**
 * @module
 * `QueuedTurnTable`: the per-thread queues of future turns in the index database
 * (`thread_queued_turns`, migration 3), Codex's `thread_queued_turns` table and operations.
 * Unlike the thread rows, queued turns are not a cache of the rollouts: they exist only here, so
 * `tern index rebuild` keeps them. Each operation is one SQL statement (or one transaction), so a
 * claim has a single winner even between processes sharing the file. Payloads are SQLite JSONB.
 */
import type { DatabaseSync } from "node:sqlite";
import type {
  QueuedTurnRecord,
  QueuedTurnState,
  TurnError,
  TurnQueueStore,
  TurnStartParams,
} from "../../kernel/mod.ts";
import { uuidv7 } from "../../lib/ids/mod.ts";

interface DbRow {
  queued_turn_id: string;
  thread_id: string;
  turn_start_params: string;
  queue_order: number | bigint;
  state: string;
  dispatch_turn_id: string | null;
  failure: string | null;
  created_at_ms: number | bigint;
  updated_at_ms: number | bigint;
}

const COLUMNS = `queued_turn_id, thread_id, json(turn_start_params_jsonb) AS turn_start_params, queue_order, state,
  dispatch_turn_id, CASE WHEN failure_jsonb IS NULL THEN NULL ELSE json(failure_jsonb) END AS failure,
  created_at_ms, updated_at_ms`;
const VISIBLE = "state IN ('pending', 'failed')";
const STATES: readonly QueuedTurnState[] = ["pending", "dispatching", "failed"];

/** The message of a reorder that does not name every visible row exactly once. */
export const REORDER_MISMATCH = "queue reorder must include every visible queued turn exactly once";

/** The queued-turn operations over one open index database (synchronous, like `node:sqlite`). */
export class QueuedTurnTable {
  readonly #db: DatabaseSync;
  readonly #now: () => number;

  constructor(db: DatabaseSync, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
  }

  /** Adds a `pending` row after every row of the thread (whatever their state). */
  append(threadId: string, turnStartParams: TurnStartParams): QueuedTurnRecord {
    const now = this.#now();
    const row = this.#db.prepare(
      `INSERT INTO thread_queued_turns (queued_turn_id, thread_id, turn_start_params_jsonb, queue_order, state,
         dispatch_turn_id, failure_jsonb, created_at_ms, updated_at_ms)
       SELECT ?, ?, jsonb(?), COALESCE(MAX(queue_order), -1) + 1, 'pending', NULL, NULL, ?, ?
       FROM thread_queued_turns WHERE thread_id = ?
       RETURNING ${COLUMNS}`,
    ).get(uuidv7(now), threadId, JSON.stringify(turnStartParams), now, now, threadId) as unknown as DbRow;
    return fromDb(row);
  }

  /** Visible rows in queue order, a page at a time. */
  listVisible(threadId: string, page: { offset?: number; limit?: number } = {}): QueuedTurnRecord[] {
    const rows = this.#db.prepare(
      `SELECT ${COLUMNS} FROM thread_queued_turns WHERE thread_id = ? AND ${VISIBLE}
       ORDER BY queue_order ASC LIMIT ? OFFSET ?`,
    ).all(threadId, page.limit ?? -1, page.offset ?? 0) as unknown as DbRow[];
    return rows.map(fromDb);
  }

  /** Deletes a visible row of the thread; false when there is none with that id. */
  delete(threadId: string, queuedTurnId: string): boolean {
    const result = this.#db.prepare(
      `DELETE FROM thread_queued_turns WHERE thread_id = ? AND queued_turn_id = ? AND ${VISIBLE}`,
    ).run(threadId, queuedTurnId);
    return Number(result.changes) > 0;
  }

  /** Reorders the visible rows in one transaction, reusing their order slots; throws `RangeError` on a mismatch. */
  reorder(threadId: string, queuedTurnIds: string[]): QueuedTurnRecord[] {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const visible = this.#db.prepare(
        `SELECT queued_turn_id AS id, queue_order AS queueOrder FROM thread_queued_turns
         WHERE thread_id = ? AND ${VISIBLE} ORDER BY queue_order ASC`,
      ).all(threadId) as unknown as { id: string; queueOrder: number }[];
      const known = visible.map((row) => row.id).sort();
      const asked = [...queuedTurnIds].sort();
      if (known.length !== asked.length || known.some((id, i) => id !== asked[i])) {
        throw new RangeError(REORDER_MISMATCH);
      }
      const now = this.#now();
      const move = this.#db.prepare(
        `UPDATE thread_queued_turns SET queue_order = ?, updated_at_ms = ?
         WHERE thread_id = ? AND queued_turn_id = ? AND ${VISIBLE}`,
      );
      // Negative orders first, so no step collides with UNIQUE(thread_id, queue_order).
      queuedTurnIds.forEach((id, i) => move.run(-(i + 1), now, threadId, id));
      queuedTurnIds.forEach((id, i) => move.run(visible[i].queueOrder, now, threadId, id));
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
    return this.listVisible(threadId);
  }

  /** Claims the head in one statement: only a `pending` head, only when no row of the thread is `dispatching`. */
  claimHead(threadId: string): QueuedTurnRecord | null {
    const row = this.#db.prepare(
      `UPDATE thread_queued_turns SET state = 'dispatching', updated_at_ms = ?
       WHERE queued_turn_id = (
         SELECT head.queued_turn_id FROM thread_queued_turns AS head
         WHERE head.thread_id = ? AND head.state IN ('pending', 'failed')
           AND NOT EXISTS (SELECT 1 FROM thread_queued_turns AS active
                           WHERE active.thread_id = head.thread_id AND active.state = 'dispatching')
         ORDER BY head.queue_order ASC LIMIT 1)
       AND state = 'pending'
       RETURNING ${COLUMNS}`,
    ).get(this.#now(), threadId) as unknown as DbRow | undefined;
    return row ? fromDb(row) : null;
  }

  /** Puts a claimed row whose turn did not start back to `pending`. */
  releaseClaim(queuedTurnId: string): boolean {
    return this.#changed(
      `UPDATE thread_queued_turns SET state = 'pending', dispatch_turn_id = NULL, updated_at_ms = ?
       WHERE queued_turn_id = ? AND state = 'dispatching'`,
      this.#now(),
      queuedTurnId,
    );
  }

  /** Records the turn a claimed row started. */
  setDispatchTurnId(queuedTurnId: string, turnId: string): boolean {
    return this.#changed(
      `UPDATE thread_queued_turns SET dispatch_turn_id = ?, updated_at_ms = ?
       WHERE queued_turn_id = ? AND state = 'dispatching'`,
      turnId,
      this.#now(),
      queuedTurnId,
    );
  }

  /** Deletes the claimed row that started `turnId`. */
  removeDispatching(threadId: string, turnId: string): boolean {
    return this.#changed(
      "DELETE FROM thread_queued_turns WHERE thread_id = ? AND state = 'dispatching' AND dispatch_turn_id = ?",
      threadId,
      turnId,
    );
  }

  /** Marks a claimed row `failed`. */
  markFailed(queuedTurnId: string, failure: TurnError): boolean {
    return this.#changed(
      `UPDATE thread_queued_turns SET state = 'failed', failure_jsonb = jsonb(?), updated_at_ms = ?
       WHERE queued_turn_id = ? AND state = 'dispatching'`,
      JSON.stringify(failure),
      this.#now(),
      queuedTurnId,
    );
  }

  /** Marks every claimed row of the thread `failed`; returns how many. */
  recoverDispatching(threadId: string, failure: TurnError): number {
    const result = this.#db.prepare(
      `UPDATE thread_queued_turns SET state = 'failed', failure_jsonb = jsonb(?), updated_at_ms = ?
       WHERE thread_id = ? AND state = 'dispatching'`,
    ).run(JSON.stringify(failure), this.#now(), threadId);
    return Number(result.changes);
  }

  #changed(sql: string, ...args: (string | number)[]): boolean {
    return Number(this.#db.prepare(sql).run(...args).changes) > 0;
  }
}

/** The kernel's `TurnQueueStore` over a table opened on first use (`open` rejects when it cannot be). */
export function sqliteTurnQueue(open: () => Promise<QueuedTurnTable>): TurnQueueStore {
  return {
    append: async (threadId, params) => (await open()).append(threadId, params),
    listVisible: async (threadId, page) => (await open()).listVisible(threadId, page),
    delete: async (threadId, id) => (await open()).delete(threadId, id),
    reorder: async (threadId, ids) => (await open()).reorder(threadId, ids),
    claimHead: async (threadId) => (await open()).claimHead(threadId),
    releaseClaim: async (id) => (await open()).releaseClaim(id),
    setDispatchTurnId: async (id, turnId) => (await open()).setDispatchTurnId(id, turnId),
    removeDispatching: async (threadId, turnId) => (await open()).removeDispatching(threadId, turnId),
    markFailed: async (id, failure) => (await open()).markFailed(id, failure),
    recoverDispatching: async (threadId, failure) => (await open()).recoverDispatching(threadId, failure),
  };
}

function fromDb(row: DbRow): QueuedTurnRecord {
  if (!STATES.includes(row.state as QueuedTurnState)) {
    throw new TypeError(`Cannot read queued turn "${row.queued_turn_id}": unknown state "${row.state}"`);
  }
  return {
    id: row.queued_turn_id,
    threadId: row.thread_id,
    turnStartParams: JSON.parse(row.turn_start_params),
    queueOrder: Number(row.queue_order),
    state: row.state as QueuedTurnState,
    dispatchTurnId: row.dispatch_turn_id,
    failure: row.failure === null ? null : JSON.parse(row.failure),
    createdAtMs: Number(row.created_at_ms),
    updatedAtMs: Number(row.updated_at_ms),
  };
}
