import { assertEquals } from "@std/assert";
import { readPublishedSchema, validateJsonSchema } from "./json_schema.ts";

const input = {
  session_id: "t",
  turn_id: "u",
  transcript_path: null,
  cwd: "/w",
  hook_event_name: "PreToolUse",
  model: "m",
  permission_mode: "default",
  tool_name: "Bash",
  tool_input: { command: "ls" },
  tool_use_id: "c",
};

Deno.test("validateJsonSchema() accepts a PreToolUse input that follows the published schema", async () => {
  assertEquals(validateJsonSchema(await readPublishedSchema("PreToolUse", "input"), input), []);
});

Deno.test("validateJsonSchema() names missing, mistyped, unexpected and out-of-enum fields", async () => {
  const schema = await readPublishedSchema("PreToolUse", "input");
  const { tool_use_id: _, ...missing } = input;
  assertEquals(validateJsonSchema(schema, missing), [{ path: "$", message: 'missing required "tool_use_id"' }]);
  assertEquals(validateJsonSchema(schema, { ...input, cwd: 3 }), [{
    path: "$.cwd",
    message: "expected string, got number",
  }]);
  assertEquals(validateJsonSchema(schema, { ...input, extra: 1 }), [{
    path: "$",
    message: 'unexpected field "extra"',
  }]);
  assertEquals(validateJsonSchema(schema, { ...input, hook_event_name: "Stop" }), [{
    path: "$.hook_event_name",
    message: 'expected "PreToolUse"',
  }]);
  assertEquals(validateJsonSchema(schema, { ...input, permission_mode: "yolo" })[0].path, "$.permission_mode");
});

Deno.test("validateJsonSchema() checks nested output fields and lets unknown ones through", async () => {
  const schema = await readPublishedSchema("PreToolUse", "output");
  assertEquals(validateJsonSchema(schema, { hookSpecificOutput: { permissionDecision: "deny" }, extra: true }), []);
  assertEquals(
    validateJsonSchema(schema, { hookSpecificOutput: { permissionDecision: "maybe" } })[0].path,
    "$.hookSpecificOutput.permissionDecision",
  );
});

Deno.test("validateJsonSchema() reports a keyword it cannot check instead of passing", () => {
  assertEquals(validateJsonSchema({ pattern: "^a" }, "b"), [{
    path: "$",
    message: 'the schema uses "pattern", which this checker does not support',
  }]);
});
