/**
 * @module
 * The thread methods answered from the store's index: `thread/list` (a page filtered in the
 * index, so it is filled up to `limit`; loaded threads show their live status), `thread/name/set`
 * (`thread/name/updated` to every connection), `thread/archive` (unloading a loaded thread first)
 * and `thread/unarchive` (`thread/archived` / `thread/unarchived`). Names of ephemeral threads live only in memory.
 */
import {
  type EmptyResponse,
  type StoredThreadSummary,
  type ThreadArchiveParams,
  type ThreadListParams,
  type ThreadListResponse,
  type ThreadNameSetParams,
  ThreadNotFoundError,
  type ThreadStore,
  type ThreadUnarchiveResponse,
} from "../../kernel/mod.ts";
import type { MethodContext } from "./method_context.ts";
import { invalidRequest } from "./rpc_error.ts";
import { storedThread } from "./stored_thread.ts";
import { closeThread } from "./thread_close.ts";

type WireThread = ThreadListResponse["data"][number];

/** A page of stored threads, newest first. */
export async function threadList(params: ThreadListParams, ctx: MethodContext): Promise<ThreadListResponse> {
  const store = storeWith(ctx, "listPage", "thread/list");
  let page;
  try {
    page = await store.listPage!({
      cursor: params.cursor ?? null,
      limit: params.limit ?? undefined,
      sortKey: params.sortKey ?? undefined,
      archived: params.archived ?? false,
      cwd: params.cwd == null ? undefined : [params.cwd].flat(),
      searchTerm: params.searchTerm ?? undefined,
      modelProviders: params.modelProviders ?? undefined,
    });
  } catch (error) {
    if (error instanceof TypeError) throw invalidRequest(error.message);
    throw error;
  }
  const data = page.data.map((row) => {
    const live = ctx.runtime.threads.get(row.id);
    return live ? { ...ctx.server.wireThread(live), name: live.meta.name ?? row.name ?? null } : wireOf(row);
  });
  return { data, nextCursor: page.nextCursor, backwardsCursor: page.backwardsCursor };
}

/** Names a thread; every connection hears `thread/name/updated`. */
export async function threadNameSet(params: ThreadNameSetParams, ctx: MethodContext): Promise<EmptyResponse> {
  const name = params.name.trim();
  if (!name) throw invalidRequest(`Cannot name thread "${params.threadId}": the name is empty`);
  const live = ctx.runtime.threads.get(params.threadId);
  if (!live?.ephemeral) await update(ctx, "setName", params.threadId, name);
  if (live) live.meta.name = name;
  ctx.afterResponse(() => ctx.runtime.bus.emit("thread/name/updated", { threadId: params.threadId, threadName: name }));
  return {};
}

/**
 * Archives a stored thread: `thread/list` leaves it out unless `archived: true`. A loaded thread
 * is unloaded first (`thread/status/changed` `notLoaded`, `thread/closed`).
 */
export async function threadArchive(params: ThreadArchiveParams, ctx: MethodContext): Promise<EmptyResponse> {
  const { server, connection } = ctx;
  if (ctx.runtime.threads.has(params.threadId)) {
    if (!(await closeThread(server, params.threadId, { audience: [connection] }))) {
      throw invalidRequest(`Cannot archive thread "${params.threadId}": its running turn did not stop`);
    }
  }
  await update(ctx, "setArchived", params.threadId, true);
  ctx.afterResponse(() => ctx.runtime.bus.emit("thread/archived", { threadId: params.threadId }));
  return {};
}

/** Brings an archived thread back; answers with the thread. */
export async function threadUnarchive(
  params: ThreadArchiveParams,
  ctx: MethodContext,
): Promise<ThreadUnarchiveResponse> {
  await update(ctx, "setArchived", params.threadId, false);
  ctx.afterResponse(() => ctx.runtime.bus.emit("thread/unarchived", { threadId: params.threadId }));
  const live = ctx.runtime.threads.get(params.threadId);
  if (live) return { thread: ctx.server.wireThread(live) };
  const rollout = await ctx.runtime.store!.load(params.threadId);
  if (!rollout) throw invalidRequest(`Cannot read thread "${params.threadId}": its rollout is gone`);
  return { thread: storedThread(rollout) };
}

/** Calls the store's `setName` / `setArchived`; a missing thread is `thread not found`, another failure an invalid request. */
async function update<K extends "setName" | "setArchived">(
  ctx: MethodContext,
  method: K,
  threadId: string,
  value: Parameters<NonNullable<ThreadStore[K]>>[1],
): Promise<void> {
  const store = storeWith(ctx, method, method === "setName" ? "thread/name/set" : "thread/archive");
  try {
    await (store[method] as (id: string, value: unknown) => Promise<void>).call(store, threadId, value);
  } catch (error) {
    if (error instanceof ThreadNotFoundError) throw error;
    throw invalidRequest((error as Error).message);
  }
}

function storeWith(ctx: MethodContext, method: keyof ThreadStore, wire: string): ThreadStore {
  const store = ctx.runtime.store;
  if (!store?.[method]) throw invalidRequest(`Cannot answer ${wire}: the thread store does not support it`);
  return store;
}

/** A stored thread on the wire, from its index row. */
function wireOf(row: StoredThreadSummary): WireThread {
  const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
  return {
    id: row.id,
    sessionId: row.id,
    forkedFromId: row.forkedFromId ?? null,
    parentThreadId: null,
    preview: row.preview.slice(0, 200),
    ephemeral: false,
    modelProvider: row.modelProvider ?? "",
    createdAt: seconds(row.createdAt),
    updatedAt: seconds(row.updatedAt),
    status: { type: "notLoaded" },
    path: row.path,
    cwd: row.cwd,
    cliVersion: row.cliVersion ?? "",
    source: row.source ?? "unknown",
    threadSource: null,
    agentNickname: null,
    agentRole: null,
    gitInfo: null,
    name: row.name ?? null,
    projectId: null,
    turns: [],
  };
}
