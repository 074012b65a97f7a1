import { assertEquals, assertStringIncludes } from "@std/assert";
import {
  bootHooks,
  group,
  historyLines,
  printJson,
  recorded,
  recordingHook,
  withTempDir,
  writeScript,
} from "../_testing.ts";

const shellCall = (command: string, id = "c1") => [{ call: "shell_command", args: { command }, id }];
const outputOf = (lines: string[], id = "c1") => lines.find((l) => l.startsWith(`output(${id})`));

Deno.test("PostToolUse hooks get the call's input, its output text as tool_response and the call id", async () => {
  await withTempDir(async (dir) => {
    const hook = await recordingHook(dir, "post");
    const b = await bootHooks(dir, {
      hooks: { PostToolUse: [group(hook, {}, "Bash")] },
      responses: [shellCall("make test", "call_9"), [{ say: "ok" }]],
    });
    const { thread } = await b.turn("test");
    const input = await recorded(dir, "post");
    assertEquals(input!.hook_event_name, "PostToolUse");
    assertEquals(input!.tool_name, "Bash");
    assertEquals(input!.tool_input, { command: "make test" });
    assertEquals(input!.tool_response, "ran: make test");
    assertEquals(input!.tool_use_id, "call_9");
    assertEquals(input!.turn_id, thread.turns[0].id);
    await b.close();
  });
});

Deno.test("decision:block replaces what the model reads with the reason; the tool did run", async () => {
  await withTempDir(async (dir) => {
    const hook = await writeScript(
      dir,
      "block.sh",
      printJson({ decision: "block", reason: "output held back: it has secrets" }),
    );
    const b = await bootHooks(dir, {
      hooks: { PostToolUse: [group(hook)] },
      responses: [shellCall("env"), [{ say: "ok" }]],
    });
    const { thread, hookRuns } = await b.turn("go");
    assertEquals(b.toolCalls.shell_command?.length, 1);
    assertEquals(outputOf(historyLines(thread)), "output(c1): output held back: it has secrets");
    assertEquals(hookRuns[0].status, "blocked");
    assertEquals(hookRuns[0].id, "post-tool-use:0:config:c1");
    await b.close();
  });
});

Deno.test("updatedToolOutput replaces the output (strings as is, objects as JSON); the last declared wins", async () => {
  await withTempDir(async (dir) => {
    const replaceWith = (text: string) =>
      printJson({ hookSpecificOutput: { hookEventName: "PostToolUse", updatedToolOutput: text } });
    // The first-declared hook finishes last; the later-declared replacement still wins.
    const first = await writeScript(dir, "first.sh", `sleep 0.2\n${replaceWith("compressed")}`);
    const later = await writeScript(dir, "later.sh", replaceWith("compressed again"));
    const second = await writeScript(
      dir,
      "second.sh",
      printJson({ hookSpecificOutput: { hookEventName: "PostToolUse", updatedMCPToolOutput: { hits: 1 } } }),
    );
    const b = await bootHooks(dir, {
      hooks: { PostToolUse: [group(first, {}, "Bash"), group(later, {}, "Bash"), group(second, {}, "mcp__.*")] },
      responses: [[...shellCall("cat big.log"), { call: "mcp__docs__search", args: { query: "q" }, id: "c2" }], [{
        say: "ok",
      }]],
    });
    const { thread } = await b.turn("go");
    const lines = historyLines(thread);
    assertEquals(outputOf(lines, "c1"), "output(c1): compressed again");
    assertEquals(outputOf(lines, "c2"), 'output(c2): {"hits":1}');
    await b.close();
  });
});

Deno.test("feedback wins over a replacement, and several feedbacks are joined in declaration order", async () => {
  await withTempDir(async (dir) => {
    const replace = await writeScript(
      dir,
      "replace.sh",
      printJson({ hookSpecificOutput: { hookEventName: "PostToolUse", updatedToolOutput: "short" } }),
    );
    const one = await writeScript(dir, "one.sh", "sleep 0.2\necho 'first problem' >&2; exit 2");
    const two = await writeScript(dir, "two.sh", printJson({ decision: "block", reason: "second problem" }));
    const b = await bootHooks(dir, {
      hooks: { PostToolUse: [group(replace), group(one), group(two)] },
      responses: [shellCall("ls"), [{ say: "ok" }]],
    });
    const { thread } = await b.turn("go");
    assertEquals(outputOf(historyLines(thread)), "output(c1): first problem\n\nsecond problem");
    await b.close();
  });
});

Deno.test("additionalContext becomes a developer message after the output", async () => {
  await withTempDir(async (dir) => {
    const hook = await writeScript(
      dir,
      "ctx.sh",
      printJson({
        hookSpecificOutput: { hookEventName: "PostToolUse", additionalContext: "the tests are flaky on CI" },
      }),
    );
    const b = await bootHooks(dir, {
      hooks: { PostToolUse: [group(hook)] },
      responses: [shellCall("ls"), [{ say: "ok" }]],
    });
    const { thread } = await b.turn("go");
    const lines = historyLines(thread);
    const out = lines.indexOf("output(c1): ran: ls");
    assertEquals(lines[out + 1], "developer: the tests are flaky on CI");
    await b.close();
  });
});

Deno.test("continue:false ends the turn after this round of tool calls; the model reads the reason", async () => {
  await withTempDir(async (dir) => {
    const hook = await writeScript(dir, "stop.sh", printJson({ continue: false, stopReason: "budget spent" }));
    const b = await bootHooks(dir, {
      hooks: { PostToolUse: [group(hook)] },
      responses: [shellCall("ls"), [{ say: "this answer never comes" }]],
    });
    const { thread, hookRuns } = await b.turn("go");
    const lines = historyLines(thread);
    assertEquals(outputOf(lines), "output(c1): budget spent");
    assertEquals(lines.some((l) => l.includes("never comes")), false, "the model was not asked again");
    assertEquals(thread.turns[0].status, "completed");
    assertEquals(hookRuns[0].status, "stopped");
    assertEquals(hookRuns[0].entries, [{ kind: "stop", text: "budget spent" }]);
    await b.close();
  });
});

Deno.test("PostToolUse plain text is ignored and reason without decision fails", async () => {
  await withTempDir(async (dir) => {
    const text = await writeScript(dir, "text.sh", "echo formatted 3 files");
    const bad = await writeScript(dir, "bad.sh", printJson({ reason: "why?" }));
    const b = await bootHooks(dir, {
      hooks: { PostToolUse: [group(text), group(bad)] },
      responses: [shellCall("ls"), [{ say: "ok" }]],
    });
    const { thread, hookRuns } = await b.turn("go");
    assertEquals(outputOf(historyLines(thread)), "output(c1): ran: ls");
    assertEquals(hookRuns.map((r) => r.status), ["completed", "failed"]);
    assertStringIncludes(hookRuns[1].entries[0].text, "reason without decision");
    await b.close();
  });
});

Deno.test("PostToolUse does not run for a call PreToolUse blocked", async () => {
  await withTempDir(async (dir) => {
    const pre = await writeScript(dir, "pre.sh", "echo nope >&2; exit 2");
    const post = await recordingHook(dir, "post");
    const b = await bootHooks(dir, {
      hooks: { PreToolUse: [group(pre)], PostToolUse: [group(post)] },
      responses: [shellCall("ls"), [{ say: "ok" }]],
    });
    await b.turn("go");
    assertEquals(await recorded(dir, "post"), null);
    await b.close();
  });
});
