/**
 * @module
 * The one table of extension points: every place a plugin can step into a thread's life, in the
 * order a session meets them. Each row names the kernel point a plugin registers for (a lifecycle
 * point, `api.lifecycle.on(point)`, or a tool interceptor, `api.tools.beforeCall`/`afterCall`),
 * the hook event the hooks plugin runs there, where the kernel fires it, and the hook event's
 * input and output schemas (declared in `protocol/hook.ts`, or in the row itself with its
 * builders). `HookEventName` and `HookEvents` are derived from the rows. The hooks plugin, the hook
 * conformance kit, the JSON Schema snapshot (`docs/schema/hooks/`) and the extension-point table
 * in `docs/hooks.md` all iterate this table; `test/extension_points_test.ts` holds them to it.
 *
 * The lifecycle points' inputs and outcomes (`LifecyclePoints`) are declared here too, so a new
 * point and its hook event are one entry in that interface and one row in the table, in this one
 * file. See docs/architecture.md for adding a hook event end to end.
 */
import { z } from "zod";
import { lazy } from "../protocol/_lazy.ts";
import * as wire from "../protocol/hook.ts";
import type { UserInput } from "../protocol/items.ts";
import type { DynamicToolSpec } from "../protocol/methods.ts";
import type { NotificationMap, Topic } from "../protocol/notifications.ts";
import type { ServerRequestMap, ServerRequestMethod } from "../protocol/server_requests.ts";
import type { RequestOutcome } from "../bus.ts";

/** What every handler is told. */
export interface LifecycleBase {
  threadId: string;
  cwd: string;
  model: string;
  /** The rollout path, when the thread is persisted. */
  transcriptPath: string | null;
  approvalPolicy: string;
  signal: AbortSignal;
  /** Publishes a notification (e.g. `hook/started`). */
  emit<T extends Topic>(topic: T, params: NotificationMap[T]): void;
  /** Sends a server request for this thread (cancelled with the turn). */
  request<M extends ServerRequestMethod>(method: M, params: ServerRequestMap[M]["params"]): Promise<RequestOutcome<M>>;
}

/** Input and outcome of each point. */
export interface LifecyclePoints {
  sessionStart: {
    input: LifecycleBase & {
      turnId: string;
      source: "startup" | "resume" | "clear" | "compact";
      /** The tools the client declared at `thread/start` (kept in `session_meta`); empty when none. */
      dynamicTools: DynamicToolSpec[];
    };
    outcome: { context?: string[]; stop?: string };
  };
  userPromptSubmit: {
    input: LifecycleBase & { turnId: string; prompt: string; input: UserInput[] };
    outcome: { block?: string; stop?: string; context?: string[] };
  };
  stop: {
    input: LifecycleBase & { turnId: string; lastAssistantMessage: string | null; stopHookActive: boolean };
    outcome: { continueWith?: { text: string; hookRunId: string }[]; stop?: string };
  };
  /** Before the user is asked to approve a call; any deny wins, else any allow, else ask. */
  permissionRequest: {
    input: LifecycleBase & {
      turnId: string;
      /** The call waiting for approval (hook run ids end with it, as for the other tool events). */
      callId: string;
      toolName: string;
      toolInput: string;
      method: string;
      reason: string | null;
    };
    outcome: { deny?: string; allow?: string };
  };
  /** Before a compaction; a stop cancels it (the history stays as it is). */
  preCompact: {
    input: LifecycleBase & { turnId: string; trigger: "manual" | "auto" };
    outcome: { stop?: string };
  };
  /** After a compaction replaced the history; a stop ends the turn (an automatic compaction does not go on). */
  postCompact: {
    input: LifecycleBase & { turnId: string; trigger: "manual" | "auto" };
    outcome: { stop?: string };
  };
  sessionEnd: {
    input: LifecycleBase & { reason: "exit" | "closed" | "other" };
    outcome: Record<string, never>;
  };
}

/** A lifecycle point's name. */
export type LifecyclePoint = keyof LifecyclePoints;

/** A tool interceptor: runs around every tool call, in `ToolRegistry.dispatch`. */
export type ToolInterceptor = "beforeCall" | "afterCall";

/** One extension point. */
export interface ExtensionPoint {
  /** What a plugin registers for: a lifecycle point or a tool interceptor. */
  point: LifecyclePoint | ToolInterceptor;
  kind: "lifecycle" | "toolInterceptor";
  /** The hook event the hooks plugin runs at this point (PascalCase, as in `hooks.json`). */
  hookEvent: string;
  /** Where the kernel fires it. */
  firesIn: string;
  /** When it fires and what its outcome may do, in a line. */
  summary: string;
  /** What a hook of this event receives (its `hook_event_name` is `hookEvent`). */
  input: z.ZodType;
  /** What a hook of this event may return. */
  output: z.ZodType;
}

