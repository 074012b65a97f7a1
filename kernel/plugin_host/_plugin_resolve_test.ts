import { assertEquals, assertRejects } from "@std/assert";
import { join, toFileUrl } from "@std/path";
import { resolvePlugin } from "./_plugin_resolve.ts";
import { PluginManifest } from "./manifest.ts";

const manifest = (name: string): PluginManifest =>
  PluginManifest.parse({ name, version: "1.0.0", description: "d", entry: "./mod.ts" });

Deno.test("a preloaded manifest and module stand in for the folder: nothing is read from it", async () => {
  const dir = await Deno.makeTempDir(); // empty: no plugin.jsonc, no mod.ts
  const entryUrl = toFileUrl(join(dir, "mod.ts")).href;
  const resolved = await resolvePlugin("builtin:demo", {
    builtins: { demo: dir },
    baseDir: dir,
    preloadedManifests: new Map([[dir, manifest("demo")]]),
    preloaded: new Map([[entryUrl, {}]]),
  });
  assertEquals(resolved, { manifest: manifest("demo"), dir, entryUrl });
  // Without them the same folder is read, and found wanting.
  await assertRejects(
    () => resolvePlugin("builtin:demo", { builtins: { demo: dir }, baseDir: dir }),
    Error,
    "no plugin.jsonc",
  );
  await Deno.remove(dir, { recursive: true });
});
