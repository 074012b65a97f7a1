/**
 * @module
 * The `user-shell` service (`lib/user_shell`): runs a user's own command (`thread/shellCommand`,
 * the terminal UI's `!cmd`) the way `shell_command` runs the model's, in the thread's cwd and
 * sandbox, streamed as a `commandExecution` item, but with source `userShell` and no approval asked.
 */
import { importOnUse } from "../../kernel/mod.ts";
import type { UserShellService } from "../../lib/user_shell/mod.ts";
import type { ApprovalQueue } from "./approval_gate.ts";
import type { ShellOperations } from "./operations.ts";
import { findUserShell } from "./user_shell.ts";

/** What the service runs commands with: the plugin's own operations and settings. */
export interface UserCommandOptions {
  operations: ShellOperations;
  login: boolean;
  maxOutputBytes: number;
  queue: ApprovalQueue;
}

/** Creates the service. */
export function createUserShellService(options: UserCommandOptions): UserShellService {
  let shell: string | undefined;
  return {
    runner: (command, { timeoutMs }) => async (ctx) => {
      shell ??= findUserShell();
      const { runCommand } = await importOnUse<typeof import("./run_command.ts")>("./run_command.ts", import.meta.url);
      return runCommand({ command, cwd: ctx.cwd, timeoutMs, source: "userShell" }, ctx, { ...options, shell });
    },
  };
}
