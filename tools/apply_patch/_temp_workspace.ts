/**
 * @module
 * Test support: a temporary directory (its real path) filled with files, removed when the
 * `await using` scope that holds it ends. Private to this folder's tests.
 */
import { join } from "@std/path";

/** A temporary directory that removes itself. */
export interface TempWorkspace extends AsyncDisposable {
  path: string;
}

/**
 * Creates a temporary directory holding `files` (relative path → text or bytes).
 *
 * @example
 * ```ts
 * await using ws = await tempWorkspace({ "a.txt": "a\n" });
 * ```
 */
export async function tempWorkspace(files: Record<string, string | Uint8Array> = {}): Promise<TempWorkspace> {
  const path = await Deno.realPath(await Deno.makeTempDir({ prefix: "tern-apply-patch-" }));
  for (const [rel, data] of Object.entries(files)) {
    await Deno.mkdir(join(path, rel, ".."), { recursive: true });
    if (typeof data === "string") await Deno.writeTextFile(join(path, rel), data);
    else await Deno.writeFile(join(path, rel), data);
  }
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }).catch(() => {}) };
}
