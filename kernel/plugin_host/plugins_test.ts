import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { join, toFileUrl } from "@std/path";
import { loadConfig } from "../config/config.ts";
import { Runtime } from "../runtime.ts";

const KERNEL = toFileUrl(join(import.meta.dirname!, "..", "mod.ts")).href;

/** Writes a plugin folder: a manifest and an entry module. */
async function writePlugin(root: string, name: string, manifest: Record<string, unknown> | string, entry?: string) {
  const dir = join(root, name);
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(
    join(dir, "plugin.jsonc"),
    typeof manifest === "string" ? manifest : JSON.stringify(manifest, null, 2),
  );
  if (entry !== undefined) await Deno.writeTextFile(join(dir, "mod.ts"), entry);
  return dir;
}

const toolPlugin = (name: string, tool: string, extra = "") => `
import { z } from "zod";
import { definePlugin, defineTool } from "${KERNEL}";
export default definePlugin({
  name: "${name}",
  setup(api) {
    api.tools.register(defineTool({ name: "${tool}", description: "d", parameters: z.object({}),
      execute: () => Promise.resolve({ output: "ok" }) }));
    ${extra}
  },
});`;

async function boot(root: string, plugins: string[], command?: string) {
  const warnings: string[] = [];
  const loaded = await loadConfig({
    cwd: root,
    ternHome: join(root, "home"),
    overrides: [`plugins=${JSON.stringify(plugins)}`],
  });
  const runtime = await Runtime.create({
    cwd: root,
    ternHome: join(root, "home"),
    loaded,
    builtins: {},
    cliVersion: "test",
    warn: (m) => warnings.push(m),
    command,
  });
  return { runtime, warnings };
}

