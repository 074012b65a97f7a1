/**
 * @module
 * An assertion on a reported `commandExecution.command`: Codex reports the command as the shell
 * runs it (`/bin/bash -lc 'script'`), and the shell Tern uses depends on the machine's `$SHELL`.
 */
import { assert, assertEquals } from "@std/assert";
import { displayCommand } from "../../lib/shell_words/mod.ts";

/** `command` is `script` wrapped in a shell invocation (`<shell> -c|-lc <quoted script>`). */
export function assertShellCommandLine(command: string | null | undefined, script: string): void {
  assert(typeof command === "string", `expected a command line, got ${command}`);
  assert(/^\S+ -l?c /.test(command), `expected "<shell> -c <script>", got ${JSON.stringify(command)}`);
  assertEquals(displayCommand(command), script);
}
