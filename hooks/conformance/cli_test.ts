import { assertEquals, assertStringIncludes } from "@std/assert";
import { fromFileUrl, join } from "@std/path";
import { withTempDir, writeScript } from "../_testing.ts";

const ROOT = fromFileUrl(new URL("../..", import.meta.url));

/** Runs `deno task hooks:conformance ARGS` from `cwd`. */
async function conformance(cwd: string, ...args: string[]): Promise<{ code: number; out: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", "--config", join(ROOT, "deno.json"), "hooks:conformance", ...args],
    cwd,
    // `deno task` keeps an INIT_CWD it inherits (as under `deno task test`), so say where we are.
    env: { NO_COLOR: "1", INIT_CWD: cwd },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { code: out.code, out: text };
}

const lines = (out: string, prefix: string) => out.split("\n").map((l) => l.trim()).filter((l) => l.startsWith(prefix));

Deno.test("hooks:conformance runs a well-behaved script through every event and shows what it got and did", async () => {
  await withTempDir(async (dir) => {
    await writeScript(
      dir,
      "good.sh",
      `input=$(cat)
case "$input" in
  *'"hook_event_name":"PreToolUse"'*) echo '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"not today"}}' ;;
  *'"stop_hook_active":false'*) echo '{"decision":"block","reason":"run the tests"}' ;;
  *'"hook_event_name":"UserPromptSubmit"'*) echo 'remember the changelog' ;;
esac`,
    );
    const { code, out } = await conformance(dir, "good.sh");
    assertEquals(code, 0, out);
    assertEquals(lines(out, "FAIL"), []);
    const events = [
      "SessionStart",
      "UserPromptSubmit",
      "PreToolUse",
      "PermissionRequest",
      "PostToolUse",
      "PreCompact",
      "PostCompact",
      "Stop",
    ];
    for (const event of events) {
      assertStringIncludes(out, `== ${event}: `);
      assertStringIncludes(out, `"hook_event_name": "${event}"`);
    }
    assertStringIncludes(out, "== PreCompact: the model calls Bash");
    assertStringIncludes(out, "effect: let the compaction run");
    assertStringIncludes(out, '"tool_input": {\n        "command": "ls -la"\n      }');
    assertStringIncludes(out, "PASS  the input matches the published input schema");
    assertStringIncludes(
      out,
      "PASS  stdout is valid PreToolUse JSON output (docs/schema/hooks/pre-tool-use.command.output.schema.json)",
    );
    assertStringIncludes(
      out,
      'effect: denied the call; the model read: "Command blocked by PreToolUse hook: not today. Command: ls -la"',
    );
    assertStringIncludes(out, 'effect: added context for the model: "remember the changelog"');
    assertStringIncludes(out, 'effect: run 1: continued the turn; the model read "run the tests" as a <hook_prompt>');
    assertStringIncludes(out, "effect: run 2: let the turn end");
    assertEquals(lines(out, "PASS:").length, 1);
  });
});

Deno.test("hooks:conformance exits 1 and names the check when a script's output is invalid for the event", async () => {
  await withTempDir(async (dir) => {
    await writeScript(
      dir,
      "bad.sh",
      `case "$(cat)" in
  *'"hook_event_name":"Stop"'*) echo '{"decision":"block"}' ;;
  *'"hook_event_name":"PreToolUse"'*) echo '{"continue":"yes"}' ;;
  *'"hook_event_name":"SessionStart"'*) echo boom >&2; exit 3 ;;
esac`,
    );
    const { code, out } = await conformance(dir, "--event", "SessionStart,PreToolUse,Stop", "bad.sh");
    assertEquals(code, 1, out);
    assertEquals(lines(out, "FAIL"), [
      "FAIL  Tern accepted what the hook did (run status: failed): hook exited with code 3",
      "FAIL  stdout is valid PreToolUse JSON output (docs/schema/hooks/pre-tool-use.command.output.schema.json): $.continue: expected boolean, got string",
      "FAIL  Tern accepted what the hook did (run status: failed): hook returned invalid pre-tool-use JSON output: continue: Invalid input: expected boolean, received string",
      "FAIL  Tern accepted what the hook did (run status: failed): Stop hook returned decision:block without a non-empty reason",
      "FAIL: 20 checks, 16 passed, 4 failed",
    ]);
    assertEquals(out.includes("== PostToolUse"), false, "--event limits the events");
  });
});

Deno.test("hooks:conformance feeds --bash to the tool events; the example guard denies it and nothing runs", async () => {
  await withTempDir(async (dir) => {
    const { code, out } = await conformance(
      ROOT,
      "--event",
      "PreToolUse",
      "--bash",
      `touch ${join(dir, "ran")}; rm -rf /`,
      "examples/hooks/block_dangerous.sh",
    );
    assertEquals(code, 0, out);
    assertStringIncludes(out, `Hook conformance: ${join(ROOT, "examples/hooks/block_dangerous.sh")}`);
    assertStringIncludes(
      out,
      'effect: denied the call; the model read: "Command blocked by PreToolUse hook: rm -r on /',
    );
    assertEquals(await Deno.stat(join(dir, "ran")).then(() => true, () => false), false);
  });
});

Deno.test("hooks:conformance rejects unknown options and events with exit code 2", async () => {
  const bad = await conformance(ROOT, "--event", "Notification", "x.sh");
  assertEquals(bad.code, 2);
  assertStringIncludes(bad.out, 'Cannot parse arguments: unknown event "Notification"');
  const missing = await conformance(ROOT);
  assertEquals(missing.code, 2);
  assertStringIncludes(missing.out, "Cannot parse arguments: no hook given");
});
