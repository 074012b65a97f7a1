/**
 * @module
 * `IndexedThreadStore`: the JSONL rollouts (`JsonlThreadStore`, the source of truth) plus the
 * SQLite index (`ThreadIndex`) for `listPage`, names, archiving and queued turns (`queue`, kept in
 * the database only). The index is updated cheaply: a row at `create()`, then `updatedAt` and the
 * preview at turn boundaries, never per delta. Names and archive states are appended to the
 * rollout as events too, so a rebuild restores them. When the database cannot be opened, the store
 * warns once and answers from the rollouts (slower listing, no archive filter, no queued turns).
 */
import { type CancelTimer, dirname, join, resolve, startTimer, ThreadNotFoundError } from "../../kernel/mod.ts";
import type {
  LoadedRollout,
  RolloutRecord,
  SessionMeta,
  StoredThreadSummary,
  ThreadListQuery,
  ThreadPage,
  ThreadStore,
  TurnQueueStore,
} from "../../kernel/mod.ts";
import { type IndexRow, ThreadIndex } from "./index_db.ts";
import { journalNewThread, replayJournal } from "./index_journal.ts";
import { QueuedTurnTable, sqliteTurnQueue } from "./queued_turns.ts";
import { rowOfMeta, rowsFromRollouts, userStateOf } from "./index_rebuild.ts";
import { type JsonlStoreOptions, JsonlThreadStore } from "./jsonl_store.ts";
import { findRollout } from "./rollout_files.ts";
import { userTextOf } from "./rollout_reader.ts";

/** How long after the first index write the database opens, unless something needs it sooner. */
const OPEN_DELAY_MS = 250;

/** The index's file name under `$TERN_HOME`. */
export const INDEX_FILE = "state.sqlite";

/** Options for `IndexedThreadStore`. */
export interface IndexedStoreOptions extends JsonlStoreOptions {
  /** Where the index lives. @default `$TERN_HOME/state.sqlite` */
  indexPath?: string;
  /** How long after the first index write the database opens unless needed sooner. @default 250 */
  indexOpenDelayMs?: number;
}

/** JSONL rollouts with an SQLite index beside them. */
export class IndexedThreadStore implements ThreadStore {
  readonly rollouts: JsonlThreadStore;
  readonly indexPath: string;
  readonly #ternHome: string;
  readonly #warn: (message: string) => void;
  readonly #log: (message: string) => void;
  /** undefined until opened; null when the database cannot be used. */
  #index: ThreadIndex | null | undefined;
  #opening: Promise<ThreadIndex | null> | null = null;
  /** The first user text seen in the running turn, per thread whose preview may be missing. */
  readonly #pendingPreview = new Map<string, string>();
  /** Threads whose preview is recorded. */
  readonly #previewDone = new Set<string>();
  #indexFailed = false;
  /** Index writes made before the database was opened, applied in order when it opens. */
  #pending: ((index: ThreadIndex) => void)[] = [];
  #cancelOpenSoon: CancelTimer | undefined;
  /** New rollouts this store journalled before its index opened (`index_journal.ts`). */
  readonly #journalled = new Set<string>();
  readonly #openDelayMs: number;
  #queueTable: QueuedTurnTable | null = null;
  /** Queued turns (`thread/queue/*`), kept in the index database only; rejects when it cannot be opened. */
  readonly queue: TurnQueueStore = sqliteTurnQueue(async () => {
    const index = await this.index();
    if (!index) {
      throw new Error(`Cannot use queued turns: the thread index "${this.indexPath}" cannot be opened`);
    }
    return this.#queueTable ??= new QueuedTurnTable(index.db);
  });

  constructor(options: IndexedStoreOptions) {
    this.rollouts = new JsonlThreadStore(options);
    this.#ternHome = options.ternHome;
    this.indexPath = options.indexPath ?? join(options.ternHome, INDEX_FILE);
    this.#openDelayMs = options.indexOpenDelayMs ?? OPEN_DELAY_MS;
    this.#warn = options.warn ?? ((message) => console.warn(message));
    this.#log = options.log ?? (() => {});
  }

