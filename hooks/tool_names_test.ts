import { assertEquals } from "@std/assert";
import { applyUpdatedInput, blockedMessage, hookToolFor, hookToolInput } from "./tool_names.ts";

Deno.test("hookToolFor() names shell tools Bash, keeps apply_patch with Edit/Write aliases, else the tool's name", () => {
  for (const name of ["shell_command", "exec_command", "write_stdin"]) {
    assertEquals(hookToolFor(name, "function").name, "Bash");
  }
  assertEquals(hookToolFor("apply_patch", "freeform").matcherInputs, ["apply_patch", "Write", "Edit"]);
  assertEquals(hookToolFor("mcp__fs__read", "function").matcherInputs, ["mcp__fs__read"]);
});

Deno.test("hookToolInput() gives shell tools {command}, apply_patch {command: patch}, others their arguments", () => {
  assertEquals(hookToolInput(hookToolFor("exec_command", "function"), '{"cmd":"ls","yield_time_ms":10}'), {
    command: "ls",
  });
  assertEquals(hookToolInput(hookToolFor("write_stdin", "function"), '{"session_id":1,"chars":"y\\n"}'), {
    command: "y\n",
  });
  assertEquals(hookToolInput(hookToolFor("apply_patch", "freeform"), "*** Begin Patch"), {
    command: "*** Begin Patch",
  });
  assertEquals(hookToolInput(hookToolFor("apply_patch", "function"), '{"input":"*** Begin Patch"}'), {
    command: "*** Begin Patch",
  });
  assertEquals(hookToolInput(hookToolFor("lookup", "function"), '{"q":1}'), { q: 1 });
  assertEquals(hookToolInput(hookToolFor("lookup", "function"), "{oops"), { input: "{oops" });
  assertEquals(hookToolInput(hookToolFor("grammar_tool", "freeform"), "raw"), { input: "raw" });
});

Deno.test("applyUpdatedInput() translates a rewritten tool_input back into the tool's own input text", () => {
  const exec = hookToolFor("exec_command", "function");
  assertEquals(
    JSON.parse(applyUpdatedInput(exec, '{"cmd":"ls","yield_time_ms":10}', { command: "ls -a", login: true })),
    { cmd: "ls -a", yield_time_ms: 10, login: true },
  );
  assertEquals(applyUpdatedInput(hookToolFor("apply_patch", "freeform"), "old", { command: "new" }), "new");
  assertEquals(
    JSON.parse(applyUpdatedInput(hookToolFor("apply_patch", "function"), '{"input":"old"}', { command: "new" })),
    { input: "new" },
  );
  assertEquals(JSON.parse(applyUpdatedInput(hookToolFor("lookup", "function"), "{}", { q: 2 })), { q: 2 });
  assertEquals(applyUpdatedInput(hookToolFor("grammar_tool", "freeform"), "raw", { input: "cooked" }), "cooked");
});

Deno.test("blockedMessage() uses Codex's Command form for Bash and apply_patch, and the Tool form otherwise", () => {
  assertEquals(
    blockedMessage(hookToolFor("shell_command", "function"), { command: "rm -rf /" }, "no"),
    "Command blocked by PreToolUse hook: no. Command: rm -rf /",
  );
  assertEquals(
    blockedMessage(hookToolFor("mcp__fs__rm", "function"), { path: "/" }, "no"),
    "Tool call blocked by PreToolUse hook: no. Tool: mcp__fs__rm",
  );
});
