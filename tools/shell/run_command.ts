/**
 * @module
 * One `shell_command` call from start to end, the Codex way: the approval gate (which may ask the
 * client; the `commandExecution` item starts, in progress, as the request goes out, or else before
 * the command runs or is refused), then the
 * run (in the sandbox when the gate says so, output streamed as deltas), an optional re-run without
 * the sandbox when a sandboxed run looks denied and the user agrees (`on-failure`, `untrusted`),
 * and the item completes (`completed`, `failed`, or `declined` when nothing ran).
 * Failure is data: a missing directory or shell becomes a failed item and result, never a throw.
 */
import type { CommandExecutionItem, ToolContext, ToolResult } from "../../kernel/mod.ts";
import { shellCommandLine } from "../../lib/shell_words/mod.ts";
import {
  accepted,
  ApprovalQueue,
  askToRetryUnsandboxed,
  type GateRequest,
  passGate,
  type Permit,
  refusalMessage,
  startOnce,
} from "./approval_gate.ts";
import { looksLikeSandboxDenial } from "./approval_policy.ts";
import { parseCommandActions } from "./command_actions.ts";
import { formatCommandOutput } from "./format_output.ts";
import { sandboxSpawn, type ShellOperations, type SpawnRequest } from "./operations.ts";
import { type ProcessRun, runProcess } from "./process_io.ts";

export { TIMEOUT_EXIT_CODE } from "./process_io.ts";

/** One command to run. */
export interface RunCommandRequest {
  command: string;
  /** Absolute working directory. */
  cwd: string;
  timeoutMs: number;
  /** The model asked to run outside the sandbox (`sandbox_permissions: "require_escalated"`). */
  escalate?: boolean;
  /** The model's question for the user when it asks for escalation. */
  justification?: string;
  /**
   * Who asked: `agent` (the model's tool call) or `userShell` (the user's `!` command,
   * `thread/shellCommand`). A user's command asks no approval (the user typed it) but runs in the
   * thread's sandbox all the same, and is refused when a sandboxed thread has no sandbox here.
   * @default "agent"
   */
  source?: "agent" | "userShell";
}

/** How to run it. */
export interface RunCommandOptions {
  operations: ShellOperations;
  /** Absolute path of the shell. */
  shell: string;
  /** Run `<shell> -lc` instead of `<shell> -c`. */
  login: boolean;
  /** Byte budget of the output the model reads. */
  maxOutputBytes: number;
  /** Budget of the output kept on the item (UTF-16 units). @default DEFAULT_BUFFER_UNITS */
  maxItemOutput?: number;
  /** Where approval requests wait their turn. @default a queue of this call's own */
  queue?: ApprovalQueue;
}

/**
 * What the model reads after a Landlock denial: the one rule that surprises (Landlock cannot keep
 * `.git` read-only inside a writable directory, so such a directory takes no new entries itself).
 */
const LANDLOCK_HINT = "the sandbox (Landlock) refused a write: nothing outside the writable roots can be written, " +
  "and a writable directory that holds .git or .tern (such as the workspace) takes no new files or folders " +
  "directly in it; create them in a subfolder or with apply_patch, or ask to run the command outside the sandbox";

/** A user's own command runs without asking, in the thread's sandbox; with none here, it does not run. */
async function userPermit(ctx: ToolContext, operations: ShellOperations): Promise<Permit> {
  if (ctx.sandbox.mode === "danger-full-access") return { run: true, sandbox: undefined, askOnDenial: false };
  const support = await operations.sandbox();
  if (support.kind === "none") {
    return {
      run: false,
      message: `Cannot run shell command: the thread's sandbox (${ctx.sandbox.mode}) is not available on this ` +
        `machine (${support.reason}), and a sandboxed thread runs no command without it`,
    };
  }
  return { run: true, sandbox: support, askOnDenial: false };
}

