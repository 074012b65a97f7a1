/**
 * @module
 * The `shell_command` tool, with Codex's parameters: `command` (a script for the user's shell),
 * `workdir` (relative paths resolve against the thread's cwd), `timeout_ms`, and the approval
 * parameters `sandbox_permissions` (`"require_escalated"` asks to run outside the sandbox) and
 * `justification` (the question the user sees). The factory takes its operations, so tests can
 * swap the spawn and the sandbox; `run_command.ts` does the work.
 */
import { z } from "zod";
import { defineTool, type FunctionTool, importOnUse, resolve } from "../../kernel/mod.ts";
import { denoShellOperations, type ShellOperations } from "./operations.ts";
import { ApprovalQueue } from "./approval_gate.ts";
import { DEFAULT_MAX_OUTPUT_BYTES } from "./truncate.ts";
import { findUserShell } from "./user_shell.ts";

/** Codex's default command timeout (`DEFAULT_EXEC_COMMAND_TIMEOUT_MS`). */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** The largest delay a timer can hold. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

const DESCRIPTION = [
  "Run a shell command and return what it printed.",
  "- Always pass `workdir` with shell_command rather than relying on the current directory.",
  "- Avoid `cd` unless there is truly no other way.",
].join("\n");

/** The tool's parameters; `defaultTimeoutMs` is named in the `timeout_ms` description. */
export function shellCommandParameters(defaultTimeoutMs: number = DEFAULT_TIMEOUT_MS) {
  return z.object({
    command: z.string().describe("Shell script to run in the user's default shell."),
    workdir: z.string().optional().describe(
      "Directory to run the command in; a relative path is taken from the thread's working directory.",
    ),
    timeout_ms: z.number().positive().optional().describe(
      `How long the command may run, in milliseconds, before it is killed. Defaults to ${defaultTimeoutMs}.`,
    ),
    sandbox_permissions: z.enum(["use_default", "require_escalated"]).optional().describe(
      'Sandbox permissions for this command: "require_escalated" asks to run it outside the sandbox; ' +
        'the default is "use_default".',
    ),
    justification: z.string().optional().describe(
      'Only with sandbox_permissions "require_escalated": one short question for the user that says why ' +
        "the command must run outside the sandbox, e.g. 'Do you want to pull the latest changes of this branch?'",
    ),
  });
}

/** The parameter schema's type. */
export type ShellCommandParameters = ReturnType<typeof shellCommandParameters>;

/** Options of `createShellCommandTool`; all optional. */
export interface ShellCommandToolOptions {
  /** Run the shell as a login shell (`-lc`). @default false */
  login?: boolean;
  /** Timeout when the model gives none. @default 10000 */
  timeoutMs?: number;
  /** Byte budget of the output the model reads. @default 10000 */
  maxOutputBytes?: number;
  /** The shell to use. @default `findUserShell()`, looked up on the first call */
  shell?: string;
  /** How processes are started and killed, and which sandbox exists. @default denoShellOperations */
  operations?: ShellOperations;
  /** Shared with the plugin's other tools so a thread's approvals are asked one at a time. */
  queue?: ApprovalQueue;
}

/**
 * Creates the `shell_command` tool.
 *
 * @example
 * ```ts
 * api.tools.register(createShellCommandTool({ timeoutMs: 30_000 }));
 * ```
 */
export function createShellCommandTool(options: ShellCommandToolOptions = {}): FunctionTool<ShellCommandParameters> {
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const operations = options.operations ?? denoShellOperations;
  const queue = options.queue ?? new ApprovalQueue();
  let shell = options.shell;
  return defineTool({
    name: "shell_command",
    reportsItself: true,
    description: DESCRIPTION,
    parameters: shellCommandParameters(defaultTimeoutMs),
    async execute(args, ctx) {
      shell ??= findUserShell();
      const timeoutMs = Math.min(Math.ceil(args.timeout_ms ?? defaultTimeoutMs), MAX_TIMEOUT_MS);
      const request = {
        command: args.command,
        cwd: resolve(ctx.cwd, args.workdir ?? "."),
        timeoutMs,
        escalate: args.sandbox_permissions === "require_escalated",
        justification: args.justification,
      };
      // The runner (process I/O, sandbox, approvals) loads with the first command.
      const { runCommand } = await importOnUse<typeof import("./run_command.ts")>("./run_command.ts", import.meta.url);
      return runCommand(request, ctx, {
        operations,
        shell,
        login: options.login ?? false,
        maxOutputBytes: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
        queue,
      });
    },
  });
}
