import { assertEquals, assertStringIncludes } from "@std/assert";
import {
  bootHooks,
  group,
  historyLines,
  ofTopic,
  printJson,
  recorded,
  recordingHook,
  withTempDir,
  writeScript,
} from "../_testing.ts";

Deno.test("UserPromptSubmit hooks get the prompt, and plain text or additionalContext reach the model", async () => {
  await withTempDir(async (dir) => {
    const text = await recordingHook(dir, "ups", "echo 'the build is red'");
    const json = await writeScript(
      dir,
      "json.sh",
      printJson({ hookSpecificOutput: { hookEventName: "UserPromptSubmit", additionalContext: "branch: main" } }),
    );
    // A matcher on UserPromptSubmit is ignored (as in Codex), even an invalid regex.
    const b = await bootHooks(dir, { hooks: { UserPromptSubmit: [group(text, {}, "["), group(json)] } });
    const { thread, hookRuns } = await b.turn("fix the build");
    const input = await recorded(dir, "ups");
    assertEquals(input!.hook_event_name, "UserPromptSubmit");
    assertEquals(input!.prompt, "fix the build");
    assertEquals(input!.turn_id, thread.turns[0].id);
    assertEquals(historyLines(thread), [
      "user: fix the build",
      "developer: the build is red",
      "developer: branch: main",
      "assistant: ok",
    ]);
    assertEquals(hookRuns.map((r) => r.entries), [
      [{ kind: "context", text: "the build is red" }],
      [{ kind: "context", text: "branch: main" }],
    ]);
    await b.close();
  });
});

Deno.test("a blocked prompt stays out of history, the model is never asked, and the run says why", async () => {
  await withTempDir(async (dir) => {
    const hook = await writeScript(dir, "block.sh", printJson({ decision: "block", reason: "no secrets in prompts" }));
    const b = await bootHooks(dir, { hooks: { UserPromptSubmit: [group(hook)] }, responses: [] });
    const { thread, hookRuns } = await b.turn("my password is hunter2");
    assertEquals(thread.history, []);
    assertEquals(thread.turns[0].status, "completed");
    assertEquals(thread.turns[0].items, []);
    assertEquals(hookRuns[0].status, "blocked");
    assertEquals(hookRuns[0].entries, [{ kind: "feedback", text: "no secrets in prompts" }]);
    await b.close();
  });
});

Deno.test("context from a hook that blocks or stops is kept for later turns; a stopped prompt is recorded, a blocked one is not", async () => {
  await withTempDir(async (dir) => {
    const context = (extra: Record<string, unknown>) =>
      printJson({ ...extra, hookSpecificOutput: { hookEventName: "UserPromptSubmit", additionalContext: "ctx" } });
    const blocker = await writeScript(dir, "block.sh", context({ decision: "block", reason: "not now" }));
    const blocked = await bootHooks(dir, { hooks: { UserPromptSubmit: [group(blocker)] }, responses: [] });
    const one = await blocked.turn("deploy to prod");
    assertEquals(historyLines(one.thread), ["developer: ctx"], "the prompt stays out, the context stays in");
    await blocked.close();

    const stopper = await writeScript(dir, "stop.sh", context({ continue: false, stopReason: "paused" }));
    const stopped = await bootHooks(dir, { hooks: { UserPromptSubmit: [group(stopper)] }, responses: [] });
    const two = await stopped.turn("deploy to prod");
    assertEquals(historyLines(two.thread), ["user: deploy to prod", "developer: ctx"]);
    await stopped.close();
  });
});

Deno.test("exit 2 blocks with stderr; exit 2 without stderr and other exit codes fail without blocking", async () => {
  await withTempDir(async (dir) => {
    const silent = await writeScript(dir, "silent.sh", "exit 2");
    const three = await writeScript(dir, "three.sh", "exit 3");
    const b = await bootHooks(dir, { hooks: { UserPromptSubmit: [group(silent), group(three)] } });
    const { thread, hookRuns } = await b.turn("hello");
    assertEquals(historyLines(thread), ["user: hello", "assistant: ok"]);
    assertEquals(hookRuns.map((r) => [r.status, r.entries[0].text]), [
      ["failed", "UserPromptSubmit hook exited with code 2 but did not write a blocking reason to stderr"],
      ["failed", "hook exited with code 3"],
    ]);
    const blocker = await writeScript(dir, "blocker.sh", "echo 'prompt rejected' >&2; exit 2");
    const b2 = await bootHooks(dir, { hooks: { UserPromptSubmit: [group(blocker)] }, responses: [] });
    const blocked = await b2.turn("hello");
    assertEquals(blocked.thread.history, []);
    assertEquals(blocked.hookRuns[0].entries, [{ kind: "feedback", text: "prompt rejected" }]);
    await b.close();
    await b2.close();
  });
});

Deno.test("continue:false records the prompt, ends the turn, and systemMessage becomes a warning", async () => {
  await withTempDir(async (dir) => {
    const hook = await writeScript(
      dir,
      "stop.sh",
      printJson({ continue: false, stopReason: "out of office", systemMessage: "hooks paused the agent" }),
    );
    const b = await bootHooks(dir, { hooks: { UserPromptSubmit: [group(hook)] }, responses: [] });
    const { thread, hookRuns } = await b.turn("hello");
    assertEquals(historyLines(thread), ["user: hello"]);
    assertEquals(hookRuns[0].status, "stopped");
    assertEquals(hookRuns[0].entries, [
      { kind: "warning", text: "hooks paused the agent" },
      { kind: "stop", text: "out of office" },
    ]);
    const warnings = ofTopic(b.events, "warning").map((w) => w.message);
    assertStringIncludes(warnings.join("\n"), "UserPromptSubmit hook: hooks paused the agent");
    await b.close();
  });
});
