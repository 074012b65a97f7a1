/**
 * @module
 * The experimental queue methods (Codex's `thread/queue/*`): `add` (a loaded, non-ephemeral
 * thread; the params are those of `turn/start`, as the reference has it, or Codex 0.169's
 * `clientUserMessageId` and `input`; delete and reorder take either's id field names), `list` (visible rows a page at a time; the
 * cursor is an offset), `delete` and `reorder` (every visible row exactly once). Add, delete and
 * reorder send `thread/queue/changed` after their response, then let the queue drain. Error texts
 * are Codex's, word for word, so that its clients recognise them.
 */
import {
  type QueuedTurn,
  type ThreadQueueAddParams,
  type ThreadQueueAddResponse,
  type ThreadQueueDeleteParams,
  type ThreadQueueDeleteResponse,
  type ThreadQueueListParams,
  type ThreadQueueListResponse,
  type ThreadQueueReorderParams,
  type ThreadQueueReorderResponse,
  type TurnStartParams,
} from "../../kernel/mod.ts";
import type { MethodContext } from "./method_context.ts";
import { toWireQueuedTurn } from "./queue_dispatcher.ts";
import { invalidRequest, RpcCodes, RpcError } from "./rpc_error.ts";
import { checkInputSize } from "./turn_prepare.ts";

/** `-32602` for `thread/queue/*` params that fit neither the reference's shape nor Codex 0.169's. */
function invalidParams(message: string): RpcError {
  return new RpcError(RpcCodes.INVALID_PARAMS, `Invalid params: ${message}`);
}

/** Rows per `thread/queue/list` page when the client names no limit. */
export const DEFAULT_LIST_LIMIT = 25;
/** The most rows one `thread/queue/list` page holds. */
export const MAX_LIST_LIMIT = 100;

/** Queues a turn at the tail of a loaded thread's queue. */
export async function threadQueueAdd(
  params: ThreadQueueAddParams,
  ctx: MethodContext,
): Promise<ThreadQueueAddResponse> {
  const { threadId } = params;
  const turnStartParams = addedTurn(params);
  if (threadId !== turnStartParams.threadId) {
    throw invalidRequest("`threadId` must match `turnStartParams.threadId`");
  }
  const thread = ctx.runtime.threads.get(threadId);
  if (!thread) throw invalidRequest(`thread not found: ${threadId}`);
  if (thread.ephemeral) throw invalidRequest(`ephemeral thread does not support queued turns: ${threadId}`);
  checkInputSize(turnStartParams.input);
  const { queue } = ctx.server;
  const row = await internal("failed to add queued turn", () => queue.store.append(threadId, turnStartParams));
  const snapshot = await readSnapshot(ctx, threadId);
  ctx.afterResponse(() => announceAndDrain(ctx, threadId, snapshot));
  const queuedTurn = toWireQueuedTurn(row);
  const { id, clientUserMessageId, input } = queuedTurn;
  return { queuedTurn, queuedSubmission: { id, clientUserMessageId, input } };
}

/** The turn to queue: the reference's `turnStartParams`, or Codex 0.169's `clientUserMessageId` and `input`. */
function addedTurn(params: ThreadQueueAddParams): TurnStartParams {
  const { threadId, turnStartParams, clientUserMessageId, input } = params;
  if (turnStartParams && (clientUserMessageId !== undefined || input !== undefined)) {
    throw invalidParams("give either `turnStartParams` or `clientUserMessageId` and `input`, not both");
  }
  if (turnStartParams) return turnStartParams;
  if (clientUserMessageId === undefined || input === undefined) {
    throw invalidParams("missing `turnStartParams` (or Codex 0.169's `clientUserMessageId` and `input`)");
  }
  return { threadId, clientUserMessageId, input };
}

/** One of two names for the same field (the reference's, then Codex 0.169's); -32602 when neither is given. */
function either<T>(reference: T | undefined, codex: T | undefined, names: string): T {
  if (reference !== undefined) return reference;
  if (codex !== undefined) return codex;
  throw invalidParams(`missing ${names}`);
}

/** The thread's visible queued turns, a page at a time. */
export async function threadQueueList(
  params: ThreadQueueListParams,
  ctx: MethodContext,
): Promise<ThreadQueueListResponse> {
  const cursor = params.cursor ?? null;
  if (cursor !== null && !/^\d+$/.test(cursor)) throw invalidRequest(`invalid cursor: ${cursor}`);
  const offset = cursor === null ? 0 : Number(cursor);
  const limit = Math.min(Math.max(params.limit ?? DEFAULT_LIST_LIMIT, 1), MAX_LIST_LIMIT);
  const rows = await internal(
    "failed to read queued turns",
    () => ctx.server.queue.store.listVisible(params.threadId, { offset, limit: limit + 1 }),
  );
  return {
    data: rows.slice(0, limit).map(toWireQueuedTurn),
    nextCursor: rows.length > limit ? String(offset + limit) : null,
  };
}

/** Deletes a pending or failed queued turn; `deleted: false` for any other id. */
export async function threadQueueDelete(
  params: ThreadQueueDeleteParams,
  ctx: MethodContext,
): Promise<ThreadQueueDeleteResponse> {
  const { threadId } = params;
  const queuedTurnId = either(
    params.queuedTurnId,
    params.queuedSubmissionId,
    "`queuedTurnId` (or `queuedSubmissionId`)",
  );
  const store = ctx.server.queue.store;
  const deleted = await internal("failed to delete queued turn", () => store.delete(threadId, queuedTurnId));
  if (deleted) {
    const snapshot = await readSnapshot(ctx, threadId);
    ctx.afterResponse(() => announceAndDrain(ctx, threadId, snapshot));
  }
  return { deleted };
}

/** Puts the visible queued turns in the order the client names. */
export async function threadQueueReorder(
  params: ThreadQueueReorderParams,
  ctx: MethodContext,
): Promise<ThreadQueueReorderResponse> {
  const { threadId } = params;
  const queuedTurnIds = either(
    params.queuedTurnIds,
    params.queuedSubmissionIds,
    "`queuedTurnIds` (or `queuedSubmissionIds`)",
  );
  let queuedTurns: QueuedTurn[];
  try {
    queuedTurns = (await ctx.server.queue.store.reorder(threadId, queuedTurnIds)).map(toWireQueuedTurn);
  } catch (error) {
    throw invalidRequest(`failed to reorder queued turns: ${messageOf(error)}`);
  }
  ctx.afterResponse(() => announceAndDrain(ctx, threadId, queuedTurns));
  return { queuedTurns };
}

/** Sends the snapshot (when it could be read) and lets the queue start its head. */
function announceAndDrain(ctx: MethodContext, threadId: string, snapshot: QueuedTurn[] | null): void {
  const { queue } = ctx.server;
  if (snapshot) queue.announce(threadId, snapshot);
  void queue.drain(threadId);
}

/** The snapshot to announce after the response, or null (logged) when it cannot be read. */
async function readSnapshot(ctx: MethodContext, threadId: string): Promise<QueuedTurn[] | null> {
  try {
    return await ctx.server.queue.snapshot(threadId);
  } catch (error) {
    ctx.runtime.warn(`[app-server] failed to read queue snapshot for thread ${threadId}: ${messageOf(error)}`);
    return null;
  }
}

/** Runs a store operation; a failure is an internal error prefixed with `what`. */
async function internal<T>(what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new RpcError(RpcCodes.INTERNAL_ERROR, `${what}: ${messageOf(error)}`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
