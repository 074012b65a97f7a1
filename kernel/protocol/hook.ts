/**
 * @module
 * Hook events' wire schemas: for every event, the input a hook receives (the snake_case JSON that
 * command hooks read on stdin, and in-process hooks get as an object) and the output it may
 * return (the camelCase JSON Codex and Claude Code hooks print), with the builders (`hookInput`,
 * `hookOutput`) a new event's schemas are made with. The table that names the events and maps
 * each to its schemas is `EXTENSION_POINTS` (`extensions/points.ts`), whose rows hold them.
 * Zod schemas only, no logic: what each field does is the hook engine's business (`hooks/`,
 * documented in `docs/hooks.md`).
 */
import { z } from "zod";
import { lazy } from "./_lazy.ts";

/** `bypassPermissions` when the approval policy is `never`, else `default` (as Codex sends it). */
export const HookPermissionMode = lazy(() =>
  z.enum(["default", "acceptEdits", "plan", "dontAsk", "bypassPermissions"])
);
export type HookPermissionMode = z.infer<typeof HookPermissionMode>;

const toolName = () =>
  z.string().describe(
    "The canonical tool name: Bash for the shell tools, apply_patch, mcp__<server>__<tool>, else the tool's name",
  );
const toolInput = () =>
  z.record(z.string(), z.unknown()).describe(
    "The call's input: {command} for Bash, {command: <patch>} for apply_patch, else the call's JSON arguments",
  );
const toolUseId = () => z.string().describe("The model's call id");

/** An event's input: the common fields in Codex's order (`turn_id` only for turn-scoped events), then its own. */
export function hookInput<E extends string, T extends boolean, S extends z.ZodRawShape>(
  event: E,
  turnScoped: T,
  fields: S,
) {
  return z.object({
    session_id: z.string().describe("The thread id"),
    ...(turnScoped ? { turn_id: z.string().describe("The turn id") } : {}) as T extends true ? { turn_id: z.ZodString }
      : Record<never, never>,
    transcript_path: z.string().nullable().describe("The thread's rollout file; null when it is not persisted"),
    cwd: z.string().describe("The thread's working directory (hooks also run there)"),
    hook_event_name: z.literal(event),
    model: z.string(),
    permission_mode: HookPermissionMode,
    ...fields,
  });
}

export const SessionStartHookInput = lazy(() =>
  hookInput("SessionStart", false, {
    source: z.enum(["startup", "resume", "clear", "compact"]).describe("Why the session starts; matchers test it"),
  })
);
export const UserPromptSubmitHookInput = lazy(() => hookInput("UserPromptSubmit", true, { prompt: z.string() }));
export const PreToolUseHookInput = lazy(() =>
  hookInput("PreToolUse", true, {
    tool_name: toolName(),
    tool_input: toolInput(),
    tool_use_id: toolUseId(),
  })
);
export const PermissionRequestHookInput = lazy(() =>
  hookInput("PermissionRequest", true, {
    tool_name: toolName(),
    tool_input: toolInput(),
  })
);
export const PostToolUseHookInput = lazy(() =>
  hookInput("PostToolUse", true, {
    tool_name: toolName(),
    tool_input: toolInput(),
    tool_response: z.string().describe("The output text the model would read"),
    tool_use_id: toolUseId(),
  })
);
export const StopHookInput = lazy(() =>
  hookInput("Stop", true, {
    stop_hook_active: z.boolean().describe("True when the turn already continued because a Stop hook blocked"),
    last_assistant_message: z.string().nullable(),
  })
);
const trigger = () => z.enum(["manual", "auto"]).describe("What triggered the compaction; matchers test it");
export const PreCompactHookInput = lazy(() => hookInput("PreCompact", true, { trigger: trigger() }));
export const PostCompactHookInput = lazy(() => hookInput("PostCompact", true, { trigger: trigger() }));
export const SessionEndHookInput = lazy(() =>
  hookInput("SessionEnd", false, { reason: z.enum(["exit", "closed", "other"]) })
);

