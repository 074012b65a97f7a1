/**
 * @module
 * `/init`: asks the model to write a starter AGENTS.md for the workspace, as Codex's `/init` does,
 * rather than writing a fixed template: the model reads the project (layout, build and test
 * commands, conventions) and writes what it finds, through its usual tools, so the file's change
 * shows as a diff and follows the session's sandbox and approvals. When the workspace already has
 * an AGENTS.md the session asks first, and without a yes nothing is sent.
 */
import { join } from "@std/path";

/** The instructions file `/init` writes, in the workspace. */
export const AGENTS_FILE = "AGENTS.md";

/** The message `/init` sends; `overwrite` when the user agreed to replace an existing file. */
export function initPrompt(overwrite: boolean): string {
  return [
    `Write a starter ${AGENTS_FILE} at the root of this workspace: the instructions file coding agents read first.`,
    "Look at the project before writing: its layout, languages, how to build, lint and test it (the exact commands),",
    "its coding conventions, and anything a newcomer must know before changing code. Keep it short and concrete",
    "(a title, then sections such as Layout, Commands, Conventions, Tests), and leave out what you could not confirm.",
    overwrite
      ? `An ${AGENTS_FILE} exists already and the user agreed to replace it: keep what in it is still true.`
      : `Create the file; do not change any other file.`,
  ].join("\n");
}

/** Whether the workspace `cwd` has an AGENTS.md. */
export async function hasAgentsFile(cwd: string): Promise<boolean> {
  try {
    await Deno.stat(join(cwd, AGENTS_FILE));
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
