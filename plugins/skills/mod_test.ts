/**
 * @module
 * Tests for the plugin as the runtime loads it: `skills/list`, `skills/changed`, the command
 * and config validation.
 */
import { assertEquals } from "@std/assert";
import { loadConfig, Runtime } from "../../kernel/mod.ts";
import { skillMd, tree } from "./_testing.ts";

const PLUGIN_DIR = import.meta.dirname!;

async function boot(ws: string, home: string, overrides: string[] = []) {
  const warnings: string[] = [];
  const loaded = await loadConfig({
    cwd: ws,
    ternHome: home,
    overrides: [`plugins=${JSON.stringify([PLUGIN_DIR])}`, ...overrides],
  });
  const runtime = await Runtime.create({
    cwd: ws,
    ternHome: home,
    loaded,
    builtins: {},
    cliVersion: "test",
    warn: (m) => warnings.push(m),
  });
  return { runtime, warnings };
}

Deno.test("the skills plugin answers skills/list and emits skills/changed when a skill is added", async () => {
  await using t = await tree({ "ws/.agents/skills/a/SKILL.md": skillMd({ description: "A" }) });
  const { runtime, warnings } = await boot(t.path("ws"), t.path("home"), ['skills.disabled=["b"]']);
  try {
    assertEquals(runtime.plugins.map((p) => [p.name, p.status, p.error]), [["skills", "loaded", null]]);
    assertEquals(warnings, []);
    const list = runtime.methods.get("skills/list")!.handler;
    const names = async () =>
      ((await list({ cwds: [t.path("ws")] })) as { data: { skills: { name: string; enabled: boolean }[] }[] })
        .data[0].skills.map((s) => [s.name, s.enabled]);
    assertEquals(await names(), [["a", true]]);
    const changed = new Promise<void>((resolve) => runtime.bus.on("skills/changed", () => resolve()));
    await t.write("ws/.agents/skills/b/SKILL.md", skillMd({ description: "B" }));
    await changed;
    assertEquals(await names(), [["a", true], ["b", false]]);
    assertEquals([...runtime.commands.keys()], ["skills"]);
  } finally {
    await runtime.close(); // closes the watchers: the test would leak them otherwise
  }
});

Deno.test("the skills plugin rejects a misspelt config key by name", async () => {
  await using t = await tree({ "ws/x.txt": "" });
  const { runtime } = await boot(t.path("ws"), t.path("home"), ["skills.promptBudget=100"]);
  try {
    const [plugin] = runtime.plugins;
    assertEquals(plugin.status, "failed");
    assertEquals(plugin.error?.includes("promptBudget"), true, plugin.error ?? "");
  } finally {
    await runtime.close();
  }
});