  /** The open index, or null (warned once) when it cannot be used. */
  index(): Promise<ThreadIndex | null> {
    if (this.#index !== undefined) return Promise.resolve(this.#index);
    this.#opening ??= (async () => {
      this.#cancelOpenSoon?.();
      try {
        await Deno.mkdir(this.#ternHome, { recursive: true });
        this.#index = await ThreadIndex.open(this.indexPath);
        // Threads whose runs died before their rows were written (`index_journal.ts`).
        await replayJournal(dirname(this.indexPath), this.#index, { own: this.#journalled, skip: this.#warn });
      } catch (error) {
        this.#warn(
          `Cannot open the thread index "${this.indexPath}": ${(error as Error).message}; ` +
            "threads are listed from the rollouts instead",
        );
        this.#index = null;
      }
      for (const write of this.#pending.splice(0)) this.#write(this.#index, write);
      return this.#index;
    })();
    return this.#opening;
  }

  async create(meta: SessionMeta): Promise<{ path: string | null }> {
    const created = await this.rollouts.create(meta);
    // The rollout is the record; the index row follows once the database is open. Opening it
    // loads SQLite and Deno's Node layer (~8 ms), which a new thread's first model request does
    // not wait for: it opens when something needs it (a listing, the turn queue, flush, close) or
    // OPEN_DELAY_MS later. Writes made meanwhile are applied first, in order.
    if (this.#index === undefined && created.path) {
      journalNewThread(dirname(this.indexPath), created.path);
      this.#journalled.add(created.path);
    }
    this.#withIndex((db) => db.upsert(rowOfMeta(meta, created.path!, Date.now())));
    return created;
  }

  append(threadId: string, records: RolloutRecord[]): void {
    this.rollouts.append(threadId, records);
    for (const record of records) this.#observe(threadId, record);
  }

  async load(threadId: string): Promise<LoadedRollout | null> {
    const loaded = await this.rollouts.load(threadId);
    if (!loaded) return null;
    // The last recorded name wins over the one in session_meta.
    for (const record of loaded.records) {
      const state = userStateOf(record);
      if (state && "name" in state) loaded.meta.name = state.name;
    }
    return loaded;
  }

  findLatest(options?: { cwd?: string }): Promise<string | null> {
    return this.rollouts.findLatest(options);
  }

  list(options?: { limit?: number; cwd?: string }): Promise<StoredThreadSummary[]> {
    return this.rollouts.list(options);
  }

  async flush(): Promise<void> {
    await this.#settled();
    return this.rollouts.flush();
  }

  /** One page from the index (filled in from the rollouts on its first use). */
  async listPage(query: ThreadListQuery): Promise<ThreadPage> {
    const index = await this.index();
    if (index) {
      if (index.state("backfilled") === null) await this.rebuild();
      return index.list(query);
    }
    return await this.#listFromRollouts(query);
  }

  async setName(threadId: string, name: string | null): Promise<void> {
    await this.#setUserState(threadId, { method: "thread/name/updated", params: { threadId, threadName: name } });
  }

  async setArchived(threadId: string, archived: boolean): Promise<void> {
    await this.#setUserState(threadId, {
      method: archived ? "thread/archived" : "thread/unarchived",
      params: { threadId },
    });
  }

  /** Removes the thread's rollout, then its index row and queued turns; false when neither existed. */
  async delete(threadId: string): Promise<boolean> {
    await this.#settled();
    const removedFile = await this.rollouts.delete(threadId);
    const index = await this.index();
    const removedRow = index?.remove(threadId) ?? false;
    this.#pendingPreview.delete(threadId);
    this.#previewDone.delete(threadId);
    return removedFile || removedRow;
  }

  /** Rebuilds the index from the rollouts; returns how many threads it holds. */
  async rebuild(): Promise<number> {
    const index = await this.index();
    if (!index) throw new Error(`Cannot rebuild the thread index "${this.indexPath}": the database cannot be opened`);
    const rows = await rowsFromRollouts(this.#ternHome, this.#log);
    index.replaceAll(rows);
    index.setState("backfilled", new Date().toISOString());
    return rows.length;
  }

  /** Closes the index. */
  async close(): Promise<void> {
    await this.#settled();
    this.#cancelOpenSoon?.();
    this.#index?.close();
    this.#index = null;
  }

  /** Updates the index for one appended record, at turn boundaries only. */
  #observe(threadId: string, record: RolloutRecord): void {
    if (record.type === "event") {
      const method = record.payload.method;
      if (method === "turn/started" || method === "turn/completed") {
        const preview = this.#pendingPreview.get(threadId);
        if (preview !== undefined) {
          this.#pendingPreview.delete(threadId);
          this.#previewDone.add(threadId);
        }
        this.#withIndex((db) => db.touch(threadId, Date.now(), preview));
        return;
      }
      const state = userStateOf(record);
      if (state) {
        this.#withIndex((db) => {
          if ("name" in state) db.set(threadId, "name", state.name ?? null);
          if ("archived" in state) db.set(threadId, "archived", state.archived ? 1 : 0);
        });
        return;
      }
    }
    if (this.#previewDone.has(threadId) || this.#pendingPreview.has(threadId)) return;
    if (record.type === "response_item" && record.payload.type !== "message") return;
    const text = userTextOf(record);
    if (text !== null) this.#pendingPreview.set(threadId, text);
  }

  /** Runs `fn` on the index now, or once it is open; failures are reported once. */
  /** Waits until every index write made so far is applied (opening the database if writes wait for it). */
  async #settled(): Promise<void> {
    await (this.#pending.length ? this.index() : this.#opening);
  }

  #withIndex(fn: (index: ThreadIndex) => void): void {
    if (this.#index !== undefined) this.#write(this.#index, fn);
    else if (this.#opening) void this.#opening.then((index) => this.#write(index, fn));
    else {
      this.#pending.push(fn);
      // flush() and close() open it at once if the run ends first (and cancel this timer).
      this.#cancelOpenSoon ??= startTimer(this.#openDelayMs, () => void this.index());
    }
  }

  #write(index: ThreadIndex | null, fn: (index: ThreadIndex) => void): void {
    if (!index) return;
    try {
      fn(index);
    } catch (error) {
      if (!this.#indexFailed) {
        this.#indexFailed = true;
        this.#warn(`Cannot update the thread index "${this.indexPath}": ${(error as Error).message}`);
      }
    }
  }

  async #setUserState(threadId: string, event: Extract<RolloutRecord, { type: "event" }>["payload"]): Promise<void> {
    const index = await this.index();
    const known = index?.get(threadId) ?? await findRollout(this.#ternHome, threadId);
    if (!known) throw new ThreadNotFoundError(threadId, "update", "the store has no thread with that id");
    this.append(threadId, [{ type: "event", payload: event }]);
    await this.flush();
  }

  /** The slow path without a database: every rollout read, filtered, then a page by offset. */
  async #listFromRollouts(query: ThreadListQuery): Promise<ThreadPage> {
    if (query.archived) return { data: [], nextCursor: null, backwardsCursor: null };
    const cwds = query.cwd?.map((cwd) => resolve(cwd));
    const term = query.searchTerm?.toLowerCase();
    const key = query.sortKey === "updated_at" ? "updatedAt" : "createdAt";
    const rows = (await this.rollouts.list()).filter((row) =>
      (!cwds?.length || cwds.includes(resolve(row.cwd))) &&
      (!term || row.preview.toLowerCase().includes(term))
    ).sort((a, b) => (a[key] < b[key] ? 1 : a[key] > b[key] ? -1 : 0));
    const start = query.cursor ? Number.parseInt(query.cursor, 10) : 0;
    if (!Number.isInteger(start) || start < 0) throw new TypeError(`Invalid cursor "${query.cursor}"`);
    const limit = query.limit ?? 25;
    const end = start + limit;
    return {
      data: rows.slice(start, end),
      nextCursor: end < rows.length ? String(end) : null,
      backwardsCursor: start > 0 ? String(Math.max(0, start - limit)) : null,
    };
  }
}

export type { IndexRow };
