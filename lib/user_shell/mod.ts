/**
 * @module
 * The contract between the plugin that runs shell commands (`builtin:shell`, which provides the
 * service) and the front ends that run a user's own command in a thread (`thread/shellCommand`,
 * the terminal UI's `!cmd`, through the app-server). Plugins do not import each other; they meet
 * here and in the kernel's `UserShellTask`.
 */
import type { ToolContext, ToolResult } from "../../kernel/mod.ts";

/** The name of the service (`runtime.service(USER_SHELL_SERVICE)`). */
export const USER_SHELL_SERVICE = "user-shell";

/** Runs a user's command with the context of a `userShell` turn (`Thread.shellCommand`). */
export interface UserShellService {
  /**
   * The runner of `command`: it reports a `commandExecution` item with source `userShell`, runs the
   * command in the thread's shell, cwd and sandbox without asking for approval, kills it after
   * `timeoutMs`, and returns the output the model reads.
   */
  runner(command: string, options: { timeoutMs: number }): (ctx: ToolContext) => Promise<ToolResult>;
}
