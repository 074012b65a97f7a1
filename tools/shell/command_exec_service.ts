/**
 * @module
 * The `command-exec` service (`lib/command_exec`): starts a client's process for the app-server's
 * `command/exec` with the shell plugin's own operations (tracked, killed at close, the sandbox looked
 * up once and its absence reported once), wrapped in the sandbox of the request exactly as the shell
 * tool wraps a command. Fail closed: a sandboxed request on a machine without a sandbox is refused.
 * With `tty`, the sandboxed command runs on a pty (`pty.ts`, loaded then).
 */
import { importOnUse } from "../../kernel/mod.ts";
import type { CommandExecService } from "../../lib/command_exec/mod.ts";
import { findOnPath } from "../../lib/sandbox/mod.ts";
import { sandboxSpawn, type ShellOperations, type SpawnRequest } from "./operations.ts";

/** Creates the service over the plugin's operations. */
export function createCommandExecService(operations: ShellOperations): CommandExecService {
  return {
    async start(request) {
      const [program, ...args] = request.argv;
      const kind = await operations.pathKind(request.cwd);
      if (kind !== "directory") {
        throw new Error(
          `working directory "${request.cwd}" ${kind === "missing" ? "does not exist" : "is not a directory"}`,
        );
      }
      const set: Record<string, string> = {};
      const unset: string[] = [];
      for (const [name, value] of Object.entries(request.env)) {
        if (value === null) unset.push(name);
        else set[name] = value;
      }
      // Removing an inherited variable: through env(1), which runs the program in place.
      const envProgram = unset.length > 0 ? findOnPath("env") : undefined;
      if (unset.length > 0 && !envProgram) throw new Error("cannot unset variables: the env program is missing");
      let spawn: SpawnRequest = envProgram
        ? { program: envProgram, args: [...unset.flatMap((n) => ["-u", n]), "--", program, ...args], cwd: request.cwd }
        : { program, args, cwd: request.cwd };
      spawn = { ...spawn, env: set, stdin: request.stdin ? "piped" : "null" };
      if (request.sandbox.mode !== "danger-full-access") {
        const support = await operations.sandbox();
        if (support.kind === "none") {
          throw new Error(
            `the sandbox (${request.sandbox.mode}) is not available on this machine (${support.reason}), ` +
              "and a sandboxed command does not run without it",
          );
        }
        spawn = sandboxSpawn(spawn, request.sandbox, support);
      }
      const pty = request.tty ? await importOnUse<typeof import("./pty.ts")>("./pty.ts", import.meta.url) : null;
      const child = await operations.spawn(pty && request.tty ? pty.onPty(spawn, request.tty) : spawn);
      return {
        stdin: child.stdin,
        output: { stdout: child.stdout, stderr: child.stderr },
        exitCode: child.status.then((s) => s.code),
        kill: () => child.kill(),
        ...(pty ? { resize: (size: { rows: number; cols: number }) => pty.resizePty(child.pid, size) } : {}),
      };
    },
  };
}
