/**
 * @module
 * The thread methods: `thread/start` (subscribes the caller; `thread/started` follows the
 * response), `thread/resume` (subscribes; the response carries the turns; the thread's pending
 * server requests are replayed to the caller with their original ids, and its turn queue is
 * recovered, announced and drained, see `queue_dispatcher.ts`; with `initialTurnsPage`, the first page
 * of turns too, `thread_history_methods.ts`), `thread/read` (loaded, or
 * read from the store without loading), `thread/loaded/list` and `thread/unsubscribe` (the last
 * subscriber leaving starts the countdown to unloading the thread, see `thread_unload.ts`; its
 * running turn goes on), `thread/rollback` (the older form of `thread/revert`) and `thread/fork`.
 */
import type {
  ThreadForkParams,
  ThreadLoadedListParams,
  ThreadLoadedListResponse,
  ThreadReadParams,
  ThreadReadResponse,
  ThreadResumeParams,
  ThreadResumeResponse,
  ThreadRollbackParams,
  ThreadStartParams,
  ThreadStartResponse,
  ThreadUnsubscribeParams,
  ThreadUnsubscribeResponse,
} from "../../kernel/mod.ts";
import { dynamicToolModelName } from "../../kernel/mod.ts";
import type { MethodContext } from "./method_context.ts";
import { invalidRequest, RpcCodes, RpcError, threadNotFound } from "./rpc_error.ts";
import { checkCwd, type ThreadOverrideParams, threadOverrides, threadResponse } from "./settings.ts";
import { storedThread } from "./stored_thread.ts";
import { announce } from "./thread_admin_methods.ts";
import { resumePages } from "./thread_history_methods.ts";

/** Starts a thread and subscribes the caller to it. */
export async function threadStart(params: ThreadStartParams, ctx: MethodContext): Promise<ThreadStartResponse> {
  const { server, runtime, connection } = ctx;
  const { overrides, ignoredConfigKeys } = checkedOverrides(params, runtime.cwd, "thread/start");
  if (ignoredConfigKeys.length) runtime.debug(`[app-server] thread/start ignores config keys ${ignoredConfigKeys}`);
  // The params schema checked the specs; a name another tool already has is refused here.
  const dynamicTools = params.dynamicTools ?? [];
  dynamicTools.forEach((spec, i) => {
    const name = dynamicToolModelName(spec);
    if (runtime.tools.get(name)) {
      throw new RpcError(
        RpcCodes.INVALID_PARAMS,
        `Invalid params for "thread/start" at "dynamicTools.${i}.name": "${name}" is already a tool's name`,
      );
    }
  });
  const thread = await runtime.startThread({
    ...overrides,
    ephemeral: params.ephemeral ?? false,
    source: "vscode",
    originator: connection.clientName ?? "tern",
    dynamicTools,
  });
  const entry = server.registry.ensure(thread.id);
  entry.dynamicTools = dynamicTools;
  entry.serviceName = params.serviceName ?? null;
  entry.persistExtendedHistory = params.persistExtendedHistory ?? false;
  server.registry.subscribe(thread.id, connection);
  ctx.afterResponse(() => connection.notify("thread/started", { thread: server.wireThread(thread) }));
  return threadResponse(thread, server.wireThread(thread), runtime.config);
}

/** The settings `params` ask for, their `cwd` (explicit or in `config`) checked to be a directory. */
function checkedOverrides(params: ThreadOverrideParams, baseCwd: string, method: string) {
  const read = threadOverrides(params, baseCwd, method);
  const cwd = read.overrides.cwd;
  if (cwd !== undefined) checkCwd(cwd, method, params.cwd != null ? "cwd" : "config.cwd");
  return read;
}

