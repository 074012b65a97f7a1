/**
 * @module
 * The `shell` plugin: runs commands for the model, sandboxed (bubblewrap or Landlock + seccomp on
 * Linux, Seatbelt on macOS: `lib/sandbox`) and behind the approval policy. Config `shell.tool`
 * picks what the model sees: `shell_command` (default), `unified_exec` (`exec_command` +
 * `write_stdin`, for long-running and interactive processes) or `both`. Other keys:
 * `{ login, timeoutMs, maxOutputBytes }`. The sandbox is looked up when the first turn starts; when
 * there is none, the plugin warns once (stderr and `configWarning`) at the first command that needs
 * one, and such commands ask first.
 * Processes and sessions still running when the runtime closes (or their thread closes) are killed;
 * on Linux they die with Tern even when it is killed, and what a killed Tern left running is killed
 * by the next one (`process_records.ts`). It also provides the `user-shell` service (a user's `!`
 * command) and the `command-exec` service (the app-server's `command/exec`).
 */
import { z } from "zod";
import { definePlugin, importOnUse } from "../../kernel/mod.ts";
import { closeConfinement, detectSandbox } from "../../lib/sandbox/mod.ts";
import { ApprovalQueue } from "./approval_gate.ts";
import type { ExecSessions } from "./exec_sessions.ts";
import {
  denoShellOperations,
  findPdeathsig,
  type RunningProcess,
  type ShellOperations,
  warnWithoutSandbox,
} from "./operations.ts";
import { COMMAND_TOKEN_ENV, ProcessRecords, reapLeftovers } from "./process_records.ts";
import { createShellCommandTool, DEFAULT_TIMEOUT_MS } from "./shell_command.ts";
import { DEFAULT_MAX_OUTPUT_BYTES } from "./truncate.ts";
import { createUserShellService } from "./user_command.ts";
import { USER_SHELL_SERVICE } from "../../lib/user_shell/mod.ts";
import { COMMAND_EXEC_SERVICE } from "../../lib/command_exec/mod.ts";
import { createCommandExecService } from "./command_exec_service.ts";

/** The `shell` config section. */
export const ShellConfig = z.object({
  /** Which shell tools the model sees. @default "shell_command" */
  tool: z.enum(["shell_command", "unified_exec", "both"]).default("shell_command"),
  /** Run commands in a login shell (`<shell> -lc`), which reads the user's profile. @default false */
  login: z.boolean().default(false),
  /** Timeout of a command when the model gives none, in milliseconds. @default 10000 */
  timeoutMs: z.number().int().positive().default(DEFAULT_TIMEOUT_MS),
  /** Byte budget of a command's output as the model reads it (head and tail kept). @default 10000 */
  maxOutputBytes: z.number().int().positive().default(DEFAULT_MAX_OUTPUT_BYTES),
}).strict().prefault({});
export type ShellConfig = z.infer<typeof ShellConfig>;

export default definePlugin({
  name: "shell",
  config: ShellConfig,
  async setup(api, config) {
    // What a Tern killed before it could close left running dies now (`process_records.ts`).
    await reapLeftovers(api.ternHome);
    const records = new ProcessRecords(api.ternHome);
    const running = new Set<RunningProcess>();
    const tracked: ShellOperations = {
      ...denoShellOperations,
      async spawn(request) {
        // A command in a group of its own is recorded while it runs (bubblewrap's die with it).
        const token = request.ownSession !== false && Deno.build.os !== "windows" ? records.newToken() : undefined;
        const child = await denoShellOperations.spawn(
          token ? { ...request, env: { ...request.env, [COMMAND_TOKEN_ENV]: token } } : request,
        );
        const unrecord = token ? records.add(child.pid, token) : () => {};
        running.add(child);
        const forget = () => {
          running.delete(child);
          unrecord();
        };
        child.status.then(forget, forget);
        return child;
      },
    };
    // No sandbox: said on stderr, and to app-server clients as Codex's `configWarning`.
    const operations = warnWithoutSandbox(tracked, {
      warn(message, support) {
        api.warn(message);
        api.bus.emit("configWarning", {
          summary: `No sandbox for shell commands: ${support.reason}`,
          details: message,
        });
      },
      log: (message) => api.log(message),
    });
    const queue = new ApprovalQueue();
    const common = {
      login: config.login,
      maxOutputBytes: config.maxOutputBytes,
      operations,
      queue,
    };
    api.services.provide(USER_SHELL_SERVICE, createUserShellService(common));
    api.services.provide(COMMAND_EXEC_SERVICE, createCommandExecService(operations));
    if (config.tool !== "unified_exec") {
      api.tools.register(createShellCommandTool({ ...common, timeoutMs: config.timeoutMs }));
    }
    // Unified exec (sessions, stdin) loads only when configured.
    let sessions: ExecSessions | null = null;
    if (config.tool !== "shell_command") {
      const [{ createExecCommandTool }, { createWriteStdinTool }, { ExecSessions }] = await Promise.all([
        importOnUse<typeof import("./exec_command.ts")>("./exec_command.ts", import.meta.url),
        importOnUse<typeof import("./write_stdin.ts")>("./write_stdin.ts", import.meta.url),
        importOnUse<typeof import("./exec_sessions.ts")>("./exec_sessions.ts", import.meta.url),
      ]);
      sessions = new ExecSessions();
      api.tools.register(createExecCommandTool({ ...common, sessions }));
      api.tools.register(createWriteStdinTool({ ...common, sessions }));
    }
    api.bus.on("thread/closed", ({ threadId }) => sessions?.closeThread(threadId));
    // Find the sandbox (a trial run, a worker thread to start) and setpriv (a trial run) while the
    // first model request is in flight, so the first command does not wait for them. Quietly: a
    // missing sandbox is said when a command needs one (a danger-full-access thread never does).
    const offDetect = api.bus.on("turn/started", () => {
      offDetect();
      void detectSandbox().catch(() => {});
      void findPdeathsig();
    });
    api.onClose(async () => {
      closeConfinement();
      for (const child of running) child.kill();
      await sessions?.closeAll();
    });
  },
});
