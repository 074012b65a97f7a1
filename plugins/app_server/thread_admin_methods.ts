/**
 * @module
 * The thread-administration methods: `thread/revert` (drops a turn and every later one, loaded or
 * stored; recorded, so a resume and the model see the shorter history; `thread/reverted` follows),
 * `thread/delete` (unloads a loaded thread, then removes it from the store; `thread/deleted` to
 * every connection), `thread/metadata/update` (patches the recorded git metadata), the goal
 * methods (`thread/goal/set|get|clear`, see `thread_goals.ts`) and `turn/settings/update` (the
 * running turn's next model request and later turns use the new settings; `thread/settings/updated`).
 */
import type {
  EmptyResponse,
  GitInfoRecord,
  Thread,
  ThreadDeleteParams,
  ThreadGoalClearParams,
  ThreadGoalClearResponse,
  ThreadGoalGetParams,
  ThreadGoalGetResponse,
  ThreadGoalSetParams,
  ThreadGoalSetResponse,
  ThreadMetadataUpdateParams,
  ThreadMetadataUpdateResponse,
  ThreadRevertParams,
  ThreadRevertResponse,
  ThreadSettingsWire,
  TurnSettingsUpdateParams,
} from "../../kernel/mod.ts";
import type { MethodContext } from "./method_context.ts";
import { invalidField, invalidRequest, threadNotFound } from "./rpc_error.ts";
import { sandboxModeOf, turnOverrides, wireSandboxPolicy } from "./settings.ts";
import { storedThread } from "./stored_thread.ts";
import { closeThread } from "./thread_close.ts";
import { backwardsCursors } from "./thread_history_methods.ts";

/** Drops `beforeTurnId` and every later turn from a loaded or stored thread. */
export async function threadRevert(params: ThreadRevertParams, ctx: MethodContext): Promise<ThreadRevertResponse> {
  const { server, runtime } = ctx;
  const { threadId, beforeTurnId } = params;
  const live = runtime.threads.get(threadId);
  const missingTurn = () =>
    invalidField("thread/revert", "beforeTurnId", `thread ${threadId} has no turn "${beforeTurnId}"`);
  let thread;
  let remaining;
  if (live) {
    if (live.ephemeral) throw invalidRequest("ephemeral threads do not support thread/revert");
    const index = live.turns.findIndex((turn) => turn.id === beforeTurnId);
    if (index < 0) throw missingTurn();
    try {
      live.rollback(live.turns.length - index);
    } catch (error) {
      throw invalidRequest((error as Error).message);
    }
    thread = server.wireThread(live);
    remaining = live.turns;
  } else {
    const store = runtime.store;
    const rollout = await store?.load(threadId);
    if (!store || !rollout) throw threadNotFound(threadId, "no loaded or stored thread has that id");
    const turns = storedThread(rollout, { includeTurns: true }).turns;
    const index = turns.findIndex((turn) => turn.id === beforeTurnId);
    if (index < 0) throw missingTurn();
    const record = { type: "rollback" as const, payload: { numTurns: turns.length - index } };
    store.append(threadId, [record]);
    await store.flush();
    thread = storedThread({ ...rollout, records: [...rollout.records, record] });
    remaining = turns.slice(0, index);
  }
  ctx.afterResponse(() => announce(ctx, "thread/reverted", threadId));
  return { thread, ...backwardsCursors(remaining) };
}

/** Sends `method` about `threadId` to its subscribers, and to the caller when it is not one. */
export function announce(ctx: MethodContext, method: "thread/reverted", threadId: string): void {
  ctx.runtime.bus.emit(method, { threadId });
  if (!ctx.server.registry.subscribers(threadId).has(ctx.connection)) ctx.connection.notify(method, { threadId });
}

/** Removes a thread for good; a loaded one is unloaded first. */
export async function threadDelete(params: ThreadDeleteParams, ctx: MethodContext): Promise<EmptyResponse> {
  const { server, runtime, connection } = ctx;
  const { threadId } = params;
  const store = runtime.store;
  if (!store?.delete) throw invalidRequest("Cannot answer thread/delete: the thread store does not support it");
  const live = runtime.threads.get(threadId);
  if (live && !(await closeThread(server, threadId, { audience: [connection] }))) {
    throw invalidRequest(`Cannot delete thread "${threadId}": its running turn did not stop`);
  }
  const removed = await store.delete(threadId);
  if (!removed && !live) throw threadNotFound(threadId, "no loaded or stored thread has that id");
  server.goals.forget(threadId);
  ctx.afterResponse(() => runtime.bus.emit("thread/deleted", { threadId }));
  return {};
}

