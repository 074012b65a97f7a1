/**
 * @module
 * `MemoryTurnQueue`: the queued-turn store the app-server falls back to when the thread store
 * keeps no queue (`ThreadStore.queue` unset, or no store at all). Same rules as the SQLite one in
 * the `store` plugin (visible rows, single claim per thread, a failed head blocks), but the rows
 * live only as long as the process.
 */
import type { QueuedTurnRecord, TurnError, TurnQueueStore, TurnStartParams } from "../../kernel/mod.ts";
import { uuidv7 } from "../../lib/ids/mod.ts";

const REORDER_MISMATCH = "queue reorder must include every visible queued turn exactly once";

/** An in-process `TurnQueueStore`. */
export class MemoryTurnQueue implements TurnQueueStore {
  readonly #rows = new Map<string, QueuedTurnRecord[]>();

  append(threadId: string, turnStartParams: TurnStartParams): Promise<QueuedTurnRecord> {
    const rows = this.#of(threadId);
    const now = Date.now();
    const row: QueuedTurnRecord = {
      id: uuidv7(now),
      threadId,
      turnStartParams: structuredClone(turnStartParams),
      queueOrder: rows.reduce((max, r) => Math.max(max, r.queueOrder), -1) + 1,
      state: "pending",
      dispatchTurnId: null,
      failure: null,
      createdAtMs: now,
      updatedAtMs: now,
    };
    rows.push(row);
    return Promise.resolve(copy(row));
  }

  listVisible(threadId: string, page: { offset?: number; limit?: number } = {}): Promise<QueuedTurnRecord[]> {
    const start = page.offset ?? 0;
    const end = page.limit === undefined ? undefined : start + page.limit;
    return Promise.resolve(this.#visible(threadId).slice(start, end).map(copy));
  }

  delete(threadId: string, queuedTurnId: string): Promise<boolean> {
    const rows = this.#of(threadId);
    const index = rows.findIndex((r) => r.id === queuedTurnId && r.state !== "dispatching");
    if (index >= 0) rows.splice(index, 1);
    return Promise.resolve(index >= 0);
  }

  reorder(threadId: string, queuedTurnIds: string[]): Promise<QueuedTurnRecord[]> {
    const visible = this.#visible(threadId);
    const known = visible.map((r) => r.id).sort();
    const asked = [...queuedTurnIds].sort();
    if (known.length !== asked.length || known.some((id, i) => id !== asked[i])) {
      return Promise.reject(new RangeError(REORDER_MISMATCH));
    }
    const slots = visible.map((r) => r.queueOrder);
    const now = Date.now();
    queuedTurnIds.forEach((id, i) =>
      Object.assign(visible.find((r) => r.id === id)!, { queueOrder: slots[i], updatedAtMs: now })
    );
    return this.listVisible(threadId);
  }

  claimHead(threadId: string): Promise<QueuedTurnRecord | null> {
    const rows = this.#of(threadId);
    const head = this.#visible(threadId)[0];
    if (!head || head.state !== "pending" || rows.some((r) => r.state === "dispatching")) return Promise.resolve(null);
    Object.assign(head, { state: "dispatching", updatedAtMs: Date.now() });
    return Promise.resolve(copy(head));
  }

  releaseClaim(queuedTurnId: string): Promise<boolean> {
    const row = this.#find(queuedTurnId);
    if (row?.state !== "dispatching") return Promise.resolve(false);
    Object.assign(row, { state: "pending", dispatchTurnId: null, updatedAtMs: Date.now() });
    return Promise.resolve(true);
  }

  setDispatchTurnId(queuedTurnId: string, turnId: string): Promise<boolean> {
    const row = this.#find(queuedTurnId);
    if (row?.state !== "dispatching") return Promise.resolve(false);
    Object.assign(row, { dispatchTurnId: turnId, updatedAtMs: Date.now() });
    return Promise.resolve(true);
  }

  removeDispatching(threadId: string, turnId: string): Promise<boolean> {
    const rows = this.#of(threadId);
    const index = rows.findIndex((r) => r.state === "dispatching" && r.dispatchTurnId === turnId);
    if (index >= 0) rows.splice(index, 1);
    return Promise.resolve(index >= 0);
  }

  markFailed(queuedTurnId: string, failure: TurnError): Promise<boolean> {
    const row = this.#find(queuedTurnId);
    if (row?.state !== "dispatching") return Promise.resolve(false);
    Object.assign(row, { state: "failed", failure: { ...failure }, updatedAtMs: Date.now() });
    return Promise.resolve(true);
  }

  recoverDispatching(threadId: string, failure: TurnError): Promise<number> {
    const claimed = this.#of(threadId).filter((r) => r.state === "dispatching");
    for (const row of claimed) {
      Object.assign(row, { state: "failed", failure: { ...failure }, updatedAtMs: Date.now() });
    }
    return Promise.resolve(claimed.length);
  }

  #of(threadId: string): QueuedTurnRecord[] {
    let rows = this.#rows.get(threadId);
    if (!rows) this.#rows.set(threadId, rows = []);
    return rows;
  }

  #visible(threadId: string): QueuedTurnRecord[] {
    return this.#of(threadId).filter((r) => r.state !== "dispatching").sort((a, b) => a.queueOrder - b.queueOrder);
  }

  #find(queuedTurnId: string): QueuedTurnRecord | undefined {
    for (const rows of this.#rows.values()) {
      const row = rows.find((r) => r.id === queuedTurnId);
      if (row) return row;
    }
    return undefined;
  }
}

function copy(row: QueuedTurnRecord): QueuedTurnRecord {
  return structuredClone(row);
}
