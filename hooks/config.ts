/**
 * @module
 * The command-hook declaration format, shared by the `hooks` config key, `$TERN_HOME/hooks.json`,
 * `.tern/hooks.json` and plugin hooks files: the Codex / Claude Code shape, event name → matcher
 * groups → handlers. Unknown events and handler types parse (they are reported, then skipped by
 * `discovery.ts`), so a file written for Claude Code or Codex loads unchanged. `HooksFile` is the
 * published, strict shape (`schema/hooks/hooks.schema.json`); loading reads files and the config
 * key with the loose shapes below and checks each matcher group and handler on its own
 * (`discovery.ts`), so one bad handler is reported by itself and never drops its neighbours.
 */
import { z } from "zod";

/** One handler of a matcher group. Only `type: "command"` runs; other types are listed and skipped. */
export const HookHandlerConfig = z.object({
  /** `command` (other Claude Code types such as `prompt` or `http` are skipped with a warning). */
  type: z.string(),
  /** Shell command line, run as `$SHELL -c <command>` in the thread's working directory. */
  command: z.string().optional(),
  /** Seconds before the hook is killed (minimum 1). @default 600 */
  timeout: z.number().positive().optional(),
  /** Alias of `timeout` (the spelling of Codex's early demos). */
  timeoutSec: z.number().positive().optional(),
  /** Shown while the hook runs. */
  statusMessage: z.string().optional(),
  /** Async hooks are not supported; such handlers are skipped with a warning. */
  async: z.boolean().optional(),
}).loose().superRefine((handler, ctx) => {
  if (handler.type === "command" && !handler.command?.trim()) {
    ctx.addIssue({ code: "custom", path: ["command"], message: 'a "command" hook needs a non-empty "command"' });
  }
});
export type HookHandlerConfig = z.infer<typeof HookHandlerConfig>;

/** A matcher and the handlers it selects. */
export const MatcherGroup = z.object({
  /** Absent, `""` or `"*"`: everything; `A|B`: exact names; otherwise an unanchored regex. */
  matcher: z.string().optional(),
  hooks: z.array(HookHandlerConfig),
}).loose();
export type MatcherGroup = z.infer<typeof MatcherGroup>;

/** Event name → matcher groups: the `hooks` config key, and the `hooks` object of a hooks.json file. */
export const HooksConfig = z.record(z.string(), z.array(MatcherGroup));
export type HooksConfig = z.infer<typeof HooksConfig>;

/**
 * The plugin's config section (`config.hooks`): the event map (each event's groups checked one by
 * one when hooks load, never here, so a bad handler cannot unload the plugin) and `failClosed`.
 */
export const HooksSection = z.object({
  /**
   * What a hook that cannot run does to PreToolUse, PermissionRequest and UserPromptSubmit:
   * `true` blocks the call or prompt for every command hook; `false` only reports it. Unset: the
   * project's `.tern/hooks.json` hooks fail closed, the others only report. See docs/hooks.md.
   */
  failClosed: z.boolean().optional(),
}).catchall(z.unknown()).default({});
export type HooksSection = z.infer<typeof HooksSection>;

/** A hooks file as loading reads it: an object with a `hooks` object, events checked later. */
export const LooseHooksFile = z.object({ hooks: z.record(z.string(), z.unknown()) }).loose();

/** A matcher group as loading reads it: its handlers are checked one by one. */
export const LooseMatcherGroup = z.object({ matcher: z.string().optional(), hooks: z.array(z.unknown()) }).loose();

/** A `hooks.json` file: `{"hooks": {...}}`, other top-level keys (such as `description`) ignored. */
export const HooksFile = z.object({ hooks: HooksConfig }).loose();
export type HooksFile = z.infer<typeof HooksFile>;
