import { assertEquals } from "@std/assert";
import { join } from "@std/path";
import type { PluginReloadResult } from "./reload.ts";
import { boot, KERNEL, writePlugin } from "./_testing.ts";

const entry = (text: string) => `
import { definePlugin } from "${KERNEL}";
import { note } from "./note.ts";
export default definePlugin({ name: "noted", setup(api) { api.log(${JSON.stringify(text)} + note); } });`;

Deno.test("Runtime.watchPlugins() reloads a plugin when its code changes, not when it writes data, and says what an in-process reload misses", async () => {
  const root = await Deno.makeTempDir({ prefix: "tern-watch-" });
  const dir = await writePlugin(root, "noted", {
    "plugin.jsonc": { name: "noted" },
    "mod.ts": entry("v1"),
    "note.ts": 'export const note = "";\n',
  });
  const { runtime, warnings } = await boot(root, [dir]);
  const reloads: PluginReloadResult[][] = [];
  const waitFor = async (count: number) => {
    for (const deadline = Date.now() + 10_000; reloads.length < count;) {
      if (Date.now() > deadline) throw new Error(`Expected ${count} reloads, saw ${reloads.length}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  try {
    await runtime.watchPlugins({ onReload: (results) => reloads.push(results) });
    await Deno.writeTextFile(join(dir, "cache.txt"), "data the plugin keeps");
    await new Promise((r) => setTimeout(r, 500));
    assertEquals(reloads.length, 0, "a data file is no reason to reload");
    await Deno.writeTextFile(join(dir, "mod.ts"), entry("v2"));
    await waitFor(1);
    assertEquals(reloads, [[{ name: "noted", status: "reloaded", error: null, generation: 2 }]]);
    assertEquals(warnings, []);

    await Deno.writeTextFile(join(dir, "note.ts"), 'export const note = "!";\n');
    await waitFor(2);
    assertEquals(reloads[1][0].generation, 3);
    assertEquals(warnings, [
      '[noted] "note.ts" changed, but an in-process plugin reloads only its entry module (Deno keeps the modules ' +
      'it imports): restart Tern, or set "isolation": "worker"',
    ]);
  } finally {
    await runtime.close();
    await Deno.remove(root, { recursive: true });
  }
});
