import { assert, assertEquals } from "@std/assert";
import { type Listener, type PluginApi, type Tool, ToolRegistry, type Topic } from "../../kernel/mod.ts";
import { fakeContext } from "./_fake_context.ts";
import { APPLY_PATCH_LARK_GRAMMAR } from "./grammar.ts";
import plugin from "./mod.ts";
import { tempWorkspace } from "./_temp_workspace.ts";

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
