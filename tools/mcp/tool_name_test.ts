import { assert, assertEquals, assertNotEquals } from "@std/assert";
import { mcpToolName, modelInputSchema } from "./tool_name.ts";

Deno.test("mcpToolName() joins server and tool as mcp__server__tool", () => {
  assertEquals(mcpToolName("everything", "get-sum"), "mcp__everything__get-sum");
});

Deno.test("mcpToolName() replaces characters the model API rejects", () => {
  assertEquals(mcpToolName("my server", "files.read/all"), "mcp__my_server__files_read_all");
});

Deno.test("mcpToolName() cuts long names to 64 characters with a stable hash suffix", () => {
  const long = "a".repeat(80);
  const name = mcpToolName("srv", long);
  assertEquals(name.length, 64);
  assert(/^[a-zA-Z0-9_-]+$/.test(name));
  assertEquals(mcpToolName("srv", long), name);
  assertNotEquals(mcpToolName("srv", long + "b"), name);
});

Deno.test("modelInputSchema() fills properties and drops $schema", () => {
  assertEquals(modelInputSchema({ type: "object", $schema: "x" }), { type: "object", properties: {} });
  assertEquals(modelInputSchema(undefined), { type: "object", properties: {} });
  assertEquals(modelInputSchema({ type: "object", properties: { a: { type: "string" } }, required: ["a"] }), {
    type: "object",
    properties: { a: { type: "string" } },
    required: ["a"],
  });
});
