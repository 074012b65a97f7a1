/**
 * @module
 * When a command may run, in the sandbox or outside it, and when Tern must ask first: a pure
 * function of the approval policy, the sandbox mode, whether a sandbox exists on this machine,
 * whether the command is known safe, and whether the model asked for escalation. It follows
 * Codex's "unmatched-command decision" (codex.md §7); docs/tools.md has the table. Also here:
 * the heuristic that tells a sandbox denial from an ordinary failure (`on-failure`).
 */
import type { AskForApproval, SandboxMode } from "../../kernel/mod.ts";

/** What the tool knows about a call before it decides. */
export interface PlanInput {
  policy: AskForApproval;
  mode: SandboxMode;
  /** False when the mode calls for a sandbox and this machine has none. */
  sandboxAvailable: boolean;
  /** `isKnownSafeCommand()` of the command. */
  knownSafe: boolean;
  /** The model passed `sandbox_permissions: "require_escalated"`. */
  escalate: boolean;
  /** The model's `justification`, shown to the user as the question. */
  justification?: string;
}

/** The decision for one call. */
export type CommandPlan =
  | {
    action: "run";
    sandboxed: boolean;
    /** Ask to re-run without the sandbox when the sandboxed run looks denied. */
    askOnDenial: boolean;
  }
  | {
    action: "ask";
    /** Why, as the approval request's `reason`. */
    reason: string;
    /** Run in the sandbox once accepted (false: run without it). */
    sandboxedIfAccepted: boolean;
    askOnDenial: boolean;
  }
  | { action: "refuse"; message: string };

/**
 * Decides how a command runs.
 *
 * @example
 * ```ts
 * planCommand({ policy: "on-request", mode: "workspace-write", sandboxAvailable: true,
 *   knownSafe: false, escalate: false }); // { action: "run", sandboxed: true, askOnDenial: false }
 * ```
 */
export function planCommand(input: PlanInput): CommandPlan {
  const { policy, mode, knownSafe, escalate, justification } = input;
  if (mode === "danger-full-access") {
    if (policy === "untrusted" && !knownSafe) {
      return {
        action: "ask",
        reason: justification ?? "this command is not on the list of known-safe read-only commands",
        sandboxedIfAccepted: false,
        askOnDenial: false,
      };
    }
    return { action: "run", sandboxed: false, askOnDenial: false };
  }
  if (!input.sandboxAvailable) {
    if (policy === "never") {
      return {
        action: "refuse",
        message: `this command was not run: the sandbox mode is "${mode}", but no sandbox is available on this ` +
          `machine, so every command needs the user's approval, and the approval policy "never" does not allow ` +
          `asking. Tell the user; they can install bubblewrap or choose the "danger-full-access" sandbox mode.`,
      };
    }
    return {
      action: "ask",
      reason: justification ?? `no sandbox is available on this machine, so the command would run without one`,
      sandboxedIfAccepted: false,
      askOnDenial: false,
    };
  }
  if (escalate) {
    if (policy === "never") {
      return {
        action: "refuse",
        message: `this command was not run: it asks to run outside the sandbox (sandbox_permissions ` +
          `"require_escalated"), and the approval policy "never" does not allow asking the user. Run it without ` +
          `sandbox_permissions (it then runs in the "${mode}" sandbox), or do the task another way.`,
      };
    }
    return {
      action: "ask",
      reason: justification ?? "the command asks to run outside the sandbox",
      sandboxedIfAccepted: false,
      askOnDenial: false,
    };
  }
  switch (policy) {
    case "untrusted":
      return knownSafe ? { action: "run", sandboxed: true, askOnDenial: true } : {
        action: "ask",
        reason: justification ?? "this command is not on the list of known-safe read-only commands",
        sandboxedIfAccepted: true,
        askOnDenial: true,
      };
    case "on-failure":
      return { action: "run", sandboxed: true, askOnDenial: true };
    case "on-request":
    case "never":
      return { action: "run", sandboxed: true, askOnDenial: false };
  }
}

const DENIAL_PATTERNS = [/read-only file system/i, /permission denied/i, /operation not permitted/i];
const NETWORK_PATTERNS = [
  /network is unreachable/i,
  /could not resolve host/i,
  /temporary failure in name resolution/i,
  /name or service not known/i,
  /connection refused/i,
  /failed to connect/i,
  /no route to host/i,
];

/**
 * Whether a failed sandboxed run looks like the sandbox stopped it: a non-zero exit, not a timeout,
 * whose output mentions a write denial (or, without network access, a network failure).
 */
export function looksLikeSandboxDenial(
  run: { exitCode: number; timedOut: boolean; output: string },
  options: { networkAccess: boolean },
): boolean {
  if (run.exitCode === 0 || run.timedOut) return false;
  const patterns = options.networkAccess ? DENIAL_PATTERNS : [...DENIAL_PATTERNS, ...NETWORK_PATTERNS];
  return patterns.some((pattern) => pattern.test(run.output));
}