/** Patches the thread's git metadata: a field omitted is kept, null clears it, a string replaces it. */
export async function threadMetadataUpdate(
  params: ThreadMetadataUpdateParams,
  ctx: MethodContext,
): Promise<ThreadMetadataUpdateResponse> {
  const { server, runtime } = ctx;
  const { threadId } = params;
  const live = runtime.threads.get(threadId);
  if (live) {
    live.setGitInfo(patched(live.gitInfo, params.gitInfo));
    return { thread: server.wireThread(live) };
  }
  const store = runtime.store;
  const rollout = await store?.load(threadId);
  if (!store || !rollout) throw threadNotFound(threadId, "no loaded or stored thread has that id");
  const current = storedThread(rollout).gitInfo;
  const record = { type: "thread_metadata" as const, payload: { gitInfo: patched(current, params.gitInfo) } };
  store.append(threadId, [record]);
  await store.flush();
  return { thread: storedThread({ ...rollout, records: [...rollout.records, record] }) };
}

function patched(current: GitInfoRecord | null, patch: ThreadMetadataUpdateParams["gitInfo"]): GitInfoRecord | null {
  if (patch === undefined) return current;
  if (patch === null) return null;
  const next: GitInfoRecord = {
    sha: patch.sha !== undefined ? patch.sha : current?.sha ?? null,
    branch: patch.branch !== undefined ? patch.branch : current?.branch ?? null,
    originUrl: patch.originUrl !== undefined ? patch.originUrl : current?.originUrl ?? null,
  };
  return next.sha === null && next.branch === null && next.originUrl === null ? null : next;
}

/** Sets the thread's goal (a new objective starts a new one); an active goal on an idle thread starts working. */
export async function threadGoalSet(params: ThreadGoalSetParams, ctx: MethodContext): Promise<ThreadGoalSetResponse> {
  const goal = await ctx.server.goals.set(params);
  ctx.afterResponse(() => ctx.server.goals.kick(params.threadId));
  return { goal };
}

/** The thread's goal, or null. */
export async function threadGoalGet(params: ThreadGoalGetParams, ctx: MethodContext): Promise<ThreadGoalGetResponse> {
  return { goal: await ctx.server.goals.get(params.threadId) };
}

/** Removes the thread's goal; `cleared` says whether there was one. */
export async function threadGoalClear(
  params: ThreadGoalClearParams,
  ctx: MethodContext,
): Promise<ThreadGoalClearResponse> {
  return { cleared: await ctx.server.goals.clear(params.threadId) };
}

/** Changes a loaded thread's settings for the running turn's next model request and later turns. */
export function turnSettingsUpdate(params: TurnSettingsUpdateParams, ctx: MethodContext): EmptyResponse {
  const thread = ctx.server.loadedThread(params.threadId);
  const active = thread.activeTurnId;
  if (params.expectedTurnId != null && params.expectedTurnId !== active) {
    throw invalidField(
      "turn/settings/update",
      "expectedTurnId",
      active === null
        ? `no turn is running on thread ${thread.id}`
        : `expected turn "${params.expectedTurnId}" but turn "${active}" is running`,
    );
  }
  const changes = turnOverrides({ ...params, input: [] }, thread.settings.cwd);
  if (params.sandboxPolicy) changes.sandboxMode = sandboxModeOf(params.sandboxPolicy);
  ctx.runtime.provider(thread.settings.modelProvider);
  thread.updateSettings(changes);
  ctx.afterResponse(() =>
    ctx.runtime.bus.emit("thread/settings/updated", {
      threadId: thread.id,
      threadSettings: wireSettings(thread, ctx),
    })
  );
  return {};
}

/** A thread's settings as Codex's `ThreadSettings`. */
function wireSettings(thread: Thread, ctx: MethodContext): ThreadSettingsWire {
  const s = thread.settings;
  return {
    approvalPolicy: s.approvalPolicy,
    approvalsReviewer: "user",
    collaborationMode: {
      mode: "default",
      settings: {
        model: s.model,
        reasoning_effort: s.effort ?? null,
        developer_instructions: s.developerInstructions ?? null,
      },
    },
    cwd: s.cwd,
    effort: s.effort ?? null,
    model: s.model,
    modelProvider: s.modelProvider,
    sandboxPolicy: wireSandboxPolicy(s.sandboxMode, ctx.runtime.config),
    summary: s.summary ?? null,
  };
}
