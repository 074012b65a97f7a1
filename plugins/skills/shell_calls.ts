/**
 * @module
 * Reads a shell tool call's input: which commands it runs and where. Knows the shapes of the
 * shell plugin's tools (`shell_command`: `command` + `workdir`; `exec_command`: `cmd` +
 * `workdir`) and Codex's argv form (`shell`: `command: string[]`). Anything else is not a shell
 * call, and skills then leave it alone.
 */
import { resolve } from "../../kernel/mod.ts";
import { type SimpleCommand, simpleCommands } from "./shell_words.ts";

/** Tool names whose calls run shell commands. */
export const SHELL_TOOLS: ReadonlySet<string> = new Set(["shell_command", "exec_command", "shell", "local_shell"]);

/**
 * The simple commands a shell tool call runs, or null for other tools and unreadable input.
 *
 * @example
 * ```ts
 * commandsOfCall("shell_command", '{"command":"cd skill && ./scripts/x.sh","workdir":"."}', "/repo");
 * // [{ words: ["./scripts/x.sh"], cwd: "/repo/skill" }]
 * ```
 */
export function commandsOfCall(
  toolName: string,
  input: string,
  options: { cwd: string; home?: string | null },
): SimpleCommand[] | null {
  if (!SHELL_TOOLS.has(toolName)) return null;
  let args: Record<string, unknown>;
  try {
    args = JSON.parse(input);
  } catch {
    return null;
  }
  if (typeof args !== "object" || args === null) return null;
  const workdir = typeof args.workdir === "string" ? resolve(options.cwd, args.workdir) : options.cwd;
  const script = typeof args.command === "string" ? args.command : typeof args.cmd === "string" ? args.cmd : null;
  if (script !== null) return simpleCommands(script, workdir, options.home ?? null);
  if (Array.isArray(args.command) && args.command.every((w) => typeof w === "string")) {
    return [{ words: args.command as string[], cwd: workdir }];
  }
  return null;
}
