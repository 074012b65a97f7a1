/**
 * @module
 * Hook events as data: for every event, the input a hook receives (the snake_case JSON that
 * command hooks read on stdin, and in-process hooks get as an object) and the output it may
 * return (the camelCase JSON Codex and Claude Code hooks print). One table, `HookEvents`, maps
 * each event name to both schemas. Zod schemas only, no logic: what each field does is the hook
 * engine's business (`hooks/`, documented in `docs/hooks.md`).
 */
import { z } from "zod";

/** Every hook event Tern knows, in the PascalCase spelling of `hooks.json`. */
export const HookEventName = z.enum([
  "SessionStart",
  "UserPromptSubmit",
  "PreToolUse",
  "PermissionRequest",
  "PostToolUse",
  "Stop",
  "PreCompact",
  "PostCompact",
  "SessionEnd",
]);
export type HookEventName = z.infer<typeof HookEventName>;

/** `bypassPermissions` when the approval policy is `never`, else `default` (as Codex sends it). */
export const HookPermissionMode = z.enum(["default", "acceptEdits", "plan", "dontAsk", "bypassPermissions"]);
export type HookPermissionMode = z.infer<typeof HookPermissionMode>;

/** Fields every hook input starts with (`turn_id` is added by the turn-scoped events). */
const common = {
  /** The thread id. */
  session_id: z.string(),
  /** The thread's rollout file, or null when the thread is not persisted. */
  transcript_path: z.string().nullable(),
  /** The thread's working directory. */
  cwd: z.string(),
  model: z.string(),
  permission_mode: HookPermissionMode,
};
const turnId = { turn_id: z.string() };
/** A tool call's input as hooks see it: shell tools `{command}`, apply_patch `{command: patch}`, else the call's JSON arguments. */
const ToolInput = z.record(z.string(), z.unknown());

export const SessionStartHookInput = z.object({
  ...common,
  hook_event_name: z.literal("SessionStart"),
  source: z.enum(["startup", "resume", "clear", "compact"]),
});
export const UserPromptSubmitHookInput = z.object({
  ...common,
  ...turnId,
  hook_event_name: z.literal("UserPromptSubmit"),
  prompt: z.string(),
});
export const PreToolUseHookInput = z.object({
  ...common,
  ...turnId,
  hook_event_name: z.literal("PreToolUse"),
  /** The canonical tool name: `Bash` for shell tools, `apply_patch`, `mcp__<server>__<tool>`, else the tool's name. */
  tool_name: z.string(),
  tool_input: ToolInput,
  /** The model's call id. */
  tool_use_id: z.string(),
});
export const PermissionRequestHookInput = z.object({
  ...common,
  ...turnId,
  hook_event_name: z.literal("PermissionRequest"),
  tool_name: z.string(),
  tool_input: ToolInput,
});
export const PostToolUseHookInput = z.object({
  ...common,
  ...turnId,
  hook_event_name: z.literal("PostToolUse"),
  tool_name: z.string(),
  tool_input: ToolInput,
  /** The output text the model would read. */
  tool_response: z.string(),
  tool_use_id: z.string(),
});
export const StopHookInput = z.object({
  ...common,
  ...turnId,
  hook_event_name: z.literal("Stop"),
  /** True when the turn already continued because a Stop hook blocked. */
  stop_hook_active: z.boolean(),
  last_assistant_message: z.string().nullable(),
});
export const PreCompactHookInput = z.object({
  ...common,
  ...turnId,
  hook_event_name: z.literal("PreCompact"),
  trigger: z.enum(["manual", "auto"]),
});
export const PostCompactHookInput = z.object({
  ...common,
  ...turnId,
  hook_event_name: z.literal("PostCompact"),
  trigger: z.enum(["manual", "auto"]),
});
export const SessionEndHookInput = z.object({
  ...common,
  hook_event_name: z.literal("SessionEnd"),
  reason: z.enum(["exit", "closed", "other"]),
});

/** Fields every hook output may carry. */
const universal = {
  /** `false` stops the turn (see each event). @default true */
  continue: z.boolean().optional(),
  /** Shown to the user when `continue` is false. */
  stopReason: z.string().optional(),
  /** Keeps this hook's output out of what the user sees (the model still gets its context). */
  suppressOutput: z.boolean().optional(),
  /** A warning shown to the user. */
  systemMessage: z.string().optional(),
};
const context = { additionalContext: z.string().optional() };
const blockDecision = { decision: z.literal("block").optional(), reason: z.string().optional() };

export const SessionStartHookOutput = z.object({
  ...universal,
  hookSpecificOutput: z.object({ hookEventName: z.literal("SessionStart").optional(), ...context }).loose()
    .optional(),
}).loose();
export const UserPromptSubmitHookOutput = z.object({
  ...universal,
  ...blockDecision,
  hookSpecificOutput: z.object({ hookEventName: z.literal("UserPromptSubmit").optional(), ...context }).loose()
    .optional(),
}).loose();
export const PreToolUseHookOutput = z.object({
  ...universal,
  /** Legacy form: `block` with `reason` denies; `approve` is accepted and does nothing. */
  decision: z.enum(["approve", "block"]).optional(),
  reason: z.string().optional(),
  hookSpecificOutput: z.object({
    hookEventName: z.literal("PreToolUse").optional(),
    permissionDecision: z.enum(["allow", "deny", "ask", "defer"]).optional(),
    permissionDecisionReason: z.string().optional(),
    /** With `allow`: keys merged over the call's `tool_input`. */
    updatedInput: ToolInput.optional(),
    ...context,
  }).loose().optional(),
}).loose();
export const PermissionRequestHookOutput = z.object({
  ...universal,
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
}).loose();
export const PostToolUseHookOutput = z.object({
  ...universal,
  ...blockDecision,
  hookSpecificOutput: z.object({
    hookEventName: z.literal("PostToolUse").optional(),
    ...context,
    /** Tern: replaces the output the model reads (a string as is, anything else as JSON). */
    updatedToolOutput: z.unknown().optional(),
    /** Claude Code's name for `updatedToolOutput` on MCP tools; same effect. */
    updatedMCPToolOutput: z.unknown().optional(),
  }).loose().optional(),
}).loose();
export const StopHookOutput = z.object({ ...universal, ...blockDecision }).loose();
export const PreCompactHookOutput = z.object({ ...universal }).loose();
export const PostCompactHookOutput = z.object({ ...universal }).loose();
export const SessionEndHookOutput = z.object({ ...universal }).loose();

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
