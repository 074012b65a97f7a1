import { assert, assertEquals } from "@std/assert";
import { join, toFileUrl } from "@std/path";
import { bundleRoot, type BundleState, currentBundle, isFresh } from "./bundle_state.ts";

/** A fake Tern folder with two sources and a `state.json` that records them as they are. */
async function fakeTern(): Promise<{ root: URL; dir: string }> {
  const dir = await Deno.makeTempDir({ prefix: "tern-bundle-state-" });
  await Deno.mkdir(join(dir, "kernel"));
  await Deno.writeTextFile(join(dir, "main.ts"), "export {};\n");
  await Deno.writeTextFile(join(dir, "kernel", "mod.ts"), "export const x = 1;\n");
  const root = toFileUrl(dir + "/");
  const state: BundleState = { dir: "b-1", entry: "entry.js", inputs: [] };
  for (const path of ["main.ts", "kernel/mod.ts"]) {
    const info = await Deno.stat(join(dir, path));
    state.inputs.push([path, info.size, info.mtime!.getTime()]);
  }
  await Deno.mkdir(bundleRoot(root), { recursive: true });
  await Deno.writeTextFile(new URL("state.json", bundleRoot(root)), JSON.stringify(state));
  return { root, dir };
}

Deno.test("a bundle is fresh while every source it was built from is unchanged", async () => {
  const { root, dir } = await fakeTern();
  const candidate = currentBundle(root)!;
  assertEquals(candidate.entryUrl, new URL(".cache/startup/b-1/entry.js", root).href);
  assert(isFresh(root, candidate));

  await Deno.writeTextFile(join(dir, "kernel", "mod.ts"), "export const x = 2;\n"); // same size, new mtime
  await Deno.utime(join(dir, "kernel", "mod.ts"), 1, 1);
  assert(!isFresh(root, candidate), "a changed source makes it stale");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a removed source, or a missing or malformed state.json, means no bundle", async () => {
  const { root, dir } = await fakeTern();
  await Deno.remove(join(dir, "main.ts"));
  assert(!isFresh(root, currentBundle(root)!));
  await Deno.writeTextFile(new URL("state.json", bundleRoot(root)), "{not json");
  assertEquals(currentBundle(root), null);
  await Deno.writeTextFile(new URL("state.json", bundleRoot(root)), JSON.stringify({ dir: "b-1" }));
  assertEquals(currentBundle(root), null);
  await Deno.remove(new URL("state.json", bundleRoot(root)));
  assertEquals(currentBundle(root), null);
  await Deno.remove(dir, { recursive: true });
});
