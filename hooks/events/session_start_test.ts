import { assertEquals } from "@std/assert";
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

Deno.test("SessionStart hooks run before the first turn with source startup, without turn_id, thread-scoped", async () => {
  await withTempDir(async (dir) => {
    const hook = await recordingHook(dir, "start", "echo 'this repo uses pnpm'");
    const json = await writeScript(
      dir,
      "json.sh",
      printJson({ hookSpecificOutput: { hookEventName: "SessionStart", additionalContext: "CI is green" } }),
    );
    const b = await bootHooks(dir, {
      hooks: { SessionStart: [group(hook, {}, "startup|resume"), group(json)] },
      responses: [[{ say: "first" }], [{ say: "second" }]],
    });
    const { thread, hookRuns } = await b.turn("hi");
    const input = await recorded(dir, "start");
    assertEquals(Object.keys(input!), [
      "session_id",
      "transcript_path",
      "cwd",
      "hook_event_name",
      "model",
      "permission_mode",
      "source",
    ]);
    assertEquals([input!.hook_event_name, input!.source, input!.session_id], ["SessionStart", "startup", thread.id]);
    assertEquals(historyLines(thread), [
      "user: hi",
      "developer: this repo uses pnpm",
      "developer: CI is green",
      "assistant: first",
    ]);
    assertEquals(hookRuns.map((r) => [r.eventName, r.scope, r.id]), [
      ["sessionStart", "thread", "session-start:0:config"],
      ["sessionStart", "thread", "session-start:1:config"],
    ]);
    const second = await b.turn("again", thread);
    assertEquals(second.hookRuns, [], "SessionStart runs once per session");
    await b.close();
  });
});

Deno.test("SessionStart matchers test the source: a resumed thread runs resume hooks only", async () => {
  await withTempDir(async (dir) => {
    const startup = await recordingHook(dir, "startup");
    const resume = await recordingHook(dir, "resume");
    const hooks = { SessionStart: [group(startup, {}, "startup"), group(resume, {}, "resume")] };
    const first = await bootHooks(dir, { hooks });
    const { thread } = await first.turn("hi");
    await first.close();
    await Deno.remove(`${dir}/startup.json`);
    const second = await bootHooks(dir, { hooks });
    const { thread: resumed } = await second.runtime.resumeThread(thread.id);
    await second.turn("again", resumed);
    assertEquals(await recorded(dir, "startup"), null);
    assertEquals((await recorded(dir, "resume"))!.source, "resume");
    await second.close();
  });
});

Deno.test("SessionStart continue:false ends the first turn before the model; exit 2 is only a failure", async () => {
  await withTempDir(async (dir) => {
    const stop = await writeScript(dir, "stop.sh", printJson({ continue: false, stopReason: "setup missing" }));
    const two = await writeScript(dir, "two.sh", "echo ignored >&2; exit 2");
    const b = await bootHooks(dir, { hooks: { SessionStart: [group(two), group(stop)] }, responses: [] });
    const { thread, hookRuns } = await b.turn("hi");
    assertEquals(thread.history, []);
    assertEquals(hookRuns.map((r) => [r.status, r.entries]), [
      ["failed", [{ kind: "error", text: "hook exited with code 2" }]],
      ["stopped", [{ kind: "stop", text: "setup missing" }]],
    ]);
    await b.close();
  });
});
