/**
 * @module
 * The `exec_command` tool (Codex's unified exec): starts a command in the user's shell with a
 * stdin, behind the same approval gate and sandbox as `shell_command`, waits up to
 * `yield_time_ms` (250-30000 ms, default 10000) or until it exits, and returns the output so far.
 * A process still running keeps a numeric session id that `write_stdin` talks to. `tty` is
 * accepted but Deno has no PTY: the process always gets pipes (run `python3 -i`, not `python3`).
 * The call's `commandExecution` item (source `unifiedExecStartup`) completes when the call
 * returns; a process still running then shows `exitCode: null` and its session id as `processId`.
 */
import { z } from "zod";
import { type CommandExecutionItem, defineTool, type FunctionTool, resolve } from "../../kernel/mod.ts";
import { shellCommandLine } from "../../lib/shell_words/mod.ts";
import {
  accepted,
  ApprovalQueue,
  askToRetryUnsandboxed,
  type GateRequest,
  passGate,
  refusalMessage,
  startOnce,
} from "./approval_gate.ts";
import { looksLikeSandboxDenial } from "./approval_policy.ts";
import { parseCommandActions } from "./command_actions.ts";
import { type ExecSession, ExecSessions } from "./exec_sessions.ts";
import { denoShellOperations, sandboxSpawn, type ShellOperations, type SpawnRequest } from "./operations.ts";
import { DEFAULT_MAX_OUTPUT_BYTES } from "./truncate.ts";
import { BYTES_PER_TOKEN, collect, type Collected, finishCall } from "./unified_output.ts";
import { findUserShell } from "./user_shell.ts";

/** Codex's yield bounds for `exec_command`. */
export const EXEC_YIELD = { default: 10_000, min: 250, max: 30_000 };

const DESCRIPTION = [
  "Runs a command in a shell and returns its output, keeping the process alive when it is still running " +
  "after yield_time_ms: the result then names a session ID to use with write_stdin.",
  "- Use it for long-running or interactive processes (servers, watchers, REPLs: run `python3 -i`).",
  "- The process gets pipes, never a terminal, even with tty: true.",
  "- Always pass `workdir` rather than relying on `cd`.",
].join("\n");

/** The tool's parameters. */
export const ExecCommandParameters = z.object({
  cmd: z.string().describe("Shell command to execute."),
  workdir: z.string().optional().describe(
    "Directory to run the command in; a relative path is taken from the thread's working directory.",
  ),
  shell: z.string().optional().describe("Shell binary to launch. Defaults to the user's default shell."),
  login: z.boolean().optional().describe("Whether to run the shell with -l (login) semantics."),
  tty: z.boolean().optional().describe("Accepted for compatibility; the process always gets pipes, not a PTY."),
  yield_time_ms: z.number().optional().describe(
    `How long to wait for output before yielding, in milliseconds (${EXEC_YIELD.min}-${EXEC_YIELD.max}, ` +
      `default ${EXEC_YIELD.default}).`,
  ),
  max_output_tokens: z.number().int().positive().optional().describe(
    "Maximum number of tokens to return. Excess output will be truncated.",
  ),
  sandbox_permissions: z.enum(["use_default", "require_escalated"]).optional().describe(
    'Sandbox permissions for this command: "require_escalated" asks to run it outside the sandbox.',
  ),
  justification: z.string().optional().describe(
    'Only with sandbox_permissions "require_escalated": one short question for the user that says why.',
  ),
});

/** Options of the unified-exec tools. */
export interface UnifiedExecOptions {
  /** The sessions, shared by `exec_command` and `write_stdin`. */
  sessions: ExecSessions;
  /** @default denoShellOperations */
  operations?: ShellOperations;
  /** @default findUserShell(), looked up on the first call */
  shell?: string;
  /** Login shell when the model does not say. @default false */
  login?: boolean;
  /** Byte budget of the output when the model gives no `max_output_tokens`. @default 10000 */
  maxOutputBytes?: number;
  queue?: ApprovalQueue;
}

/** Clamps a yield time into `[min, max]`, using `fallback` when the model gave none. */
export function clampYield(value: number | undefined, bounds: { default: number; min: number; max: number }): number {
  return Math.min(Math.max(Math.round(value ?? bounds.default), bounds.min), bounds.max);
}

