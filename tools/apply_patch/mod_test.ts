import { assert, assertEquals } from "@std/assert";
import { type Listener, type PluginApi, type Tool, ToolRegistry, type Topic } from "../../kernel/mod.ts";
import { fakeContext } from "./_fake_context.ts";
import { APPLY_PATCH_LARK_GRAMMAR } from "./grammar.ts";
import plugin from "./mod.ts";
import { tempWorkspace } from "./_temp_workspace.ts";
import { join } from "@std/path";
import { chat, ev, startMockModelServer, turnOf } from "../../test/support/mock_model.ts";
import { makeSandbox, runTern } from "../../test/support/tern_process.ts";

// deno-lint-ignore no-explicit-any
type Item = any;

/** Sets the plugin up against a minimal API that records tools and bus listeners. */
async function setUp() {
  const tools: Tool[] = [];
  const listeners = new Map<string, Listener<Topic>>();
  const api = {
    name: "apply-patch",
    tools: { register: (tool: Tool) => (tools.push(tool), () => {}) },
    bus: { on: (topic: string, fn: Listener<Topic>) => (listeners.set(topic, fn), () => {}) },
    onClose: () => {},
    log: () => {},
    warn: () => {},
  } as unknown as PluginApi;
  await plugin.setup(api, undefined);
  return { tools, listeners };
}

Deno.test("the `apply-patch` plugin registers apply_patch as a custom tool with the Lark grammar", async () => {
  const { tools } = await setUp();
  assertEquals(tools.map((t) => t.name), ["apply_patch"]);
  const registry = new ToolRegistry();
  registry.register(tools[0], "apply-patch");
  const [spec] = registry.specs();
  assert(spec.type === "custom");
  assertEquals(spec.format, { type: "grammar", syntax: "lark", definition: APPLY_PATCH_LARK_GRAMMAR });
  assert(spec.description.includes("FREEFORM"));
});

Deno.test("the `apply-patch` grammar names every marker the parser knows", () => {
  for (
    const marker of [
      "*** Begin Patch",
      "*** End Patch",
      "*** Add File: ",
      "*** Delete File: ",
      "*** Update File: ",
      "*** Move to: ",
      "*** End of File",
      '"@@"',
      '"@@ "',
    ]
  ) {
    assert(APPLY_PATCH_LARK_GRAMMAR.includes(marker), marker);
  }
  assert(APPLY_PATCH_LARK_GRAMMAR.startsWith("start: "));
});

Deno.test("the `apply-patch` plugin forgets a thread's turn diff when the thread closes", async () => {
  const { tools, listeners } = await setUp();
  const tool = tools[0];
  assert(tool.kind === "freeform");
  await using workspace = await tempWorkspace({ "a.txt": "1\n" });
  const cwd = workspace.path;
  const fake = fakeContext({ cwd });
  const edit = (from: string, to: string) => `*** Begin Patch\n*** Update File: a.txt\n-${from}\n+${to}\n*** End Patch`;
  await tool.execute(edit("1", "2"), fake.ctx);
  await listeners.get("turn/started")!({ threadId: "thread-1", turn: { id: "turn-1" } } as never);
  await tool.execute(edit("2", "3"), fake.ctx);
  assert(fake.turnDiffs()[1].includes("-1\n+3\n"), "a turn/started for the current turn keeps its state");
  await listeners.get("thread/closed")!({ threadId: "thread-1" });
  await tool.execute(edit("3", "4"), fake.ctx);
  assert(fake.turnDiffs()[2].includes("-3\n+4\n"), fake.turnDiffs()[2]);
});

/** Runs `tern exec --json PROMPT` with `-c` overrides in a fresh workspace holding greet.txt. */
async function execWith(config: string[], prompt: string) {
  const sandbox = await makeSandbox();
  await Deno.writeTextFile(join(sandbox.workspace, "greet.txt"), "hello\nworld\n");
  const run = await runTern(sandbox, [...config.flatMap((c) => ["-c", c]), "exec", "--json", prompt]);
  return { sandbox, run };
}

const PATCH = "*** Begin Patch\n*** Update File: greet.txt\n@@\n hello\n-world\n+there\n*** End Patch\n";

Deno.test("as a default plugin (apply-patch), tern exec offers a Lark custom tool and applies a custom_tool_call", async () => {
  await using mock = await startMockModelServer({
    responses: [
      turnOf(ev.customToolCall("call_1", "apply_patch", PATCH)),
      turnOf(ev.assistantMessage("msg_1", "Patched.")),
    ],
  });
  const { sandbox, run } = await execWith([`openai_base_url=${JSON.stringify(mock.url)}`], "patch it");
  try {
    assertEquals(run.code, 0, run.stderr);
    const tool = mock.requests[0].body.tools.find((t: { name?: string }) => t.name === "apply_patch");
    assertEquals([tool.type, tool.format], ["custom", {
      type: "grammar",
      syntax: "lark",
      definition: APPLY_PATCH_LARK_GRAMMAR,
    }]);
    assertEquals(await Deno.readTextFile(join(sandbox.workspace, "greet.txt")), "hello\nthere\n");
    const output = mock.requests[1].body.input.find((i: { type: string }) => i.type === "custom_tool_call_output");
    assertEquals([output.call_id, output.output], ["call_1", "Success. Updated the following files:\nM greet.txt\n"]);
    const change = run.events.find((e) => e.type === "item.completed" && (e.item as Item).type === "file_change");
    assertEquals((change?.item as Item).changes, [{ path: join(sandbox.workspace, "greet.txt"), kind: "update" }]);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("on a Chat Completions provider, tern exec offers apply_patch as a function and applies its {input}", async () => {
  await using mock = await startMockModelServer({
    responses: [
      {
        chat: [chat.role(), ...chat.toolCall(0, "call_1", "apply_patch", { input: PATCH }), chat.finish("tool_calls")],
      },
      { chat: [chat.role(), chat.text("Patched."), chat.finish()] },
    ],
  });
  const provider = { baseUrl: mock.url, wireApi: "chat" };
  const { sandbox, run } = await execWith([
    `modelProviders.local=${JSON.stringify(provider)}`,
    'model_provider="local"',
  ], "patch it");
  try {
    assertEquals(run.code, 0, run.stderr);
    const tool = mock.requests[0].body.tools.find((t: Item) => t.function?.name === "apply_patch");
    assertEquals(tool.type, "function");
    assertEquals(Object.keys(tool.function.parameters.properties), ["input"]);
    assertEquals(await Deno.readTextFile(join(sandbox.workspace, "greet.txt")), "hello\nthere\n");
    const reply = mock.requests[1].body.messages.find((m: { role: string }) => m.role === "tool");
    assertEquals([reply.tool_call_id, reply.content], [
      "call_1",
      "Success. Updated the following files:\nM greet.txt\n",
    ]);
  } finally {
    await sandbox.cleanup();
  }
});