Deno.test("Runtime.create() reports a plugin whose setup throws by name, undoes its registrations, and loads the rest", async () => {
  const root = await Deno.makeTempDir();
  try {
    const good = await writePlugin(
      root,
      "good",
      { name: "good", contributes: { tools: ["hello"] } },
      toolPlugin("good", "hello"),
    );
    const broken = await writePlugin(
      root,
      "broken",
      { name: "broken", contributes: { tools: ["half"] } },
      toolPlugin("broken", "half", 'throw new Error("the Jira token is missing");'),
    );
    const later = await writePlugin(
      root,
      "later",
      { name: "later", contributes: { tools: ["bye"] } },
      toolPlugin("later", "bye"),
    );
    const { runtime, warnings } = await boot(root, [good, broken, later]);
    assertEquals(runtime.plugins.map((p) => [p.name, p.status]), [["good", "loaded"], ["broken", "failed"], [
      "later",
      "loaded",
    ]]);
    assertEquals(runtime.tools.list().map((t) => t.name), ["hello", "bye"], "the broken plugin's tool was undone");
    assertEquals(warnings, ['Cannot load plugin "broken": setup() threw: the Jira token is missing']);
    await runtime.close();
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("Runtime.create() names the file and key of an invalid manifest, and a missing entry", async () => {
  const root = await Deno.makeTempDir();
  try {
    const badName = await writePlugin(root, "bad-name", '{\n  // comment\n  "name": "Acme Jira"\n}\n', "");
    const noEntry = await writePlugin(root, "no-entry", { name: "no-entry" });
    const { runtime, warnings } = await boot(root, [badName, noEntry, join(root, "nowhere")]);
    assertEquals(runtime.plugins.map((p) => p.status), ["failed", "failed", "failed"]);
    assertStringIncludes(warnings[0], join(badName, "plugin.jsonc") + ":3");
    assertStringIncludes(warnings[0], '(key "name")');
    assertStringIncludes(warnings[0], "lowercase letters, digits and dashes");
    assertEquals(warnings[1], 'Cannot load plugin "no-entry": entry "./mod.ts" not found');
    assertStringIncludes(warnings[2], "Cannot read plugin manifest");
    await runtime.close();
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("Runtime.create() cuts off a plugin whose setup never finishes", async () => {
  const root = await Deno.makeTempDir();
  try {
    const hang = await writePlugin(
      root,
      "hang",
      { name: "hang" },
      `
import { definePlugin } from "${KERNEL}";
export default definePlugin({ name: "hang", setup: () => new Promise(() => {}) });`,
    );
    const warnings: string[] = [];
    const loaded = await loadConfig({
      cwd: root,
      ternHome: join(root, "home"),
      overrides: [`plugins=${JSON.stringify([hang])}`, "plugin_setup_timeout_sec=0.2"],
    });
    const runtime = await Runtime.create({
      cwd: root,
      ternHome: join(root, "home"),
      loaded,
      builtins: {},
      cliVersion: "t",
      warn: (m) => warnings.push(m),
    });
    assertEquals(runtime.plugins[0].status, "failed");
    assertEquals(warnings, ['Cannot load plugin "hang": setup() did not finish within 200 ms']);
    await runtime.close();
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("Runtime.create() sets slow plugins up at once, in about the slowest one's time, keeping list order", async () => {
  const root = await Deno.makeTempDir();
  try {
    // Each waits, then registers its tool; the first listed finishes last.
    const slow = (name: string, ms: number) =>
      writePlugin(
        root,
        name,
        { name, contributes: { tools: [`${name}_tool`] } },
        toolPlugin(name, `${name}_tool`).replace(
          "setup(api) {",
          `async setup(api) {\n    await new Promise((r) => setTimeout(r, ${ms}));`,
        ),
      );
    // Long enough that one after another (7.2 s) stands apart from at once (2.4 s) on a busy machine.
    const dirs = [await slow("first", 2400), await slow("second", 1800), await slow("third", 1200)];
    const started = performance.now();
    const { runtime, warnings } = await boot(root, [...dirs, dirs[1]]);
    const elapsed = performance.now() - started;
    assertEquals(runtime.plugins.map((p) => p.status), ["loaded", "loaded", "loaded", "failed"], warnings.join("\n"));
    assertEquals(warnings, [`Cannot load plugin "second": listed twice (second time as "${dirs[1]}")`]);
    assert(elapsed < 5400, `set up one after another (${elapsed.toFixed(0)} ms for 2.4 + 1.8 + 1.2 s of setup)`);
    assert(runtime.plugins.slice(0, 3).every((p) => p.setupMs >= 1150), "each setup ran its whole wait");
    assertEquals(runtime.tools.list().map((t) => t.name), ["first_tool", "second_tool", "third_tool"]);
    await runtime.close();
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("Runtime.create() warns when a plugin registers tools its manifest does not declare", async () => {
  const root = await Deno.makeTempDir();
  try {
    const sneaky = await writePlugin(
      root,
      "sneaky",
      { name: "sneaky", contributes: { tools: ["declared"] } },
      toolPlugin("sneaky", "other"),
    );
    const { runtime, warnings } = await boot(root, [sneaky]);
    assertEquals(runtime.plugins[0].status, "loaded");
    assert(
      warnings.some((w) => w.includes("registered tools not declared in plugin.jsonc: other")),
      warnings.join("\n"),
    );
    assert(warnings.some((w) => w.includes("did not register them: declared")), warnings.join("\n"));
    await runtime.close();
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("Runtime.create() rejects a second plugin with the same tool name, keeping the first", async () => {
  const root = await Deno.makeTempDir();
  try {
    const a = await writePlugin(root, "a", { name: "a", contributes: { tools: ["grep"] } }, toolPlugin("a", "grep"));
    const b = await writePlugin(root, "b", { name: "b", contributes: { tools: ["grep"] } }, toolPlugin("b", "grep"));
    const { runtime, warnings } = await boot(root, [a, b, "builtin:nope"]);
    assertEquals(runtime.plugins.map((p) => p.status), ["loaded", "failed", "failed"]);
    assertStringIncludes(warnings[0], 'Cannot register tool "grep" for "b": already registered by "a"');
    assertStringIncludes(warnings[1], 'no built-in plugin is named "nope"');
    assertEquals(runtime.tools.list(), [{ name: "grep", owner: "a", kind: "function" }]);
    await runtime.close();
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("Runtime.create() defers an onCommand plugin until one of its commands runs", async () => {
  const root = await Deno.makeTempDir();
  try {
    const marker = join(root, "imported");
    const cli = await writePlugin(
      root,
      "cli",
      {
        name: "cli",
        description: "Says hi",
        contributes: { commands: ["hi"] },
        activation: "onCommand",
      },
      `
import { definePlugin } from "${KERNEL}";
Deno.writeTextFileSync(${JSON.stringify(marker)}, "yes");
export default definePlugin({
  name: "cli",
  setup(api) {
    api.commands.register({ name: "hi", summary: "Says hi", run: () => Promise.resolve(7) });
  },
});`,
    );
    const { runtime, warnings } = await boot(root, [cli]);
    assertEquals(runtime.plugins[0].status, "deferred");
    assertEquals(await Deno.stat(marker).then(() => true, () => false), false, "not imported at start");
    assertEquals(runtime.commands.get("hi")?.summary, "Says hi");
    assertEquals(await runtime.commands.get("hi")!.run([], runtime), 7);
    assertEquals(await Deno.readTextFile(marker), "yes");
    assertEquals(runtime.plugins[0].status, "loaded");
    assertEquals(warnings, []);
    await runtime.close();
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("runtime.service() hands over what a plugin provides, setting up the deferred plugin that lists it", async () => {
  const root = await Deno.makeTempDir();
  try {
    const marker = join(root, "imported");
    const provider = await writePlugin(
      root,
      "provider",
      { name: "provider", contributes: { commands: ["serve"], services: ["greeter"] }, activation: "onCommand" },
      `
import { definePlugin } from "${KERNEL}";
Deno.writeTextFileSync(${JSON.stringify(marker)}, "yes");
export default definePlugin({
  name: "provider",
  setup(api) {
    api.commands.register({ name: "serve", summary: "Serves", run: () => Promise.resolve(0) });
    api.services.provide("greeter", { greet: (name: string) => \`hello \${name}\` });
  },
});`,
    );
    const { runtime, warnings } = await boot(root, [provider]);
    assertEquals(await Deno.stat(marker).then(() => true, () => false), false, "not imported at start");
    const greeter = await runtime.service<{ greet(name: string): string }>("greeter");
    assertEquals(greeter.greet("tern"), "hello tern");
    assertEquals(runtime.plugins[0].status, "loaded");
    // Its commands now run the plugin set up for the service, not a second copy.
    assertEquals(await runtime.commands.get("serve")!.run([], runtime), 0);
    await assertRejects(() => runtime.service("nobody"), Error, 'No plugin provides the service "nobody"');
    assertEquals(warnings, []);
    await runtime.close();
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("Runtime.create() also undoes a failed plugin's interceptors, lifecycle handlers and subscriptions", async () => {
  const root = await Deno.makeTempDir();
  try {
    const broken = await writePlugin(
      root,
      "half",
      { name: "half" },
      `
import { definePlugin } from "${KERNEL}";
export default definePlugin({
  name: "half",
  setup(api) {
    api.tools.beforeCall(() => ({ block: "half-loaded plugin still blocks" }));
    api.lifecycle.on("userPromptSubmit", () => ({ block: "still here" }));
    api.methods.register("half/ping", () => Promise.resolve("pong"));
    throw new Error("half way");
  },
});`,
    );
    const { runtime, warnings } = await boot(root, [broken]);
    assertEquals(runtime.plugins[0].status, "failed");
    assertStringIncludes(warnings[0], "half way");
    assertEquals(runtime.lifecycle.has("userPromptSubmit"), false);
    assertEquals(runtime.methods.has("half/ping"), false);
    await runtime.close();
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("api.plugins.loaded resolves once every plugin is set up, when list() names them all", async () => {
  const root = await Deno.makeTempDir();
  try {
    const watcher = await writePlugin(
      root,
      "watcher",
      { name: "watcher" },
      `import { definePlugin } from "${KERNEL}";
export const seen: string[][] = [];
export default definePlugin({
  name: "watcher",
  setup(api) {
    seen.push(api.plugins.list().map((p) => p.name));
    api.plugins.loaded.then(() => seen.push(api.plugins.list().map((p) => p.name)));
  },
});`,
    );
    const later = await writePlugin(
      root,
      "later",
      { name: "later", contributes: { tools: ["t"] } },
      toolPlugin("later", "t"),
    );
    const { runtime } = await boot(root, [watcher, later]);
    await Promise.resolve();
    const { seen } = await import(toFileUrl(join(watcher, "mod.ts")).href);
    assertEquals(seen, [[], ["watcher", "later"]]);
    await runtime.close();
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("Runtime.create() sets up the onCommand plugin of the command being run at start-up, with the others", async () => {
  const root = await Deno.makeTempDir();
  try {
    const manifest = { name: "cli", contributes: { commands: ["hi"] }, activation: "onCommand" };
    const source = `
import { definePlugin } from "${KERNEL}";
export default definePlugin({
  name: "cli",
  setup(api) {
    api.commands.register({ name: "hi", summary: "Says hi", run: () => Promise.resolve(7) });
  },
});`;
    const cli = await writePlugin(root, "cli", manifest, source);
    const other = await boot(root, [cli], "other");
    assertEquals(other.runtime.plugins[0].status, "deferred");
    await other.runtime.close();
    const running = await boot(root, [cli], "hi");
    assertEquals(running.runtime.plugins[0].status, "loaded");
    assertEquals(await running.runtime.commands.get("hi")!.run([], running.runtime), 7);
    await running.runtime.close();
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
