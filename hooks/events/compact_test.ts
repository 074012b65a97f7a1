import { assertEquals } from "@std/assert";
import { HookEngine } from "../engine.ts";
import {
  bootHooks,
  engineContext,
  group,
  historyLines,
  printJson,
  recorded,
  recordingHook,
  withTempDir,
} from "../_testing.ts";
import { postCompact, preCompact } from "./compact.ts";

const SUMMARY = "Summary of the conversation so far (earlier messages were compacted):";

Deno.test("PreCompact and PostCompact run around an automatic compaction; the next turn runs SessionStart with source compact", async () => {
  await withTempDir(async (dir) => {
    const pre = await recordingHook(dir, "pre");
    const post = await recordingHook(dir, "post");
    const start = await recordingHook(dir, "start");
    const b = await bootHooks(dir, {
      hooks: {
        PreCompact: [group(pre, {}, "auto")],
        PostCompact: [group(post)],
        SessionStart: [group(start, {}, "compact")],
      },
      overrides: ["model_auto_compact_token_limit=1"],
      responses: [
        [{ call: "shell_command", args: { command: "ls" }, id: "call_1" }],
        [{ say: "We listed the files." }],
        [{ say: "done" }],
        [{ say: "Summary two." }],
        [{ say: "again" }],
      ],
    });
    const first = await b.turn("look around");
    assertEquals(first.hookRuns.map((r) => [r.eventName, r.status]), [["preCompact", "completed"], [
      "postCompact",
      "completed",
    ]]);
    assertEquals([(await recorded(dir, "pre"))!.trigger, (await recorded(dir, "post"))!.trigger], ["auto", "auto"]);
    assertEquals(await recorded(dir, "start"), null, "the first turn's SessionStart source is startup");
    assertEquals(historyLines(first.thread), [
      "user: look around",
      `user: ${SUMMARY}\nWe listed the files.`,
      "assistant: done",
    ]);
    // The limit is 1 token, so "done" left the history over it: the next turn compacts before its
    // first request, after SessionStart (source compact) has run.
    const second = await b.turn("more", first.thread);
    assertEquals(second.hookRuns.map((r) => r.eventName), ["sessionStart", "preCompact", "postCompact"]);
    assertEquals((await recorded(dir, "start"))!.source, "compact");
    assertEquals(historyLines(second.thread).slice(-3), [
      "user: more",
      `user: ${SUMMARY}\nSummary two.`,
      "assistant: again",
    ]);
    await b.close();
  });
});

Deno.test("PreCompact continue:false cancels a manual compaction: the turn completes and the history stays whole", async () => {
  await withTempDir(async (dir) => {
    const pre = await recordingHook(dir, "pre", printJson({ continue: false, stopReason: "keep everything" }));
    const post = await recordingHook(dir, "post");
    const b = await bootHooks(dir, {
      hooks: { PreCompact: [group(pre, {}, "manual")], PostCompact: [group(post)] },
      responses: [[{ say: "hello back" }]],
    });
    const { thread } = await b.turn("hello");
    const before = historyLines(thread);
    const { turn } = await thread.compact();
    await b.runtime.bus.idle();
    assertEquals(turn.status, "completed");
    assertEquals(turn.items, []);
    assertEquals(historyLines(thread), before);
    assertEquals((await recorded(dir, "pre"))!.trigger, "manual");
    assertEquals(await recorded(dir, "post"), null);
    const runs = thread.turns.at(-1)?.hookRuns ?? [];
    assertEquals(runs.map((r) => [r.eventName, r.status, r.entries]), [
      ["preCompact", "stopped", [{ kind: "stop", text: "keep everything" }]],
    ]);
    assertEquals(thread.pendingSessionStart, null, "no SessionStart follows a cancelled compaction");
    await b.close();
  });
});

Deno.test("the compact specs match on the trigger and continue:false stops", async () => {
  await withTempDir(async (dir) => {
    const manual = await recordingHook(dir, "manual", printJson({ continue: false, stopReason: "not now" }));
    const auto = await recordingHook(dir, "auto");
    const engine = new HookEngine({
      declarations: [{
        source: "config",
        sourcePath: "config",
        hooks: { PreCompact: [group(manual, {}, "manual"), group(auto, {}, "auto")], PostCompact: [group(auto)] },
      }],
    });
    const { ctx } = engineContext(dir);
    const run = await engine.run(preCompact, { trigger: "manual" }, ctx);
    assertEquals(run.outcome, { stop: "not now" });
    assertEquals(run.runs.map((r) => [r.id, r.eventName, r.status]), [[
      "pre-compact:0:config",
      "preCompact",
      "stopped",
    ]]);
    assertEquals((await recorded(dir, "manual"))!.trigger, "manual");
    assertEquals(await recorded(dir, "auto"), null);
    const after = await engine.run(postCompact, { trigger: "auto" }, ctx);
    assertEquals(after.outcome, { stop: null });
    assertEquals((await recorded(dir, "auto"))!.hook_event_name, "PostCompact");
  });
});
