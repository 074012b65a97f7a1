/**
 * @module
 * Test support for the config tests: builds a real temp tree with a Tern home and a project.
 * Private to `kernel/` tests; nothing else imports it.
 */
import { join } from "@std/path";

/** Paths of a temp tree: `root/home/.tern` is the Tern home, `root/proj` a project dir. */
export interface ConfigTree extends AsyncDisposable {
  root: string;
  home: string;
  proj: string;
}

/**
 * Writes `files` (paths relative to a fresh temp dir) and returns the tree's paths. Use it with
 * `await using`, so the tree is removed when the test ends.
 */
export async function configTree(files: Record<string, string>): Promise<ConfigTree> {
  const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "tern_config_" }));
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(join(root, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(root, path), text);
  }
  await Deno.mkdir(join(root, "proj"), { recursive: true });
  return {
    root,
    home: join(root, "home/.tern"),
    proj: join(root, "proj"),
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}
