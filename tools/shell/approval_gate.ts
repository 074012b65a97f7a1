/**
 * @module
 * The gate every command passes before it runs: finds the sandbox (when the mode needs one), plans
 * with `planCommand()`, and asks the client through the kernel's `requestApproval()` when the plan
 * says so. Requests of one thread go out one at a time (`ApprovalQueue`), each with its own
 * `approvalId`, so parallel calls are approved one by one and an `acceptForSession` given to the
 * first covers an identical second. A PreToolUse hook's `ask` (`ctx.approvalRequired`) makes a
 * call ask even where the policy would not. The item lifecycle stays with the tools.
 */
import {
  type ApprovalResult,
  type CommandAction,
  type CommandExecutionItem,
  requestApproval,
  type ToolContext,
} from "../../kernel/mod.ts";
import { type CommandPlan, planCommand } from "./approval_policy.ts";
import { isKnownSafeCommand } from "./command_safety.ts";
import type { ShellOperations } from "./operations.ts";
import type { AvailableSandbox, SandboxSupport } from "../../lib/sandbox/mod.ts";

/** Serialises approval requests per thread. */
export class ApprovalQueue {
  #tails = new Map<string, Promise<unknown>>();

  /** Runs `fn` after every earlier `fn` of the same thread has settled. */
  run<T>(threadId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(threadId) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const tail = next.catch(() => {});
    this.#tails.set(threadId, tail);
    tail.then(() => {
      if (this.#tails.get(threadId) === tail) this.#tails.delete(threadId);
    });
    return next;
  }
}

/** A command on its way to running. */
export interface GateRequest {
  /** The script, as the model wrote it (what policy and the session's approvals look at). */
  command: string;
  /** The command as the shell runs it (`/bin/bash -c 'script'`): the approval request's `command`. */
  commandLine: string;
  /** Absolute working directory. */
  cwd: string;
  commandActions: CommandAction[];
  /** When the item started (`startedAtMs` of the approval request). */
  startedAtMs: number;
  /** The model passed `sandbox_permissions: "require_escalated"`. */
  escalate: boolean;
  justification?: string;
  /**
   * Called when an approval request goes out, before the client receives it: the tool starts its
   * item there, so that (as in Codex) the thread's `waitingOnApproval` status comes first, then the
   * item's `item/started`, then the request.
   */
  onAsk?: () => void;
}

/**
 * Starts `item` once: the first call emits `item/started`, later ones do nothing. A command starts
 * its item when the gate asks (`GateRequest.onAsk`), or else before it runs or stops.
 */
export function startOnce(ctx: ToolContext, item: CommandExecutionItem): () => void {
  let started = false;
  return () => {
    if (started) return;
    started = true;
    ctx.startItem(item);
  };
}

/** What the gate allows. */
export type Permit =
  | {
    run: true;
    /** The sandbox to run in; undefined runs the command without one. */
    sandbox: AvailableSandbox | undefined;
    /** Ask to re-run without the sandbox when the sandboxed run looks denied. */
    askOnDenial: boolean;
  }
  | {
    run: false;
    /** What the model reads. */
    message: string;
  };

/** What the gate needs besides the call. */
export interface GateOptions {
  operations: ShellOperations;
  queue: ApprovalQueue;
}

/** Decides whether (and how) a command runs, asking the user when the policy says so. */
export async function passGate(request: GateRequest, ctx: ToolContext, options: GateOptions): Promise<Permit> {
  const restricted = ctx.sandbox.mode !== "danger-full-access";
  const support = restricted ? await options.operations.sandbox() : undefined;
  const available = support?.kind === "none" ? undefined : support;
  let plan: CommandPlan = planCommand({
    policy: ctx.approvalPolicy,
    mode: ctx.sandbox.mode,
    sandboxAvailable: !restricted || available !== undefined,
    knownSafe: ctx.approvalPolicy === "untrusted" && isKnownSafeCommand(request.command),
    escalate: request.escalate,
    justification: request.justification,
  });
  // A PreToolUse hook that asked for approval makes the call ask whatever the policy says.
  const hookReason = ctx.approvalRequired ?? undefined;
  if (hookReason !== undefined && plan.action === "run") {
    plan = { action: "ask", reason: hookReason, sandboxedIfAccepted: plan.sandboxed, askOnDenial: plan.askOnDenial };
  } else if (hookReason !== undefined && plan.action === "ask") {
    plan = { ...plan, reason: hookReason };
  }
  switch (plan.action) {
    case "refuse":
      return { run: false, message: plan.message };
    case "run":
      return { run: true, sandbox: plan.sandboxed ? available : undefined, askOnDenial: plan.askOnDenial };
    case "ask": {
      const result = await askToRun(request, plan.reason, ctx, options.queue);
      if (!accepted(result)) {
        // Without a sandbox, "stay within the sandbox" cannot help: say what would.
        const hint = restricted && !available && result.decision !== "cancel" ? `. ${noSandboxHint(support)}` : "";
        return { run: false, message: refusalMessage(result) + hint };
      }
      return { run: true, sandbox: plan.sandboxedIfAccepted ? available : undefined, askOnDenial: plan.askOnDenial };
    }
  }
}

/** Asks to run a command again without the sandbox after a sandbox denial. */
export async function askToRetryUnsandboxed(
  request: GateRequest,
  ctx: ToolContext,
  queue: ApprovalQueue,
): Promise<ApprovalResult> {
  const reason = `the command failed in the "${ctx.sandbox.mode}" sandbox, and the failure looks like the ` +
    "sandbox denied it; run it again without the sandbox?";
  return await askToRun(request, reason, ctx, queue);
}

/** Sends one `item/commandExecution/requestApproval`, in turn with the thread's other requests. */
export function askToRun(
  request: GateRequest,
  reason: string,
  ctx: ToolContext,
  queue: ApprovalQueue,
): Promise<ApprovalResult> {
  return queue.run(ctx.threadId, () =>
    requestApproval(ctx, "item/commandExecution/requestApproval", {
      threadId: ctx.threadId,
      turnId: ctx.turnId,
      itemId: ctx.callId,
      startedAtMs: request.startedAtMs,
      approvalId: crypto.randomUUID(),
      command: request.commandLine,
      cwd: request.cwd,
      reason,
      commandActions: request.commandActions,
      availableDecisions: ["accept", "acceptForSession", "decline", "cancel"],
    }, { cacheKey: `cmd:${request.command}`, onRequest: request.onAsk }));
}

/** What the model reads after a command that needed approval only for want of a sandbox was refused. */
function noSandboxHint(support: SandboxSupport | undefined): string {
  const why = support?.kind === "none" ? ` (${support.reason})` : "";
  const advice = support?.kind === "none" && support.advice ? `: ${support.advice}` : "";
  return `It needed approval because no sandbox is available on this machine${why}, so no command can run in a ` +
    `sandbox here; tell the user${advice}`;
}

/** True for `accept` and `acceptForSession`. */
export function accepted(result: ApprovalResult): boolean {
  return result.decision === "accept" || result.decision === "acceptForSession";
}

/** What the model reads when a command was not approved. */
export function refusalMessage(result: ApprovalResult): string {
  if (result.decision === "cancel") {
    return "the user cancelled this command and interrupted the turn" + (result.reason ? ` (${result.reason})` : "");
  }
  return "the user declined to run this command" + (result.reason ? ` (${result.reason})` : "");
}
