/**
 * @module
 * Helpers shared by the terminal UI tests (test/tui_test.ts, test/tui_commands_test.ts): the
 * scripted model's flags, a session opened in a fresh sandbox, typing a message and waiting for
 * what it shows, and the rollouts a session saved.
 */
import { join } from "@std/path";
import { Keys, openTerminal, type TernTerminal } from "./terminal.ts";
import { makeSandbox, type Sandbox } from "./tern_process.ts";

/** `-c` flags for the scripted model replaying `responses`, plus `extra` overrides. */
export function scripted(responses: unknown[][], extra: string[] = []): string[] {
  return ['model_provider="scripted"', `scripted.responses=${JSON.stringify(responses)}`, ...extra]
    .flatMap((o) => ["-c", o]);
}

/** A scripted `shell_command` call. */
export const shell = (command: string) => ({ call: "shell_command", args: { command } });

/** Opens `tern ARGS` in a fresh sandbox, runs `body`, then closes both. */
export async function withSession(
  args: string[],
  body: (term: TernTerminal, sandbox: Sandbox) => Promise<void>,
  options: { cols?: number; env?: Record<string, string>; prepare?: (sandbox: Sandbox) => Promise<void> } = {},
): Promise<void> {
  const sandbox = await makeSandbox();
  // Commands write into out/: without bubblewrap, Landlock lets none make an entry directly in the
  // workspace, which holds .git (docs/tools.md).
  await Deno.mkdir(join(sandbox.workspace, "out"));
  await options.prepare?.(sandbox);
  const term = openTerminal(sandbox, args, options);
  try {
    await term.waitFor("enter send");
    await body(term, sandbox);
  } finally {
    await term.close();
    await sandbox.cleanup();
  }
}

/** Types `text` and Enter, then waits until the screen shows `shows`. */
export async function send(term: TernTerminal, text: string, shows: string | RegExp): Promise<void> {
  await term.type(text + Keys.enter);
  await term.waitFor(shows);
}

/** Every rollout file under the sandbox's TERN_HOME, as one text. */
export async function rollouts(sandbox: Sandbox): Promise<string> {
  let text = "";
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (entry.name.endsWith(".jsonl")) text += await Deno.readTextFile(path);
    }
  };
  await walk(join(sandbox.ternHome, "sessions"));
  return text;
}

/** The rollout file of thread `id` (its name holds the id). */
export async function rolloutOf(sandbox: Sandbox, id: string): Promise<string> {
  for await (const entry of walk(join(sandbox.ternHome, "sessions"))) {
    if (entry.endsWith(`${id}.jsonl`)) return await Deno.readTextFile(entry);
  }
  throw new Error(`No rollout for thread ${id}`);
}

async function* walk(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* walk(path);
    else yield path;
  }
}
