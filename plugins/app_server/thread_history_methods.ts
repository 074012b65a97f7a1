/**
 * @module
 * Paged thread history: `thread/turns/list`, `thread/items/list`, and the first page of turns that
 * `thread/resume` answers with when asked (`initialTurnsPage`). A thread loaded here is read from
 * memory; another is read from the store without loading it. A cursor is opaque to clients: it
 * names a turn (or a turn's item) and whether the next page starts at it or just past it, so a page
 * stays put when turns are added at the end; one that names a turn the thread no longer has (rolled
 * back), or that this server did not give out, is refused with -32602 naming `cursor`.
 */
import type {
  SortDirection,
  ThreadItemEntry,
  ThreadItemsListParams,
  ThreadItemsListResponse,
  ThreadResumeInitialTurnsPageParams,
  ThreadTurnsListParams,
  Turn,
  TurnItemsView,
  TurnsPage,
} from "../../kernel/mod.ts";
import type { MethodContext } from "./method_context.ts";
import { RpcCodes, RpcError, threadNotFound } from "./rpc_error.ts";
import { storedThread } from "./stored_thread.ts";

/** Page sizes when the request gives none (or 0), and the most a page holds. */
const DEFAULT_TURNS = 50;
const DEFAULT_ITEMS = 100;
const MAX_PAGE = 1000;

/** Where a page starts: at `key` (inclusive) or just past it. */
interface Position {
  key: string;
  inclusive: boolean;
}

/** `thread/turns/list`: a page of turns, newest first unless `sortDirection` is `asc`. */
export async function threadTurnsList(params: ThreadTurnsListParams, ctx: MethodContext): Promise<TurnsPage> {
  const turns = await threadTurns(params.threadId, ctx);
  const position = params.cursor ? decodeCursor(params.cursor, "thread/turns/list") : null;
  return turnsPage(turns, { ...params, position }, "thread/turns/list");
}

/**
 * The first page `thread/resume` answers with (`initialTurnsPage`), and the cursor that pages back
 * from the newest turn, included (`turnsBackwardsCursor`).
 */
export function resumePages(
  turns: Turn[],
  initial: ThreadResumeInitialTurnsPageParams | null | undefined,
): { initialTurnsPage?: TurnsPage; turnsBackwardsCursor: string | null } {
  const newest = turns.at(-1);
  const turnsBackwardsCursor = newest ? encodeCursor({ key: newest.id, inclusive: true }) : null;
  if (!initial) return { turnsBackwardsCursor };
  return { initialTurnsPage: turnsPage(turns, { ...initial, position: null }, "thread/resume"), turnsBackwardsCursor };
}

/**
 * The cursors that page back from a thread's end (`thread/revert`'s answer): from its newest turn
 * and from its newest item, each included; null when the thread has none.
 */
export function backwardsCursors(turns: Turn[]): {
  turnsBackwardsCursor: string | null;
  itemsBackwardsCursor: string | null;
} {
  const { turnsBackwardsCursor } = resumePages(turns, null);
  const lastTurn = turns.findLast((turn) => turn.items.length > 0);
  const lastItem = lastTurn?.items.at(-1);
  const itemsBackwardsCursor = lastTurn && lastItem
    ? encodeCursor({ key: itemKey(lastTurn.id, lastItem.id), inclusive: true })
    : null;
  return { turnsBackwardsCursor, itemsBackwardsCursor };
}

/** `thread/items/list`: a page of items, oldest first unless `sortDirection` is `desc`. */
export async function threadItemsList(
  params: ThreadItemsListParams,
  ctx: MethodContext,
): Promise<ThreadItemsListResponse> {
  const method = "thread/items/list";
  let turns = await threadTurns(params.threadId, ctx);
  if (params.turnId) {
    turns = turns.filter((t) => t.id === params.turnId);
    if (!turns.length) throw badParam(method, "turnId", `thread ${params.threadId} has no turn ${params.turnId}`);
  }
  const entries: ThreadItemEntry[] = turns.flatMap((turn) => turn.items.map((item) => ({ item, turnId: turn.id })));
  let position: Position | null = null;
  if (typeof params.cursor === "string") position = decodeCursor(params.cursor, method);
  else if (params.cursor) {
    if (!params.turnId) throw badParam(method, "turnId", "an item anchor in `cursor` needs the turn it is in");
    position = { key: itemKey(params.turnId, params.cursor.itemId), inclusive: false };
  }
  const page = paginate(entries, (e) => itemKey(e.turnId, e.item.id), {
    position,
    direction: params.sortDirection ?? "asc",
    limit: pageSize(params.limit, DEFAULT_ITEMS),
    method,
  });
  return page;
}

