/**
 * @module
 * Temporary workspaces for test turns: a fresh directory (with its own Tern home beside it)
 * holding the files a test asks for, and a snapshot of its text files after the turn.
 */
import { dirname, join, relative, sep } from "node:path";

/** A scratch root: `workspace` is where the turn runs, `ternHome` its `$TERN_HOME`. */
export interface TempWorkspace {
  root: string;
  workspace: string;
  ternHome: string;
  /** Removes the whole root. */
  remove(): Promise<void>;
}

/** Makes a temp root with `files` (relative path → text) written into its workspace. */
export async function tempWorkspace(files: Record<string, string> = {}): Promise<TempWorkspace> {
  const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "tern-testing-" }));
  const workspace = join(root, "workspace");
  const ternHome = join(root, "home");
  await Deno.mkdir(workspace);
  await Deno.mkdir(ternHome);
  for (const [path, text] of Object.entries(files)) {
    const target = join(workspace, path);
    if (relative(workspace, target).startsWith("..")) {
      throw new RangeError(`Cannot write workspace file "${path}": it is outside the workspace`);
    }
    await Deno.mkdir(dirname(target), { recursive: true });
    await Deno.writeTextFile(target, text);
  }
  return { root, workspace, ternHome, remove: () => Deno.remove(root, { recursive: true }) };
}

const MAX_FILE_BYTES = 1_000_000;
const decoder = new TextDecoder("utf-8", { fatal: true });

/** The text files under `dir` (not `.git`, not `node_modules`, none over 1 MB), by `/`-separated path. */
export async function snapshotFiles(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const walk = async (current: string): Promise<void> => {
    for await (const entry of Deno.readDir(current)) {
      const path = join(current, entry.name);
      if (entry.isDirectory) {
        if (entry.name !== ".git" && entry.name !== "node_modules") await walk(path);
      } else if (entry.isFile) {
        const bytes = await Deno.readFile(path);
        if (bytes.length > MAX_FILE_BYTES) continue;
        try {
          files[relative(dir, path).split(sep).join("/")] = decoder.decode(bytes);
        } catch { /* not text */ }
      }
    }
  };
  await walk(dir);
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
}
