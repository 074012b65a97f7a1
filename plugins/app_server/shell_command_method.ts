/**
 * @module
 * `thread/shellCommand`: a user's `!` command in a loaded thread. It answers `{}` at once, then
 * runs as a turn of its own (after any running turn) through the `user-shell` service of the
 * shell plugin: `turn/started`, a `commandExecution` item with source `userShell` (started, output
 * deltas, completed), `turn/completed`. The command and its output enter the model history, so the
 * next turn's request carries them. Unlike Codex 0.169, which runs it unsandboxed, Tern runs it
 * in the thread's sandbox (fail closed: a sandboxed thread on a machine without a sandbox refuses it).
 */
import type { EmptyResponse, ThreadShellCommandParams } from "../../kernel/mod.ts";
import { USER_SHELL_SERVICE, type UserShellService } from "../../lib/user_shell/mod.ts";
import type { MethodContext } from "./method_context.ts";
import { invalidRequest } from "./rpc_error.ts";

/** Codex's default: one hour. */
export const DEFAULT_SHELL_COMMAND_TIMEOUT_MS = 60 * 60 * 1000;

/** Runs the user's command in the thread; its item and turn follow as notifications. */
export async function threadShellCommand(
  params: ThreadShellCommandParams,
  ctx: MethodContext,
): Promise<EmptyResponse> {
  const { server } = ctx;
  const thread = server.loadedThread(params.threadId);
  if (server.registry.isClosing(thread.id)) throw invalidRequest(`Thread "${thread.id}" is closing`);
  let service: UserShellService;
  try {
    service = await server.runtime.service<UserShellService>(USER_SHELL_SERVICE);
  } catch {
    throw invalidRequest("Cannot run a shell command: no plugin runs commands (the shell plugin is not loaded)");
  }
  const { command } = params;
  const timeoutMs = params.timeoutMs ?? DEFAULT_SHELL_COMMAND_TIMEOUT_MS;
  const turnId = crypto.randomUUID();
  server.queue.holdDirectStart(thread.id, turnId);
  ctx.afterResponse(() => {
    try {
      const run = thread.shellCommand({ command, run: service.runner(command, { timeoutMs }) }, { turnId });
      run.catch((error) =>
        server.runtime.warn(
          `[app-server] Shell command "${turnId}" of thread "${thread.id}" failed to run: ${error?.message ?? error}`,
        )
      );
      server.queue.drainAfter(thread.id, run);
    } finally {
      server.queue.releaseDirectStart(thread.id, turnId);
    }
  });
  return {};
}
