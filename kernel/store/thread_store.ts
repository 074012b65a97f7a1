/**
 * @module
 * The persistence contract. The kernel records every thread as an ordered list of rollout
 * records and hands them to whichever `ThreadStore` a plugin registered; resume reads them back.
 * The kernel itself writes no file.
 */
import type { ResponseItem } from "../protocol/model.ts";
import type { Notification } from "../protocol/notifications.ts";
import type { AskForApproval, SandboxMode, SessionSource } from "../protocol/thread.ts";
import type { DynamicToolSpec, TurnStartParams } from "../protocol/methods.ts";
import type { TurnError } from "../protocol/turn.ts";

/** The first record of a thread: who started it, where, with what. */
export interface SessionMeta {
  id: string;
  /** ISO 8601 creation time. */
  timestamp: string;
  cwd: string;
  originator: string;
  cliVersion: string;
  source: SessionSource;
  modelProvider: string;
  model: string;
  forkedFromId?: string | null;
  name?: string | null;
  /** Tools the client declared at start (`thread/start.dynamicTools`), answered through `item/tool/call`. */
  dynamicTools?: DynamicToolSpec[];
}

/** Settings in force for one turn, written once per turn. */
export interface TurnContextRecord {
  turnId: string;
  cwd: string;
  model: string;
  approvalPolicy: AskForApproval;
  sandboxMode: SandboxMode;
  effort?: string | null;
}

/** One record of a rollout. Lines on disk add a `timestamp`. */
export type RolloutRecord =
  | { type: "session_meta"; payload: SessionMeta }
  | { type: "turn_context"; payload: TurnContextRecord }
  | { type: "response_item"; payload: ResponseItem }
  /** A notification worth replaying on resume: `turn/started`, `item/completed`, `turn/completed`. */
  | { type: "event"; payload: Notification }
  /** `thread/rollback`: the last `numTurns` turns (and their history) are dropped from here on. */
  | { type: "rollback"; payload: { numTurns: number } }
  /** A compaction: the model history is `replacementHistory` from here on (`message` is the summary). */
  | { type: "compacted"; payload: CompactedRecord }
  /** `thread/metadata/update`: the thread's git metadata from here on (null: none). */
  | { type: "thread_metadata"; payload: { gitInfo: GitInfoRecord | null } };

/** A thread's git metadata, as `thread/metadata/update` records it. */
export interface GitInfoRecord {
  sha: string | null;
  branch: string | null;
  originUrl: string | null;
}

/** What a compaction leaves: the summary, and the history that replaces everything before it. */
export interface CompactedRecord {
  /** The summary the model wrote. */
  message: string;
  /** The model history after the compaction: recent user messages, then the summary message. */
  replacementHistory: ResponseItem[];
}

/** What `ThreadStore.load()` hands back. */
export interface LoadedRollout {
  meta: SessionMeta;
  records: RolloutRecord[];
  /** Where the rollout lives, for the user (null for stores without files). */
  path: string | null;
  /** Problems met while reading (a torn last line, ...), each a sentence for the user. */
  warnings: string[];
}

/** A summary row for listing threads. */
export interface StoredThreadSummary {
  id: string;
  path: string | null;
  cwd: string;
  createdAt: string;
  updatedAt: string;
  preview: string;
  /** The fields below are filled by stores that keep an index (`listPage()`). */
  modelProvider?: string;
  source?: SessionSource;
  cliVersion?: string;
  name?: string | null;
  archived?: boolean;
  forkedFromId?: string | null;
}

/** What `ThreadStore.listPage()` filters and sorts by (the `thread/list` params). */
export interface ThreadListQuery {
  /** An opaque cursor from a previous page's `nextCursor` or `backwardsCursor`. */
  cursor?: string | null;
  /** Rows per page; a page is filled up to `limit` after filtering. */
  limit?: number;
  /** @default "created_at" */
  sortKey?: "created_at" | "updated_at";
  /** Archived threads only (true) or unarchived only (false, the default). */
  archived?: boolean;
  /** Threads started in one of these directories. */
  cwd?: string[];
  /** A case-insensitive substring of the preview or the name. */
  searchTerm?: string;
  modelProviders?: string[];
}

/** One page of `ThreadStore.listPage()`, newest first. */
export interface ThreadPage {
  data: StoredThreadSummary[];
  /** Continues after the last row; null on the last page. */
  nextCursor: string | null;
  /** Lists the rows before this page (newest first), or null on the first page. */
  backwardsCursor: string | null;
}