/** An event's output: the fields every hook output may carry, then its own (unknown fields are kept). */
export function hookOutput<S extends z.ZodRawShape>(fields: S) {
  return z.object({ ...universal(), ...fields }).loose();
}

/** Fields every hook output may carry. */
const universal = () => ({
  continue: z.boolean().optional().describe("false stops the turn (see docs/hooks.md for each event); default true"),
  stopReason: z.string().optional().describe("Why, when continue is false"),
  suppressOutput: z.boolean().optional().describe(
    "Keeps this hook's warning and context out of what the user sees (the model still gets the context)",
  ),
  systemMessage: z.string().optional().describe("A warning shown to the user"),
});
const context = () => ({
  additionalContext: z.string().optional().describe("Added to the model's context as a developer message"),
});
const blockDecision = () => ({
  decision: z.literal("block").optional(),
  reason: z.string().optional().describe("Required with decision: block"),
});

export const SessionStartHookOutput = lazy(() =>
  z.object({
    ...universal(),
    hookSpecificOutput: z.object({ hookEventName: z.literal("SessionStart").optional(), ...context() }).loose()
      .optional(),
  }).loose()
);
export const UserPromptSubmitHookOutput = lazy(() =>
  z.object({
    ...universal(),
    ...blockDecision(),
    hookSpecificOutput: z.object({ hookEventName: z.literal("UserPromptSubmit").optional(), ...context() }).loose()
      .optional(),
  }).loose()
);
export const PreToolUseHookOutput = lazy(() =>
  z.object({
    ...universal(),
    /** Legacy form: `block` with `reason` denies; `approve` is accepted and does nothing. */
    decision: z.enum(["approve", "block"]).optional(),
    reason: z.string().optional(),
    hookSpecificOutput: z.object({
      hookEventName: z.literal("PreToolUse").optional(),
      permissionDecision: z.enum(["allow", "deny", "ask", "defer"]).optional(),
      permissionDecisionReason: z.string().optional(),
      /** With `allow`: keys merged over the call's `tool_input`. */
      updatedInput: toolInput().optional(),
      ...context(),
    }).loose().optional(),
  }).loose()
);
export const PermissionRequestHookOutput = lazy(() =>
  z.object({
    ...universal(),
    hookSpecificOutput: z.object({
      hookEventName: z.literal("PermissionRequest").optional(),
      decision: z.object({
        behavior: z.enum(["allow", "deny"]),
        message: z.string().optional(),
        /** Not supported: a hook that sets it fails (the user is asked as usual). */
        updatedInput: z.unknown().optional(),
        /** Not supported: a hook that sets it fails (the user is asked as usual). */
        updatedPermissions: z.unknown().optional(),
        /** Not supported: a hook that sets it to true fails (the user is asked as usual). */
        interrupt: z.boolean().optional(),
      }).loose().optional(),
    }).loose().optional(),
  }).loose()
);
export const PostToolUseHookOutput = lazy(() =>
  z.object({
    ...universal(),
    ...blockDecision(),
    hookSpecificOutput: z.object({
      hookEventName: z.literal("PostToolUse").optional(),
      ...context(),
      /** Tern: replaces the output the model reads (a string as is, anything else as JSON). */
      updatedToolOutput: z.unknown().optional(),
      /** Claude Code's name for `updatedToolOutput` on MCP tools; same effect. */
      updatedMCPToolOutput: z.unknown().optional(),
    }).loose().optional(),
  }).loose()
);
export const StopHookOutput = lazy(() => hookOutput(blockDecision()));
export const PreCompactHookOutput = lazy(() => hookOutput({}));
export const PostCompactHookOutput = lazy(() => hookOutput({}));
export const SessionEndHookOutput = lazy(() => hookOutput({}));
