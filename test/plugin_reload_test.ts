/**
 * Hot reload of plugins in a running `tern app-server`: a plugin file edited between two turns
 * changes the second turn's tool output (by the `plugin/reload` method, and by `--watch` for a
 * worker plugin whose imported module changed), and a broken edit keeps the old tool working
 * while the error reaches the client as a `warning` notification.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { type AppServerClient } from "./support/app_server_client.ts";
import { spawnStdioServer } from "./support/app_server_process.ts";
import { ev, type MockModelServer, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox, type Sandbox } from "./support/tern_process.ts";

const KERNEL = new URL("../kernel/mod.ts", import.meta.url).href;

/** A plugin whose tool `greet` answers what `./greeting.ts` exports. */
async function writeGreeter(sandbox: Sandbox, manifest: Record<string, unknown>, greeting: string) {
  const dir = join(sandbox.root, "greeter");
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(join(dir, "plugin.jsonc"), JSON.stringify({ name: "greeter", ...manifest }));
  await Deno.writeTextFile(join(dir, "greeting.ts"), `export const greeting = ${JSON.stringify(greeting)};\n`);
  await Deno.writeTextFile(join(dir, "mod.ts"), greeterEntry(""));
  return dir;
}

const greeterEntry = (suffix: string) => `
import { z } from "zod";
import { definePlugin, tool } from "${KERNEL}";
import { greeting } from "./greeting.ts";
export default definePlugin({
  name: "greeter",
  setup(api) {
    api.tools.register(tool({ name: "greet", description: "Greets", parameters: z.object({}),
      execute: async () => ({ output: greeting + ${JSON.stringify(suffix)} }) }));
  },
});`;

/** Runs one turn in which the model calls `greet`; resolves to the output the model was sent. */
async function greetTurn(client: AppServerClient, mock: MockModelServer, threadId: string, n: number) {
  mock.enqueue(turnOf(ev.functionCall(`call_${n}`, "greet", {})), turnOf(ev.assistantMessage(`msg_${n}`, "done")));
  await client.call("turn/start", { threadId, input: [{ type: "text", text: `greet ${n}`, text_elements: [] }] });
  const completed = await client.notification("turn/completed");
  assertEquals(completed.params.turn.status, "completed");
  const body = mock.requests.at(-1)!.body;
  // deno-lint-ignore no-explicit-any
  const output = body.input.find((i: any) => i.type === "function_call_output" && i.call_id === `call_${n}`);
  return String(output?.output);
}

Deno.test("app-server: plugin/reload swaps an edited plugin in between turns; a broken edit keeps the old tool and warns", async () => {
  const mock = await startMockModelServer();
  const sandbox = await makeSandbox();
  const dir = await writeGreeter(sandbox, {}, "hello");
  const server = spawnStdioServer(sandbox, { plugins: [dir], config: [`openai_base_url=${JSON.stringify(mock.url)}`] });
  try {
    const { client } = server;
    await client.initialize();
    const { thread } = await client.call("thread/start", {});
    assertEquals(await greetTurn(client, mock, thread.id, 1), "hello");

    await Deno.writeTextFile(join(dir, "mod.ts"), greeterEntry(" again"));
    assertEquals(await client.call("plugin/reload", { names: ["greeter"] }), {
      plugins: [{ name: "greeter", status: "reloaded", error: null, generation: 2 }],
    });
    assertEquals(await greetTurn(client, mock, thread.id, 2), "hello again");

    await Deno.writeTextFile(join(dir, "mod.ts"), "export default definePlugin({");
    const { plugins: [broken] } = await client.call("plugin/reload", {});
    assertEquals([broken.name, broken.status, broken.generation], ["greeter", "failed", 2]);
    assertStringIncludes(broken.error, 'Cannot load plugin "greeter": entry "file://');
    const warning = await client.notification("warning");
    assertStringIncludes(warning.params.message, "(the running version stays)");
    assertStringIncludes(server.stderr(), 'Cannot load plugin "greeter"');
    assertEquals(await greetTurn(client, mock, thread.id, 3), "hello again");
  } finally {
    await server.stop();
    await mock.close();
    await sandbox.cleanup();
  }
});

Deno.test("app-server --watch reloads a worker plugin when a module it imports changes, before the next turn", async () => {
  const mock = await startMockModelServer();
  const sandbox = await makeSandbox();
  const dir = await writeGreeter(sandbox, { isolation: "worker" }, "hello from a worker");
  const server = spawnStdioServer(sandbox, {
    plugins: [dir],
    config: [`openai_base_url=${JSON.stringify(mock.url)}`],
    flags: ["--watch", "--debug"],
  });
  try {
    const { client } = server;
    await client.initialize();
    const { thread } = await client.call("thread/start", {});
    assertEquals(await greetTurn(client, mock, thread.id, 1), "hello from a worker");

    await Deno.writeTextFile(join(dir, "greeting.ts"), 'export const greeting = "hello from a new worker";\n');
    for (const deadline = Date.now() + 15_000; !server.stderr().includes("plugin greeter: reloaded (generation 2)");) {
      if (Date.now() > deadline) throw new Error(`No reload seen; stderr: ${server.stderr()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    assertEquals(await greetTurn(client, mock, thread.id, 2), "hello from a new worker");
  } finally {
    await server.stop();
    await mock.close();
    await sandbox.cleanup();
  }
});