/** Creates `exec_command`. */
export function createExecCommandTool(options: UnifiedExecOptions): FunctionTool<typeof ExecCommandParameters> {
  const operations = options.operations ?? denoShellOperations;
  const queue = options.queue ?? new ApprovalQueue();
  let defaultShell = options.shell;
  return defineTool({
    name: "exec_command",
    reportsItself: true,
    description: DESCRIPTION,
    parameters: ExecCommandParameters,
    async execute(args, ctx) {
      const shell = args.shell ?? (defaultShell ??= findUserShell());
      const cwd = resolve(ctx.cwd, args.workdir ?? ".");
      const waitMs = clampYield(args.yield_time_ms, EXEC_YIELD);
      const login = args.login ?? options.login ?? false;
      const maxBytes = args.max_output_tokens
        ? args.max_output_tokens * BYTES_PER_TOKEN
        : options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
      const item: CommandExecutionItem = {
        type: "commandExecution",
        id: ctx.callId,
        // As Codex reports it: the command as the shell runs it; `commandActions` has the script.
        command: shellCommandLine(shell, login, args.cmd),
        cwd,
        processId: null,
        source: "unifiedExecStartup",
        status: "inProgress",
        commandActions: parseCommandActions(args.cmd),
        aggregatedOutput: null,
        exitCode: null,
        durationMs: null,
      };
      const startItem = startOnce(ctx, item);
      const startedAtMs = Date.now();
      const started = performance.now();
      const stop = (status: "failed" | "declined", message: string) => {
        startItem();
        // A declined command never ran: no duration, as Codex reports it.
        const durationMs = status === "declined" ? null : Math.round(performance.now() - started);
        ctx.completeItem({ ...item, status, aggregatedOutput: status === "failed" ? message : null, durationMs });
        return { output: message, success: false };
      };
      if (ctx.signal.aborted) {
        return stop("failed", "Cannot run exec_command: the turn was interrupted before it started");
      }
      const kind = await operations.pathKind(cwd);
      if (kind !== "directory") {
        const why = kind === "missing" ? "does not exist" : "is not a directory";
        return stop("failed", `Cannot run exec_command: working directory "${cwd}" ${why}`);
      }
      const gate: GateRequest = {
        command: args.cmd,
        commandLine: item.command,
        cwd,
        commandActions: item.commandActions,
        startedAtMs,
        escalate: args.sandbox_permissions === "require_escalated",
        justification: args.justification,
        onAsk: startItem,
      };
      const permit = await passGate(gate, ctx, { operations, queue });
      if (!permit.run) return stop("declined", permit.message);
      startItem();
      if (ctx.signal.aborted) {
        return stop("failed", "Cannot run exec_command: the turn was interrupted while it waited");
      }

      const spawn: SpawnRequest = {
        program: shell,
        args: [login ? "-lc" : "-c", args.cmd],
        cwd,
        stdin: "piped",
      };
      const start = async (sandboxed: boolean): Promise<{ session: ExecSession } | { error: string }> => {
        const request = sandboxed && permit.sandbox ? sandboxSpawn(spawn, ctx.sandbox, permit.sandbox) : spawn;
        try {
          const child = await operations.spawn(request);
          return { session: options.sessions.add(ctx.threadId, args.cmd, cwd, child) };
        } catch (error) {
          return { error: `failed to start "${request.program}": ${(error as Error).message ?? error}` };
        }
      };
      let attempt = await start(true);
      if ("error" in attempt) return stop("failed", `Cannot run exec_command: ${attempt.error}`);
      let collected: Collected = await collect(attempt.session, ctx, { itemId: ctx.callId, waitMs });
      let notice: string | undefined;
      if (
        permit.sandbox && permit.askOnDenial && collected.exitCode !== undefined &&
        looksLikeSandboxDenial(
          { exitCode: collected.exitCode, timedOut: false, output: collected.output.toString() },
          ctx.sandbox,
        )
      ) {
        const answer = await askToRetryUnsandboxed(gate, ctx, queue);
        if (accepted(answer)) {
          options.sessions.remove(ctx.threadId, attempt.session.id);
          attempt = await start(false);
          if ("error" in attempt) return stop("failed", `Cannot run exec_command: ${attempt.error}`);
          collected = await collect(attempt.session, ctx, { itemId: ctx.callId, waitMs });
        } else {
          notice = `the sandbox denied this command; it was not re-run without the sandbox: ${refusalMessage(answer)}`;
        }
      }
      return finishCall(item, attempt.session, collected, ctx, {
        sessions: options.sessions,
        maxBytes,
        started,
        notice,
      });
    },
  });
}