/** Persistence, implemented by a plugin (the built-in one writes JSONL rollouts). */
export interface ThreadStore {
  /** Starts a new rollout with its `session_meta`; returns where it lives. */
  create(meta: SessionMeta): Promise<{ path: string | null }>;
  /** Appends records in order. Writes may be buffered; `flush()` waits for them. */
  append(threadId: string, records: RolloutRecord[]): void;
  /** Reads a thread back, or null when the store has no such thread. */
  load(threadId: string): Promise<LoadedRollout | null>;
  /** The most recently updated thread, optionally only those started in `cwd`. */
  findLatest(options?: { cwd?: string }): Promise<string | null>;
  /** Threads, most recently updated first. */
  list(options?: { limit?: number; cwd?: string }): Promise<StoredThreadSummary[]>;
  /** Resolves when every appended record is on disk. */
  flush(): Promise<void>;
  /** One page of threads, filtered then sorted newest first (stores with an index). */
  listPage?(query: ThreadListQuery): Promise<ThreadPage>;
  /** Records a thread's name (null clears it); rejects when the store has no such thread. */
  setName?(threadId: string, name: string | null): Promise<void>;
  /** Records whether a thread is archived; rejects when the store has no such thread. */
  setArchived?(threadId: string, archived: boolean): Promise<void>;
  /** Removes a thread for good (its rollout, index row and queued turns); false when the store has no such thread. */
  delete?(threadId: string): Promise<boolean>;
  /** Persistent per-thread queues of future turns (`thread/queue/*`), for stores that keep them. */
  queue?: TurnQueueStore;
}

/**
 * Where a queued turn is: waiting (`pending`), claimed and being started (`dispatching`, which
 * clients never see), or its start failed (`failed`, visible with its error, never retried).
 */
export type QueuedTurnState = "pending" | "dispatching" | "failed";

/** One row of a thread's turn queue. */
export interface QueuedTurnRecord {
  /** A UUIDv7 (time-ordered). */
  id: string;
  threadId: string;
  /** The `turn/start` params the turn will run with, as queued. */
  turnStartParams: TurnStartParams;
  /** Position in the thread's queue: lower runs first. */
  queueOrder: number;
  state: QueuedTurnState;
  /** The id of the turn a `dispatching` row started, once known. */
  dispatchTurnId: string | null;
  /** Why a `failed` row could not start. */
  failure: TurnError | null;
  createdAtMs: number;
  updatedAtMs: number;
}

/**
 * A persistent FIFO of future turns per thread. Visible rows are `pending` and `failed` ones, in
 * queue order. The head (lowest order among visible rows) is claimed only when it is `pending`
 * and no row of the thread is `dispatching`, so a failed head blocks the queue until it is
 * deleted or reordered, and a thread has at most one turn being started. Every operation is
 * atomic, also across processes sharing the store.
 */
export interface TurnQueueStore {
  /** Adds a `pending` row at the tail. */
  append(threadId: string, turnStartParams: TurnStartParams): Promise<QueuedTurnRecord>;
  /** Visible rows in queue order, `limit` of them from `offset` (all by default). */
  listVisible(threadId: string, page?: { offset?: number; limit?: number }): Promise<QueuedTurnRecord[]>;
  /** Deletes a visible row; false for an unknown id, another thread's row or a `dispatching` one. */
  delete(threadId: string, queuedTurnId: string): Promise<boolean>;
  /**
   * Puts the visible rows in the order of `queuedTurnIds`, which must name each exactly once
   * (else it rejects with a `RangeError`); resolves to the visible rows in their new order.
   */
  reorder(threadId: string, queuedTurnIds: string[]): Promise<QueuedTurnRecord[]>;
  /** Marks the head `dispatching` and returns it, or null (empty, failed head, or a claim in progress). */
  claimHead(threadId: string): Promise<QueuedTurnRecord | null>;
  /** Gives a claimed row whose turn did not start back to the queue (`pending`); false when it is not claimed. */
  releaseClaim(queuedTurnId: string): Promise<boolean>;
  /** Records the turn a claimed row started; false when the row is no longer `dispatching`. */
  setDispatchTurnId(queuedTurnId: string, turnId: string): Promise<boolean>;
  /** Deletes the `dispatching` row that started `turnId` (its turn has started); false when none did. */
  removeDispatching(threadId: string, turnId: string): Promise<boolean>;
  /** Marks a `dispatching` row `failed` with `failure`; false when it is no longer `dispatching`. */
  markFailed(queuedTurnId: string, failure: TurnError): Promise<boolean>;
  /** Marks every `dispatching` row of the thread `failed` (left behind by a stopped process); returns how many. */
  recoverDispatching(threadId: string, failure: TurnError): Promise<number>;
}
