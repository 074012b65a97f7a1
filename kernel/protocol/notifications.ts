/**
 * @module
 * The one table of server notifications: each bus topic (an app-server v2 notification method)
 * mapped to its payload schema. The bus, the front ends and the docs derive from this map.
 */
import { z } from "zod";
import { lazy } from "./_lazy.ts";
import { ThreadItem } from "./items.ts";
import { Thread, ThreadStatus } from "./thread.ts";
import { HookRunSummary, ThreadTokenUsage, Turn, TurnError } from "./turn.ts";
import { QueuedTurn } from "./queue.ts";
import { FuzzyFileSearchResult } from "./file_search.ts";
import { ThreadGoal, ThreadSettingsWire } from "./thread_admin.ts";
import { ExternalAgentConfigImportTypeResult } from "./external_agent.ts";
import { McpServerOauthLoginCompleted } from "./mcp_oauth.ts";
import { CommandExecOutputDelta } from "./command_exec.ts";
import { RateLimitSnapshot } from "./account.ts";

/** Built on first use, like the schemas (`_lazy.ts`): a `tern exec` run reads almost none of it. */
export const Notifications = lazy(() => {
  const ItemRef = { threadId: z.string(), turnId: z.string(), itemId: z.string() };
  return {
    "thread/started": z.object({ thread: Thread }),
    "thread/status/changed": z.object({ threadId: z.string(), status: ThreadStatus }),
    "thread/closed": z.object({ threadId: z.string() }),
    "thread/archived": z.object({ threadId: z.string() }),
    "thread/unarchived": z.object({ threadId: z.string() }),
    "thread/name/updated": z.object({ threadId: z.string(), threadName: z.string().nullable() }),
    /** `thread/revert` (or `thread/rollback`) dropped turns from the thread's history. */
    "thread/reverted": z.object({ threadId: z.string() }),
    /** `thread/delete` removed the thread from the store. */
    "thread/deleted": z.object({ threadId: z.string() }),
    /** The thread's goal, whole, after any change (by the user, the model or its budget). */
    "thread/goal/updated": z.object({ threadId: z.string(), turnId: z.string().nullable(), goal: ThreadGoal }),
    /** Experimental: the thread's goal was removed. */
    "thread/goal/cleared": z.object({ threadId: z.string() }),
    /** Experimental: the settings a loaded thread's next model request uses (`turn/settings/update`). */
    "thread/settings/updated": z.object({ threadId: z.string(), threadSettings: ThreadSettingsWire }),
    /** Experimental: the thread's whole visible turn queue, after any change to it. */
    "thread/queue/changed": z.object({ threadId: z.string(), queuedTurns: z.array(QueuedTurn) }),
    "thread/tokenUsage/updated": z.object({
      threadId: z.string(),
      turnId: z.string(),
      tokenUsage: ThreadTokenUsage,
    }),
    "turn/started": z.object({ threadId: z.string(), turn: Turn }),
    "turn/completed": z.object({ threadId: z.string(), turn: Turn }),
    "turn/diff/updated": z.object({ threadId: z.string(), turnId: z.string(), diff: z.string() }),
    "turn/plan/updated": z.object({
      threadId: z.string(),
      turnId: z.string(),
      explanation: z.string().nullable(),
      plan: z.array(z.object({
        step: z.string(),
        status: z.enum(["pending", "inProgress", "completed"]),
      })),
    }),
    "item/started": z.object({
      item: ThreadItem,
      threadId: z.string(),
      turnId: z.string(),
      startedAtMs: z.number(),
    }),
    "item/completed": z.object({
      item: ThreadItem,
      threadId: z.string(),
      turnId: z.string(),
      completedAtMs: z.number(),
    }),
    "item/agentMessage/delta": z.object({ ...ItemRef, delta: z.string() }),
    "item/reasoning/summaryTextDelta": z.object({
      ...ItemRef,
      delta: z.string(),
      summaryIndex: z.number(),
    }),
    "item/reasoning/summaryPartAdded": z.object({ ...ItemRef, summaryIndex: z.number() }),
    "item/reasoning/textDelta": z.object({ ...ItemRef, delta: z.string(), contentIndex: z.number() }),
    "item/commandExecution/outputDelta": z.object({ ...ItemRef, delta: z.string() }),
    "item/mcpToolCall/progress": z.object({ ...ItemRef, message: z.string() }),
    /** Tern: a plugin tool's progress (`ctx.emitProgress`); `itemId` is the call's id. */
    "item/tool/progress": z.object({ ...ItemRef, tool: z.string(), message: z.string() }),
    "skills/changed": z.object({}),
    "mcpServer/startupStatus/updated": z.object({
      threadId: z.string().nullable(),
      name: z.string(),
      status: z.enum(["starting", "ready", "failed", "cancelled"]),
      error: z.string().nullable(),
    }),
    /** An `mcpServer/oauth/login` ended: tokens stored (`success`), or why not (a timeout, a refusal). */
    "mcpServer/oauthLogin/completed": McpServerOauthLoginCompleted,
    /** Tern: a skill's instructions entered the conversation, and why. */
    "skill/activated": z.object({
      threadId: z.string(),
      turnId: z.string(),
      name: z.string(),
      path: z.string(),
      reason: z.enum(["mention", "inputItem", "read"]),
    }),
    "hook/started": z.object({ threadId: z.string(), turnId: z.string().nullable(), run: HookRunSummary }),
    "hook/completed": z.object({ threadId: z.string(), turnId: z.string().nullable(), run: HookRunSummary }),
    "serverRequest/resolved": z.object({
      threadId: z.string(),
      requestId: z.union([z.string(), z.number()]),
    }),
    "error": z.object({
      error: TurnError,
      willRetry: z.boolean(),
      threadId: z.string(),
      turnId: z.string(),
    }),
    /** Experimental: the matches of a fuzzy file search session's latest query. */
    "fuzzyFileSearch/sessionUpdated": z.object({
      sessionId: z.string(),
      query: z.string(),
      files: z.array(FuzzyFileSearchResult),
    }),
    /** Experimental: the session's latest query is fully answered (the index is complete). */
    "fuzzyFileSearch/sessionCompleted": z.object({ sessionId: z.string() }),
    /** An `externalAgentConfig/import` is done: each item type's successes and failures. */
    "externalAgentConfig/import/completed": z.object({
      importId: z.string(),
      itemTypeResults: z.array(ExternalAgentConfigImportTypeResult),
    }),
    /** A streamed `command/exec` process's output, to the connection that started it only. */
    "command/exec/outputDelta": CommandExecOutputDelta,
    /** The provider's rate limits, as its last response's headers gave them (to every connection). */
    "account/rateLimits/updated": z.object({ rateLimits: RateLimitSnapshot }),
    /** The account changed (`account/login/start`, `account/logout`); `authMode` null when logged out. */
    "account/updated": z.object({ authMode: z.literal("apikey").nullable(), planType: z.null().optional() }),
    /** A login ended (for an API key, at once and successfully). */
    "account/login/completed": z.object({
      loginId: z.string().nullable(),
      success: z.boolean(),
      error: z.string().nullable(),
    }),
    "warning": z.object({ threadId: z.string().nullable(), message: z.string() }),
    /** Something in the setup the user should fix (Codex's shape; Tern sends it for a machine without a sandbox, and for each plugin that failed to load). */
    "configWarning": z.object({
      summary: z.string(),
      details: z.string().nullable().optional(),
      path: z.string().nullable().optional(),
    }),
  } as const;
});

/** The topic map: notification method → payload type. */
export type NotificationMap = { [K in keyof typeof Notifications]: z.infer<(typeof Notifications)[K]> };
/** A bus topic, i.e. a v2 notification method Tern emits. */
export type Topic = keyof NotificationMap;
/** One notification as it travels on the bus and on the wire. */
export type Notification = { [K in Topic]: { method: K; params: NotificationMap[K] } }[Topic];