/** Runs `request.command` in the user's shell, behind the approval gate; never throws. */
export async function runCommand(
  request: RunCommandRequest,
  ctx: ToolContext,
  options: RunCommandOptions,
): Promise<ToolResult> {
  const { command, cwd, timeoutMs } = request;
  const item: CommandExecutionItem = {
    type: "commandExecution",
    id: ctx.callId,
    // As Codex reports it: the command as the shell runs it; `commandActions` has the script.
    command: shellCommandLine(options.shell, options.login, command),
    cwd,
    processId: null,
    source: request.source ?? "agent",
    status: "inProgress",
    commandActions: parseCommandActions(command),
    aggregatedOutput: null,
    exitCode: null,
    durationMs: null,
  };
  const startItem = startOnce(ctx, item);
  const startedAtMs = Date.now();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const stop = (status: "failed" | "declined", message: string): ToolResult => {
    startItem();
    const aggregatedOutput = status === "failed" ? message : null;
    // A declined command never ran: no duration, as Codex reports it.
    ctx.completeItem({ ...item, status, aggregatedOutput, durationMs: status === "declined" ? null : elapsed() });
    return { output: message, success: false };
  };

  if (ctx.signal.aborted) return stop("failed", "Cannot run shell command: the turn was interrupted before it started");
  const kind = await options.operations.pathKind(cwd);
  if (kind === "missing") return stop("failed", `Cannot run shell command: working directory "${cwd}" does not exist`);
  if (kind === "other") {
    return stop("failed", `Cannot run shell command: working directory "${cwd}" is not a directory`);
  }

  const gate: GateRequest = {
    command,
    commandLine: item.command,
    cwd,
    commandActions: item.commandActions,
    startedAtMs,
    escalate: request.escalate ?? false,
    justification: request.justification,
    onAsk: startItem,
  };
  const queue = options.queue ?? new ApprovalQueue();
  const permit: Permit = request.source === "userShell"
    ? await userPermit(ctx, options.operations)
    : await passGate(gate, ctx, { operations: options.operations, queue });
  if (!permit.run) return stop(request.source === "userShell" ? "failed" : "declined", permit.message);
  startItem();
  if (ctx.signal.aborted) return stop("failed", "Cannot run shell command: the turn was interrupted while it waited");

  const spawn: SpawnRequest = { program: options.shell, args: [options.login ? "-lc" : "-c", command], cwd };
  let program = spawn.program;
  const attempt = (sandboxed: boolean): Promise<ProcessRun> => {
    const wrapped = sandboxed && permit.sandbox ? sandboxSpawn(spawn, ctx.sandbox, permit.sandbox) : spawn;
    program = wrapped.program;
    return runProcess(wrapped, ctx, {
      operations: options.operations,
      timeoutMs,
      itemId: ctx.callId,
      maxItemOutput: options.maxItemOutput,
    });
  };
  let run = await attempt(true);
  let sandboxed = permit.sandbox !== undefined;
  let notice: string | undefined;
  if (
    run.started && permit.sandbox && permit.askOnDenial && !run.interrupted &&
    looksLikeSandboxDenial({ ...run, output: run.output.toString() }, ctx.sandbox)
  ) {
    const answer = await askToRetryUnsandboxed(gate, ctx, queue);
    if (accepted(answer)) {
      run = await attempt(false);
      sandboxed = false;
    } else notice = `the sandbox denied this command; it was not re-run without the sandbox: ${refusalMessage(answer)}`;
  }
  if (
    run.started && sandboxed && permit.sandbox?.kind === "landlock" && run.exitCode !== 0 &&
    run.output.toString().includes("Permission denied")
  ) {
    notice = [notice, LANDLOCK_HINT].filter(Boolean).join("; ");
  }
  if (!run.started) return stop("failed", `Cannot run shell command: failed to start "${program}": ${run.error}`);

  const durationMs = elapsed();
  const succeeded = run.exitCode === 0 && !run.timedOut && !run.interrupted;
  ctx.completeItem({
    ...item,
    processId: String(run.pid),
    status: succeeded ? "completed" : "failed",
    // No output at all is `null`, as Codex reports it.
    aggregatedOutput: run.output.toString() || null,
    exitCode: run.exitCode,
    durationMs,
  });
  const output = formatCommandOutput({
    exitCode: run.exitCode,
    durationMs,
    output: run.output.parts(),
    totalLines: run.output.lines,
    timedOutAfterMs: run.timedOut ? timeoutMs : undefined,
    interrupted: run.interrupted,
    notice,
  }, { maxBytes: options.maxOutputBytes });
  return { output, success: succeeded };
}
