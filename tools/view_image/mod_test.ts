import { assert, assertEquals, assertNotMatch } from "@std/assert";
import { join } from "node:path";
import type { PluginApi, Tool } from "../../kernel/mod.ts";
import { ev, startMockModelServer, turnOf } from "../../test/support/mock_model.ts";
import { makeSandbox, runTern } from "../../test/support/tern_process.ts";
import { fakeContext } from "./_fake_context.ts";
import plugin, { ViewImageConfig } from "./mod.ts";

/** The first bytes of a PNG: enough for view_image to take it for one. */
const PNG_HEADER = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

Deno.test("`view-image` config defaults to a 20 MiB cap and rejects unknown keys", () => {
  assertEquals(ViewImageConfig.parse(undefined), { maxBytes: 20 * 1024 * 1024 });
  assertEquals(ViewImageConfig.parse({ maxBytes: 1024 }).maxBytes, 1024);
  assertEquals(ViewImageConfig.safeParse({ maxSize: 1 }).success, false);
  assertEquals(ViewImageConfig.safeParse({ maxBytes: 0 }).success, false);
});

Deno.test("the `view-image` plugin registers view_image with its configured cap", async () => {
  const tools: Tool[] = [];
  const api = { name: "view-image", tools: { register: (tool: Tool) => (tools.push(tool), () => {}) } };
  await plugin.setup(api as unknown as PluginApi, ViewImageConfig.parse({ maxBytes: 8 }));
  assertEquals(tools.map((t) => t.name), ["view_image"]);
  const tool = tools[0];
  assert(tool.kind !== "freeform");
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(join(dir, "a.png"), PNG_HEADER);
    const result = await tool.execute({ path: "a.png" }, fakeContext({ cwd: dir }).ctx);
    assertEquals(result.output, 'Cannot view image "a.png": it is 12 bytes, over the 8 bytes limit for images');
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("as a default plugin (view-image), tern exec sends the image to the model with the tool output", async () => {
  await using mock = await startMockModelServer({
    responses: [
      turnOf(ev.functionCall("call_1", "view_image", { path: "chart.png" })),
      turnOf(ev.assistantMessage("msg_1", "The chart is empty.")),
    ],
  });
  const sandbox = await makeSandbox();
  try {
    await Deno.writeFile(join(sandbox.workspace, "chart.png"), PNG_HEADER);
    const run = await runTern(sandbox, [
      "exec",
      "--json",
      "-c",
      `openai_base_url=${JSON.stringify(mock.url)}`,
      "look at chart.png",
    ]);
    assertEquals(run.code, 0, run.stderr);
    assertNotMatch(run.stderr, /view-image/, "the plugin loads without warnings");
    const output = mock.requests[1].body.input.find((i: { type: string }) => i.type === "function_call_output");
    assertEquals(output.call_id, "call_1");
    assertEquals(output.output[1], {
      type: "input_image",
      image_url: `data:image/png;base64,${PNG_HEADER.toBase64()}`,
    });
  } finally {
    await sandbox.cleanup();
  }
});
