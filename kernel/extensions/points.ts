/**
 * @module
 * The one table of extension points: every place a plugin can step into a thread's life, in the
 * order a session meets them. Each row names the kernel point a plugin registers for (a lifecycle
 * point, `api.lifecycle.on(point)`, or a tool interceptor, `api.tools.beforeCall`/`afterCall`),
 * the hook event the hooks plugin runs there, where the kernel fires it, and the hook event's
 * input and output schemas (`HookEvents`, in `protocol/hook.ts`). The hooks plugin, the hook
 * conformance kit, the JSON Schema snapshot (`docs/schema/hooks/`) and the extension-point table
 * in `docs/hooks.md` all iterate this table; `test/extension_points_test.ts` holds them to it.
 *
 * Adding a hook event: its row here (with its schemas in `protocol/hook.ts`, and its lifecycle
 * point in `lifecycle.ts` when it is a new point), its call site in the core, and its handler
 * semantics in `hooks/events/`. See docs/architecture.md.
 */
import { HookEvents } from "../protocol/hook.ts";
import type { HookEventName } from "../protocol/hook.ts";
import type { LifecyclePoint } from "./lifecycle.ts";

/** A tool interceptor: runs around every tool call, in `ToolRegistry.dispatch`. */
export type ToolInterceptor = "beforeCall" | "afterCall";

/** One extension point. */
export interface ExtensionPoint {
  /** What a plugin registers for: a lifecycle point or a tool interceptor. */
  point: LifecyclePoint | ToolInterceptor;
  kind: "lifecycle" | "toolInterceptor";
  /** The hook event the hooks plugin runs at this point. */
  hookEvent: HookEventName;
  /** Where the kernel fires it. */
  firesIn: string;
  /** When it fires and what its outcome may do, in a line. */
  summary: string;
}

/** Every extension point, in the order a session meets them. */
export const EXTENSION_POINTS = [
  {
    point: "sessionStart",
    kind: "lifecycle",
    hookEvent: "SessionStart",
    firesIn: "runTurn (turn.ts), on a thread's first turn after it starts or resumes",
    summary: "adds context for the model; may stop the session before the turn",
  },
  {
    point: "userPromptSubmit",
    kind: "lifecycle",
    hookEvent: "UserPromptSubmit",
    firesIn: "runTurn (turn.ts), before the prompt enters history",
    summary: "may block the prompt or add context",
  },
  {
    point: "beforeCall",
    kind: "toolInterceptor",
    hookEvent: "PreToolUse",
    firesIn: "ToolRegistry.dispatch (tool_registry.ts), before the tool's handler",
    summary: "may block the call, rewrite its input or ask for approval",
  },
  {
    point: "permissionRequest",
    kind: "lifecycle",
    hookEvent: "PermissionRequest",
    firesIn: "requestApproval (approvals.ts) through ctx.checkPermission (_sampling.ts), before the user is asked",
    summary: "may allow or deny without asking; any deny wins",
  },
  {
    point: "afterCall",
    kind: "toolInterceptor",
    hookEvent: "PostToolUse",
    firesIn: "ToolRegistry.dispatch (tool_registry.ts), after the tool's handler",
    summary: "may add context, replace the output or stop the turn",
  },
  {
    point: "preCompact",
    kind: "lifecycle",
    hookEvent: "PreCompact",
    firesIn: "compactHistory (_compact.ts), before the summary is requested",
    summary: "a stop cancels the compaction",
  },
  {
    point: "postCompact",
    kind: "lifecycle",
    hookEvent: "PostCompact",
    firesIn: "compactHistory (_compact.ts), after the history was replaced",
    summary: "a stop ends the turn",
  },
  {
    point: "stop",
    kind: "lifecycle",
    hookEvent: "Stop",
    firesIn: "runTurn (turn.ts), when the model has answered without tool calls",
    summary: "may continue the turn with a prompt (at most maxHookContinuations times)",
  },
  {
    point: "sessionEnd",
    kind: "lifecycle",
    hookEvent: "SessionEnd",
    firesIn: "Runtime.close (runtime.ts), for each loaded thread",
    summary: "notification only",
  },
] as const satisfies readonly ExtensionPoint[];

// Compile-time: every lifecycle point and every hook event has its row.
type Row = (typeof EXTENSION_POINTS)[number];
const _everyLifecyclePoint: Exclude<LifecyclePoint, Row["point"]> extends never ? true : never = true;
const _everyHookEvent: Exclude<HookEventName, Row["hookEvent"]> extends never ? true : never = true;

/** The lifecycle points, in table order (what `api.lifecycle.on()` accepts). */
export const LIFECYCLE_POINTS: readonly LifecyclePoint[] = EXTENSION_POINTS.flatMap((p) =>
  p.kind === "lifecycle" ? [p.point] : []
);

/** The hook events, in the order a session meets them. */
export const HOOK_EVENT_ORDER: readonly HookEventName[] = EXTENSION_POINTS.map((p) => p.hookEvent);

/** A row's hook event schemas: what a hook receives and what it may return. */
export function hookSchemasOf(point: ExtensionPoint): (typeof HookEvents)[HookEventName] {
  return HookEvents[point.hookEvent];
}
