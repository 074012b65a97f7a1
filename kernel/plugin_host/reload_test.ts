import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { boot, ECHO_MODEL, KERNEL, turnCalling, writePlugin } from "./_testing.ts";

/** An in-process plugin whose tool `greet` answers `text`; `extra` goes into setup(). */
const greeter = (text: string, extra = "") => `
import { z } from "zod";
import { definePlugin, tool } from "${KERNEL}";
export default definePlugin({
  name: "greeter",
  setup(api) {
    api.tools.register(tool({ name: "greet", description: "Greets", parameters: z.object({}),
      execute: async () => ({ output: ${JSON.stringify(text)} }) }));
    ${extra}
  },
});`;

async function fixture() {
  const root = await Deno.makeTempDir({ prefix: "tern-reload-" });
  const model = await writePlugin(root, "model", ECHO_MODEL);
  const dir = await writePlugin(root, "greeter", {
    "plugin.jsonc": { name: "greeter", contributes: { tools: ["greet"] } },
    "mod.ts": greeter("hello v1"),
  });
  const { runtime, warnings } = await boot(root, [model, dir]);
  const thread = await runtime.startThread({ ephemeral: true });
  return { root, dir, runtime, warnings, thread };
}

Deno.test("Runtime.reloadPlugins() swaps an edited plugin in between turns, and keeps it running when an edit breaks it", async () => {
  const { root, dir, runtime, warnings, thread } = await fixture();
  try {
    assertEquals(await turnCalling(thread, "greet"), "tool said: hello v1");

    await Deno.writeTextFile(join(dir, "mod.ts"), greeter("hello v2"));
    assertEquals(await runtime.reloadPlugins(["greeter"]), [
      { name: "greeter", status: "reloaded", error: null, generation: 2 },
    ]);
    assertEquals(await turnCalling(thread, "greet"), "tool said: hello v2");

    await Deno.writeTextFile(join(dir, "mod.ts"), "export default definePlugin({ oops");
    const [broken] = await runtime.reloadPlugins(["greeter"]);
    assertEquals([broken.status, broken.generation], ["failed", 2]);
    assertStringIncludes(broken.error!, 'Cannot load plugin "greeter": entry');
    assertStringIncludes(broken.error!, "failed to import");
    assertStringIncludes(warnings.at(-1)!, "(the running version stays)");
    assertEquals(await turnCalling(thread, "greet"), "tool said: hello v2");

    await Deno.writeTextFile(join(dir, "mod.ts"), greeter("hello v3", 'throw new Error("no token");'));
    const [throwing] = await runtime.reloadPlugins(["greeter"]);
    assertEquals(throwing.error, 'Cannot load plugin "greeter": setup() threw: no token');
    assertEquals(await turnCalling(thread, "greet"), "tool said: hello v2");

    const manifest = await Deno.readTextFile(join(dir, "plugin.jsonc"));
    await Deno.writeTextFile(join(dir, "plugin.jsonc"), '{ "name": "Greeter!" }');
    const [invalid] = await runtime.reloadPlugins(["greeter"]);
    assertEquals(invalid.status, "failed");
    assertStringIncludes(invalid.error!, 'plugin.jsonc:1:3 (key "name"): must be lowercase letters, digits and dashes');
    assertEquals(await turnCalling(thread, "greet"), "tool said: hello v2");
    await Deno.writeTextFile(join(dir, "plugin.jsonc"), manifest);

    // Fixed again: the failed imports are not cached against the next try.
    await Deno.writeTextFile(join(dir, "mod.ts"), greeter("hello v4"));
    assertEquals((await runtime.reloadPlugins())[0].status, "reloaded");
    assertEquals(await turnCalling(thread, "greet"), "tool said: hello v4");
    assertEquals(runtime.tools.list().filter((t) => t.name === "greet").length, 1);
  } finally {
    await runtime.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("Runtime.reloadPlugins() waits for the running turn, which keeps the old version to its end", async () => {
  const { root, dir, runtime, thread } = await fixture();
  try {
    await Deno.writeTextFile(
      join(dir, "mod.ts"),
      greeter("slow v1").replace(
        "execute: async () =>",
        "execute: async () => (await new Promise((r) => setTimeout(r, 300))) ||",
      ),
    );
    await runtime.reloadPlugins(["greeter"]);
    const order: string[] = [];
    const turn = turnCalling(thread, "greet").then((answer) => order.push(`turn: ${answer}`));
    await new Promise((r) => setTimeout(r, 100)); // the tool is running now
    await Deno.writeTextFile(join(dir, "mod.ts"), greeter("hello v3"));
    const reload = runtime.reloadPlugins(["greeter"]).then(([r]) => order.push(`reload: ${r.status}`));
    await Promise.all([turn, reload]);
    assertEquals(order, ["turn: tool said: slow v1", "reload: reloaded"]);
    assertEquals(await turnCalling(thread, "greet"), "tool said: hello v3");
  } finally {
    await runtime.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("Runtime.reloadPlugins() keeps the running version when the new one clashes with another plugin's tool", async () => {
  const { root, dir, runtime, warnings, thread } = await fixture();
  try {
    await Deno.writeTextFile(
      join(dir, "mod.ts"),
      greeter(
        "hello v2",
        'api.tools.register(tool({ name: "wave", description: "d", parameters: z.object({}), execute: async () => ({ output: "x" }) }));',
      ),
    );
    runtime.tools.register({
      name: "wave",
      description: "another plugin's tool",
      kind: "jsonSchema",
      inputSchema: {},
      execute: () => Promise.resolve({ output: "waving" }),
    }, "other");
    const [result] = await runtime.reloadPlugins(["greeter"]);
    assertEquals(result.status, "failed");
    assertStringIncludes(result.error!, 'Cannot register tool "wave" for "greeter": already registered by "other"');
    assertStringIncludes(warnings.at(-1)!, "the running version stays");
    assertEquals(await turnCalling(thread, "greet"), "tool said: hello v1");
    assertEquals(await turnCalling(thread, "wave"), "tool said: waving");
  } finally {
    await runtime.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("Runtime.reloadPlugins() runs the replaced version's onClose handlers", async () => {
  const { root, dir, runtime } = await fixture();
  const log = join(root, "closed.txt");
  try {
    const closing = (version: string) =>
      greeter(
        version,
        `api.onClose(() => Deno.writeTextFile(${JSON.stringify(log)}, "closed ${version}\\n", { append: true }));`,
      );
    await Deno.writeTextFile(join(dir, "mod.ts"), closing("v2"));
    await runtime.reloadPlugins(["greeter"]);
    await Deno.writeTextFile(join(dir, "mod.ts"), closing("v3"));
    await runtime.reloadPlugins(["greeter"]);
    assertEquals(await Deno.readTextFile(log), "closed v2\n");
    await runtime.close();
    assertEquals(await Deno.readTextFile(log), "closed v2\nclosed v3\n", "the running version closes with the runtime");
  } finally {
    await runtime.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("The plugin/reload method reloads by name and rejects bad params", async () => {
  const { root, dir, runtime } = await fixture();
  try {
    const method = runtime.methods.get("plugin/reload")!;
    await Deno.writeTextFile(join(dir, "mod.ts"), greeter("hello v2"));
    assertEquals(await method.handler({ names: ["greeter", "nobody"] }), {
      plugins: [
        { name: "greeter", status: "reloaded", error: null, generation: 2 },
        {
          name: "nobody",
          status: "failed",
          error: 'Cannot reload plugin "nobody": no plugin has that name',
          generation: 0,
        },
      ],
    });
    let error: unknown;
    await method.handler({ names: "greeter" }).catch((e) => (error = e));
    assert(error instanceof TypeError);
    assertEquals(error.message, 'Invalid "names": expected an array of plugin names');
  } finally {
    await runtime.close();
    await Deno.remove(root, { recursive: true });
  }
});
