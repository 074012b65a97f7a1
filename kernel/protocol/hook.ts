/**
 * @module
 * Hook events as data: for every event, the input a hook receives (the snake_case JSON that
 * command hooks read on stdin, and in-process hooks get as an object) and the output it may
 * return (the camelCase JSON Codex and Claude Code hooks print). One table, `HookEvents`, maps
 * each event name to both schemas. Zod schemas only, no logic: what each field does is the hook
 * engine's business (`hooks/`, documented in `docs/hooks.md`).
 */
import { z } from "zod";
import { lazy } from "./_lazy.ts";

/** Every hook event Tern knows, in the PascalCase spelling of `hooks.json`. */
export const HookEventName = lazy(() =>
  z.enum([
    "SessionStart",
    "UserPromptSubmit",
    "PreToolUse",
    "PermissionRequest",
    "PostToolUse",
    "Stop",
    "PreCompact",
    "PostCompact",
    "SessionEnd",
  ])
);
export type HookEventName = z.infer<typeof HookEventName>;

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
function input<E extends string, T extends boolean, S extends z.ZodRawShape>(event: E, turnScoped: T, fields: S) {
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
  input("SessionStart", false, {
    source: z.enum(["startup", "resume", "clear", "compact"]).describe("Why the session starts; matchers test it"),
  })
);
export const UserPromptSubmitHookInput = lazy(() => input("UserPromptSubmit", true, { prompt: z.string() }));
export const PreToolUseHookInput = lazy(() =>
  input("PreToolUse", true, {
    tool_name: toolName(),
    tool_input: toolInput(),
    tool_use_id: toolUseId(),
  })
);
export const PermissionRequestHookInput = lazy(() =>
  input("PermissionRequest", true, {
    tool_name: toolName(),
    tool_input: toolInput(),
  })
);
export const PostToolUseHookInput = lazy(() =>
  input("PostToolUse", true, {
    tool_name: toolName(),
    tool_input: toolInput(),
    tool_response: z.string().describe("The output text the model would read"),
    tool_use_id: toolUseId(),
  })
);
export const StopHookInput = lazy(() =>
  input("Stop", true, {
    stop_hook_active: z.boolean().describe("True when the turn already continued because a Stop hook blocked"),
    last_assistant_message: z.string().nullable(),
  })
);
const trigger = () => z.enum(["manual", "auto"]).describe("What triggered the compaction; matchers test it");
export const PreCompactHookInput = lazy(() => input("PreCompact", true, { trigger: trigger() }));
export const PostCompactHookInput = lazy(() => input("PostCompact", true, { trigger: trigger() }));
export const SessionEndHookInput = lazy(() =>
  input("SessionEnd", false, { reason: z.enum(["exit", "closed", "other"]) })
);

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
export const StopHookOutput = lazy(() => z.object({ ...universal(), ...blockDecision() }).loose());
export const PreCompactHookOutput = lazy(() => z.object({ ...universal() }).loose());
export const PostCompactHookOutput = lazy(() => z.object({ ...universal() }).loose());
export const SessionEndHookOutput = lazy(() => z.object({ ...universal() }).loose());

/** The one table of hook events: each name mapped to its input and output schemas. */
export const HookEvents = {
  SessionStart: { input: SessionStartHookInput, output: SessionStartHookOutput },
  UserPromptSubmit: { input: UserPromptSubmitHookInput, output: UserPromptSubmitHookOutput },
  PreToolUse: { input: PreToolUseHookInput, output: PreToolUseHookOutput },
  PermissionRequest: { input: PermissionRequestHookInput, output: PermissionRequestHookOutput },
  PostToolUse: { input: PostToolUseHookInput, output: PostToolUseHookOutput },
  Stop: { input: StopHookInput, output: StopHookOutput },
  PreCompact: { input: PreCompactHookInput, output: PreCompactHookOutput },
  PostCompact: { input: PostCompactHookInput, output: PostCompactHookOutput },
  SessionEnd: { input: SessionEndHookInput, output: SessionEndHookOutput },
} as const satisfies Record<HookEventName, { input: z.ZodType; output: z.ZodType }>;

/** What a hook of event `E` receives. */
export type HookInput<E extends HookEventName> = z.infer<(typeof HookEvents)[E]["input"]>;
/** What a hook of event `E` may return (every field optional). */
export type HookOutput<E extends HookEventName> = z.input<(typeof HookEvents)[E]["output"]>;
