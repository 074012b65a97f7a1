import { assertEquals } from "@std/assert";
import { HookEngine } from "../engine.ts";
import { bootHooks, engineContext, group, printJson, recorded, recordingHook, withTempDir } from "../_testing.ts";
import { postCompact, preCompact } from "./compact.ts";

Deno.test("PreCompact and PostCompact hooks are accepted and never fire: Tern has no compaction yet", async () => {
  await withTempDir(async (dir) => {
    const pre = await recordingHook(dir, "pre");
    const post = await recordingHook(dir, "post");
    const b = await bootHooks(dir, { hooks: { PreCompact: [group(pre)], PostCompact: [group(post, {}, "auto")] } });
    const { hookRuns } = await b.turn("hi");
    assertEquals(hookRuns, []);
    assertEquals([await recorded(dir, "pre"), await recorded(dir, "post")], [null, null]);
    assertEquals(b.warnings.filter((w) => w.includes("Compact")), []);
    await b.close();
  });
});

Deno.test("the compact specs match on the trigger and continue:false stops, ready for a compaction feature", async () => {
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