/** Loads a stored thread (or joins a loaded one) and subscribes the caller to it. */
export async function threadResume(params: ThreadResumeParams, ctx: MethodContext): Promise<ThreadResumeResponse> {
  const { server, runtime, connection } = ctx;
  const id = params.threadId;
  if (server.registry.isClosing(id)) {
    throw invalidRequest(`thread ${id} is closing; retry thread/resume after the thread is closed`);
  }
  const { overrides } = checkedOverrides(params, runtime.cwd, "thread/resume");
  let thread = runtime.threads.get(id);
  let warnings: string[] = [];
  const loaded = !thread;
  if (thread) {
    if (overrides.modelProvider) runtime.provider(overrides.modelProvider);
    thread.updateSettings(overrides);
  } else {
    ({ thread, warnings } = await runtime.resumeThread(id, overrides));
  }
  const entry = server.registry.ensure(id);
  if (params.persistExtendedHistory) entry.persistExtendedHistory = true;
  server.registry.subscribe(id, connection);
  server.unloader.cancel(id);
  ctx.afterResponse(() => {
    for (const message of warnings) connection.notify("warning", { threadId: id, message });
    server.requests.replay(id, connection);
    void server.queue.resumed(id, { loaded });
    void server.goals.resumed(id, connection);
  });
  const response = threadResponse(
    thread,
    server.wireThread(thread, { includeTurns: !params.excludeTurns }),
    runtime.config,
  );
  return {
    ...response,
    ...resumePages(server.wireThread(thread, { includeTurns: true }).turns, params.initialTurnsPage),
  };
}

/** A new thread with a copy of a stored thread's turns; the caller is subscribed to it. */
export async function threadFork(params: ThreadForkParams, ctx: MethodContext): Promise<ThreadStartResponse> {
  const { server, runtime, connection } = ctx;
  const { overrides } = checkedOverrides(params, runtime.cwd, "thread/fork");
  const { thread, warnings } = await runtime.forkThread(params.threadId, overrides, { ephemeral: params.ephemeral });
  server.registry.subscribe(thread.id, connection);
  ctx.afterResponse(() => {
    connection.notify("thread/started", { thread: server.wireThread(thread) });
    for (const message of warnings) connection.notify("warning", { threadId: thread.id, message });
  });
  return threadResponse(thread, server.wireThread(thread, { includeTurns: !params.excludeTurns }), runtime.config);
}

/** A thread, loaded or stored, without loading it. */
export async function threadRead(params: ThreadReadParams, ctx: MethodContext): Promise<ThreadReadResponse> {
  const { server, runtime } = ctx;
  const live = runtime.threads.get(params.threadId);
  if (live) return { thread: server.wireThread(live, { includeTurns: params.includeTurns }) };
  const rollout = await runtime.store?.load(params.threadId);
  if (!rollout) throw threadNotFound(params.threadId, "no loaded or stored thread has that id");
  return { thread: storedThread(rollout, { includeTurns: params.includeTurns }) };
}

/**
 * Drops the last `numTurns` turns of a loaded thread and answers the thread with its remaining
 * turns; the rollback is recorded, so a later resume drops them too.
 */
export function threadRollback(params: ThreadRollbackParams, ctx: MethodContext): ThreadReadResponse {
  const live = ctx.runtime.threads.get(params.threadId);
  if (!live) throw threadNotFound(params.threadId, "it is not loaded: resume it first");
  try {
    live.rollback(params.numTurns);
  } catch (error) {
    throw invalidRequest((error as Error).message);
  }
  ctx.afterResponse(() => announce(ctx, "thread/reverted", live.id));
  return { thread: ctx.server.wireThread(live, { includeTurns: true }) };
}

/** Ids of the loaded threads, in load order, a page at a time (`cursor` is an offset). */
export function threadLoadedList(params: ThreadLoadedListParams, ctx: MethodContext): ThreadLoadedListResponse {
  const ids = [...ctx.runtime.threads.keys()];
  const start = params.cursor ? Number.parseInt(params.cursor, 10) : 0;
  if (!Number.isInteger(start) || start < 0) throw invalidRequest(`Invalid cursor "${params.cursor}"`);
  const end = params.limit ? start + params.limit : ids.length;
  return { data: ids.slice(start, end), nextCursor: end < ids.length ? String(end) : null };
}

/**
 * Removes the caller's subscription. The last one leaving keeps the thread loaded (a running turn
 * goes on) and starts the countdown to unloading it (`thread_unload.ts`).
 */
export function threadUnsubscribe(params: ThreadUnsubscribeParams, ctx: MethodContext): ThreadUnsubscribeResponse {
  const { server, runtime, connection } = ctx;
  const id = params.threadId;
  if (!runtime.threads.has(id)) return { status: "notLoaded" };
  if (!server.registry.unsubscribe(id, connection)) return { status: "notSubscribed" };
  if (server.registry.subscribers(id).size === 0) server.unloader.schedule(id);
  return { status: "unsubscribed" };
}