/** Every extension point, in the order a session meets them. */
export const EXTENSION_POINTS = [
  {
    point: "sessionStart",
    kind: "lifecycle",
    hookEvent: "SessionStart",
    firesIn: "runTurn (turn.ts), on a thread's first turn after it starts or resumes",
    summary: "adds context for the model; may stop the session before the turn",
    input: wire.SessionStartHookInput,
    output: wire.SessionStartHookOutput,
  },
  {
    point: "userPromptSubmit",
    kind: "lifecycle",
    hookEvent: "UserPromptSubmit",
    firesIn: "runTurn (turn.ts), before the prompt enters history",
    summary: "may block the prompt or add context",
    input: wire.UserPromptSubmitHookInput,
    output: wire.UserPromptSubmitHookOutput,
  },
  {
    point: "beforeCall",
    kind: "toolInterceptor",
    hookEvent: "PreToolUse",
    firesIn: "ToolRegistry.dispatch (tool_registry.ts), before the tool's handler",
    summary: "may block the call, rewrite its input or ask for approval",
    input: wire.PreToolUseHookInput,
    output: wire.PreToolUseHookOutput,
  },
  {
    point: "permissionRequest",
    kind: "lifecycle",
    hookEvent: "PermissionRequest",
    firesIn: "requestApproval (approvals.ts) through ctx.checkPermission (_sampling.ts), before the user is asked",
    summary: "may allow or deny without asking; any deny wins",
    input: wire.PermissionRequestHookInput,
    output: wire.PermissionRequestHookOutput,
  },
  {
    point: "afterCall",
    kind: "toolInterceptor",
    hookEvent: "PostToolUse",
    firesIn: "ToolRegistry.dispatch (tool_registry.ts), after the tool's handler",
    summary: "may add context, replace the output or stop the turn",
    input: wire.PostToolUseHookInput,
    output: wire.PostToolUseHookOutput,
  },
  {
    point: "preCompact",
    kind: "lifecycle",
    hookEvent: "PreCompact",
    firesIn: "compactHistory (compaction/compact.ts), before the summary is requested",
    summary: "a stop cancels the compaction",
    input: wire.PreCompactHookInput,
    output: wire.PreCompactHookOutput,
  },
  {
    point: "postCompact",
    kind: "lifecycle",
    hookEvent: "PostCompact",
    firesIn: "compactHistory (compaction/compact.ts), after the history was replaced",
    summary: "a stop ends the turn",
    input: wire.PostCompactHookInput,
    output: wire.PostCompactHookOutput,
  },
  {
    point: "stop",
    kind: "lifecycle",
    hookEvent: "Stop",
    firesIn: "runTurn (turn.ts), when the model has answered without tool calls",
    summary: "may continue the turn with a prompt (at most maxHookContinuations times)",
    input: wire.StopHookInput,
    output: wire.StopHookOutput,
  },
  {
    point: "sessionEnd",
    kind: "lifecycle",
    hookEvent: "SessionEnd",
    firesIn: "Runtime.close (runtime.ts), for each loaded thread",
    summary: "notification only",
    input: wire.SessionEndHookInput,
    output: wire.SessionEndHookOutput,
  },
] as const satisfies readonly ExtensionPoint[];

type Row = (typeof EXTENSION_POINTS)[number];

/** Every hook event Tern knows, in the PascalCase spelling of `hooks.json`, in table order. */
export type HookEventName = Row["hookEvent"];
export const HookEventName = lazy(() =>
  z.enum(EXTENSION_POINTS.map((p) => p.hookEvent) as [HookEventName, ...HookEventName[]])
);

/** Each hook event mapped to its input and output schemas (the table's rows, by event). */
export const HookEvents = Object.fromEntries(
  EXTENSION_POINTS.map((p) => [p.hookEvent, { input: p.input, output: p.output }]),
) as { readonly [R in Row as R["hookEvent"]]: { input: R["input"]; output: R["output"] } };

/** What a hook of event `E` receives. */
export type HookInput<E extends HookEventName> = z.infer<(typeof HookEvents)[E]["input"]>;
/** What a hook of event `E` may return (every field optional). */
export type HookOutput<E extends HookEventName> = z.input<(typeof HookEvents)[E]["output"]>;

// Compile-time: every lifecycle point has its row, and each row's input names the row's hook event.
const _everyLifecyclePoint: Exclude<LifecyclePoint, Row["point"]> extends never ? true : never = true;
type Misnamed<R> = R extends { hookEvent: infer E; input: infer I extends z.ZodType }
  ? z.infer<I> extends { hook_event_name: E } ? never : E
  : never;
const _inputsNameTheirEvent: Misnamed<Row> extends never ? true : never = true;

/** The lifecycle points, in table order (what `api.lifecycle.on()` accepts). */
export const LIFECYCLE_POINTS: readonly LifecyclePoint[] = EXTENSION_POINTS.flatMap((p) =>
  p.kind === "lifecycle" ? [p.point] : []
);

/** The hook events, in the order a session meets them. */
export const HOOK_EVENT_ORDER: readonly HookEventName[] = EXTENSION_POINTS.map((p) => p.hookEvent);

/** A row's hook event schemas: what a hook receives and what it may return. */
export function hookSchemasOf(point: ExtensionPoint): (typeof HookEvents)[HookEventName] {
  return HookEvents[point.hookEvent as HookEventName];
}