/** The turns of a loaded thread, or of a stored one read without loading it. */
async function threadTurns(threadId: string, { runtime, server }: MethodContext): Promise<Turn[]> {
  const live = runtime.threads.get(threadId);
  if (live) return server.wireThread(live, { includeTurns: true }).turns;
  const rollout = await runtime.store?.load(threadId);
  if (!rollout) throw threadNotFound(threadId, "no loaded or stored thread has that id");
  return storedThread(rollout, { includeTurns: true }).turns;
}

function turnsPage(
  turns: Turn[],
  options: {
    position: Position | null;
    limit?: number | null;
    sortDirection?: SortDirection | null;
    itemsView?: TurnItemsView | null;
  },
  method: string,
): TurnsPage {
  const page = paginate(turns, (t) => t.id, {
    position: options.position,
    direction: options.sortDirection ?? "desc",
    limit: pageSize(options.limit, DEFAULT_TURNS),
    method,
  });
  const view = options.itemsView ?? "summary";
  return { ...page, data: page.data.map((turn) => withItemsView(turn, view)) };
}

/** `turn` with its items as `view` asks: all of them, none, or a summary (the user's messages and the last answer). */
function withItemsView(turn: Turn, view: TurnItemsView): Turn {
  if (view === "full") return { ...turn, itemsView: "full" };
  if (view === "notLoaded") return { ...turn, items: [], itemsView: "notLoaded" };
  const answer = turn.items.findLast((i) => i.type === "agentMessage");
  const items = turn.items.filter((i) => i.type === "userMessage" || i === answer);
  return { ...turn, items, itemsView: "summary" };
}

/** One page of `list` (oldest first) in `direction`, from `position`, with the cursors around it. */
function paginate<T>(
  list: T[],
  keyOf: (entry: T) => string,
  options: { position: Position | null; direction: SortDirection; limit: number; method: string },
): { data: T[]; nextCursor: string | null; backwardsCursor: string | null } {
  const ordered = options.direction === "asc" ? list : [...list].reverse();
  let start = 0;
  if (options.position) {
    const at = ordered.findIndex((entry) => keyOf(entry) === options.position!.key);
    if (at < 0) throw badParam(options.method, "cursor", "it names an entry this thread no longer has");
    start = at + (options.position.inclusive ? 0 : 1);
  }
  const data = ordered.slice(start, start + options.limit);
  const last = data.at(-1);
  const more = start + data.length < ordered.length;
  return {
    data,
    nextCursor: last && more ? encodeCursor({ key: keyOf(last), inclusive: false }) : null,
    backwardsCursor: data.length ? encodeCursor({ key: keyOf(data[0]), inclusive: true }) : null,
  };
}

function pageSize(limit: number | null | undefined, fallback: number): number {
  return Math.min(limit || fallback, MAX_PAGE);
}

const itemKey = (turnId: string, itemId: string) => `${turnId}/${itemId}`;

const CURSOR_PREFIX = "tern1:";

function encodeCursor(position: Position): string {
  const json = JSON.stringify([position.key, position.inclusive ? 1 : 0]);
  return CURSOR_PREFIX + btoa(String.fromCharCode(...new TextEncoder().encode(json)));
}

function decodeCursor(cursor: string, method: string): Position {
  try {
    if (!cursor.startsWith(CURSOR_PREFIX)) throw new Error();
    const bytes = Uint8Array.from(atob(cursor.slice(CURSOR_PREFIX.length)), (c) => c.charCodeAt(0));
    const [key, inclusive] = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof key !== "string" || (inclusive !== 0 && inclusive !== 1)) throw new Error();
    return { key, inclusive: inclusive === 1 };
  } catch {
    throw badParam(method, "cursor", "not a cursor this server gave out (pass a `nextCursor` or `backwardsCursor`)");
  }
}

function badParam(method: string, field: string, why: string): RpcError {
  return new RpcError(RpcCodes.INVALID_PARAMS, `Invalid params for "${method}" at "${field}": ${why}`);
}
