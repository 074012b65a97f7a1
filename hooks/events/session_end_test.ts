import { assertEquals } from "@std/assert";
import { bootHooks, group, ofTopic, printJson, recorded, recordingHook, withTempDir } from "../_testing.ts";

Deno.test("SessionEnd hooks run when the runtime closes, with reason exit and no turn", async () => {
  await withTempDir(async (dir) => {
    const hook = await recordingHook(dir, "end", printJson({ systemMessage: "session log saved" }));
    const b = await bootHooks(dir, { hooks: { SessionEnd: [group(hook)] } });
    const { thread } = await b.turn("hi");
    assertEquals(await recorded(dir, "end"), null, "not before the session ends");
    await b.close();
    const input = await recorded(dir, "end");
    assertEquals(input, {
      session_id: thread.id,
      transcript_path: thread.path,
      cwd: thread.settings.cwd,
      hook_event_name: "SessionEnd",
      model: "scripted-model",
      permission_mode: "default",
      reason: "exit",
    });
    const completed = ofTopic(b.events, "hook/completed").filter((e) => e.run.eventName === "sessionEnd");
    assertEquals(completed.map((e) => [e.turnId, e.run.status, e.run.entries]), [
      [null, "completed", [{ kind: "warning", text: "session log saved" }]],
    ]);
    assertEquals(thread.turns[0].hookRuns ?? [], [], "not recorded on any turn");
  });
});
