/**
 * @module
 * Rule 1, a PreToolUse hook on the shell tools (canonical name `Bash`: `shell_command`,
 * `exec_command`, `write_stdin`): a command line matching a `policy.blockedCommands` pattern is
 * denied, and the model reads the rule's reason. It reads the command text only; the sandbox,
 * not this hook, is what stops a determined command (a script file, an alias, `eval`).
 */
import type { HookHandler } from "../../../kernel/mod.ts";
import type { CommandRule } from "./config.ts";

/** Compiles `rules` once; the result finds the first rule a command line matches, else null. */
export function commandMatcher(rules: readonly CommandRule[]): (command: string) => CommandRule | null {
  const compiled = rules.map((rule) => ({ rule, regex: new RegExp(rule.pattern) }));
  return (command) => compiled.find(({ regex }) => regex.test(command))?.rule ?? null;
}

/** The PreToolUse handler that denies blocked commands. */
export function commandGuard(rules: readonly CommandRule[]): HookHandler<"PreToolUse"> {
  const blockedBy = commandMatcher(rules);
  return (input) => {
    const rule = blockedBy(String(input.tool_input.command ?? ""));
    if (!rule) return;
    return {
      hookSpecificOutput: {
        hookEventName: "PreToolUse",
        permissionDecision: "deny",
        permissionDecisionReason:
          `the team policy forbids this command: ${rule.reason}. Find another way, or ask the user to run it`,
      },
    };
  };
}
