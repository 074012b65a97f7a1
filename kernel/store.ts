/**
 * @module
 * The persistence contract. The kernel records every thread as an ordered list of rollout
 * records and hands them to whichever `ThreadStore` a plugin registered; resume reads them back.
 * The kernel itself writes no file.
 */
import type { ResponseItem } from "./protocol/model.ts";
import type { Notification } from "./protocol/notifications.ts";
import type { AskForApproval, SandboxMode, SessionSource } from "./protocol/thread.ts";
import type { DynamicToolSpec } from "./protocol/methods.ts";

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
  | { type: "rollback"; payload: { numTurns: number } };

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
}
