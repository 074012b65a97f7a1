/**
 * @module
 * Rule 3, a UserPromptSubmit hook: a prompt holding what looks like a secret (an API key, a
 * private key block; `policy.secretPatterns`) is blocked, so it never enters history or reaches
 * the model, and the user reads why (the secret itself is never repeated). Any other prompt gets
 * a short reminder of the policy as developer context, unless `policy.remindModel` is false.
 */
import type { HookHandler } from "../../../kernel/mod.ts";
import type { Policy } from "./config.ts";

/** The first secret-looking match in `prompt`, masked to its first four characters; else null. */
export function findSecret(prompt: string, patterns: readonly RegExp[]): string | null {
  for (const pattern of patterns) {
    const match = prompt.match(pattern);
    if (match) return `${match[0].slice(0, 4)}${"*".repeat(8)}`;
  }
  return null;
}

/** The reminder the model reads with every prompt: what the policy refuses and what it asks for. */
export function policyReminder(policy: Policy): string {
  const lines = ["The team's policy plugin checks your tool calls:"];
  if (policy.protectedPaths.length) {
    lines.push(
      `- apply_patch may not touch ${policy.protectedPaths.map((g) => `\`${g}\``).join(", ")}; ` +
        "ask the user to change such files.",
    );
  }
  if (policy.blockedCommands.length) {
    lines.push("- a shell command is refused when", ...policy.blockedCommands.map((rule) => `  - ${rule.reason}`));
  }
  if (policy.requireTestsBeforeStop) {
    lines.push(`- after changing files, run \`${policy.requireTestsBeforeStop}\` before you finish.`);
  }
  return lines.join("\n");
}

/** The UserPromptSubmit handler: block secrets, else remind the model of the policy. */
export function promptGuard(policy: Policy): HookHandler<"UserPromptSubmit"> {
  const patterns = policy.secretPatterns.map((source) => new RegExp(source));
  const reminder = policy.remindModel && policyReminder(policy);
  return (input) => {
    const secret = findSecret(input.prompt, patterns);
    if (secret) {
      return {
        decision: "block",
        reason: `Your prompt was not sent: it contains what looks like a secret (${secret}). Remove it and send ` +
          "the prompt again; keep keys in environment variables or a secrets manager, and revoke one you have pasted.",
      };
    }
    if (reminder) return { hookSpecificOutput: { hookEventName: "UserPromptSubmit", additionalContext: reminder } };
  };
}
