import { assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { bootHooks, group, historyLines, ofTopic, printJson, withTempDir, writeScript } from "../_testing.ts";

/** A Stop hook that appends its stdin to `<dir>/stop.log` (one JSON per line) and keeps it in `$input`. */
const loggingStop = (dir: string, name: string, then: string) =>
  writeScript(dir, name, `input=$(cat)\nprintf '%s\\n' "$input" >> "${join(dir, "stop.log")}"\n${then}`);
const logged = async (dir: string) =>
  (await Deno.readTextFile(join(dir, "stop.log"))).trim().split("\n").map((l) => JSON.parse(l));

Deno.test("a Stop block continues the turn with <hook_prompt>, and the next run sees stop_hook_active", async () => {
  await withTempDir(async (dir) => {
    const hook = await loggingStop(
      dir,
      "keep_going.sh",
      // The usual loop guard: block only when this is not already a continuation.
      `case "$input" in *'"stop_hook_active":false'*) ${
        printJson({ decision: "block", reason: "run the tests first" })
      } ;; esac`,
    );
    const b = await bootHooks(dir, {
      hooks: { Stop: [group(hook)] },
      responses: [[{ say: "done" }], [{ say: "tests pass" }]],
    });
    const { thread, hookRuns } = await b.turn("fix it");
    const runs = await logged(dir);
    assertEquals(runs.map((r) => [r.hook_event_name, r.stop_hook_active, r.last_assistant_message]), [
      ["Stop", false, "done"],
      ["Stop", true, "tests pass"],
    ]);
    const lines = historyLines(thread);
    assertEquals(lines[2], `user: <hook_prompt hook_run_id="stop:0:config">run the tests first</hook_prompt>`);
    assertEquals(lines.at(-1), "assistant: tests pass");
    assertEquals(thread.turns[0].items.map((i) => i.type), [
      "userMessage",
      "agentMessage",
      "hookPrompt",
      "agentMessage",
    ]);
    assertEquals(hookRuns.map((r) => r.status), ["blocked", "completed"]);
    await b.close();
  });
});

Deno.test("several blocking Stop hooks become one continuation with a fragment each, in declaration order", async () => {
  await withTempDir(async (dir) => {
    const once = (reason: string, delay: string) =>
      `[ -e "${join(dir, reason)}" ] || { touch "${join(dir, reason)}"; sleep ${delay}; ${
        printJson({ decision: "block", reason })
      }; }`;
    const a = await writeScript(dir, "a.sh", once("lint", "0.2"));
    const c = await writeScript(dir, "c.sh", once("format", "0"));
    const b = await bootHooks(dir, {
      hooks: { Stop: [group(a), group(c)] },
      responses: [[{ say: "done" }], [{ say: "linted and formatted" }]],
    });
    const { thread } = await b.turn("go");
    const prompt = thread.turns[0].items.find((i) => i.type === "hookPrompt");
    assertEquals(prompt?.type === "hookPrompt" ? prompt.fragments : null, [
      { text: "lint", hookRunId: "stop:0:config" },
      { text: "format", hookRunId: "stop:1:config" },
    ]);
    await b.close();
  });
});

Deno.test("continue:false wins over blocks and ends the turn", async () => {
  await withTempDir(async (dir) => {
    const block = await writeScript(dir, "block.sh", printJson({ decision: "block", reason: "again" }));
    const halt = await writeScript(dir, "halt.sh", printJson({ continue: false, stopReason: "enough" }));
    const b = await bootHooks(dir, { hooks: { Stop: [group(block), group(halt)] }, responses: [[{ say: "done" }]] });
    const { thread, hookRuns } = await b.turn("go");
    assertEquals(historyLines(thread), ["user: go", "assistant: done"]);
    assertEquals(hookRuns.map((r) => r.status), ["blocked", "stopped"]);
    await b.close();
  });
});

Deno.test("a Stop hook that always blocks is cut off at maxHookContinuations, and its summary says so", async () => {
  await withTempDir(async (dir) => {
    const hook = await writeScript(dir, "loop.sh", printJson({ decision: "block", reason: "keep going" }));
    const b = await bootHooks(dir, {
      hooks: { Stop: [group(hook)] },
      overrides: ["max_hook_continuations=2"],
      responses: [[{ say: "one" }], [{ say: "two" }], [{ say: "three" }]],
    });
    const { thread, hookRuns } = await b.turn("go");
    assertEquals(thread.turns[0].items.filter((i) => i.type === "hookPrompt").length, 2);
    assertEquals(hookRuns.length, 3);
    assertEquals(hookRuns.slice(0, 2).map((r) => r.entries.length), [1, 1]);
    assertStringIncludes(
      JSON.stringify(hookRuns[2].entries),
      "continuation cap reached: the turn already continued 2 times (maxHookContinuations = 2)",
    );
    assertStringIncludes(
      ofTopic(b.events, "warning").map((w) => w.message).join("\n"),
      "stopped after 2 continuations",
    );
    await b.close();
  });
});

Deno.test("without configuration the Stop continuation cap is 8, and the last run's summary names it", async () => {
  await withTempDir(async (dir) => {
    const hook = await writeScript(dir, "loop.sh", printJson({ decision: "block", reason: "keep going" }));
    const answers = Array.from({ length: 12 }, (_, i) => [{ say: `answer ${i}` }]);
    const b = await bootHooks(dir, { hooks: { Stop: [group(hook)] }, responses: answers });
    const { thread, hookRuns } = await b.turn("go");
    assertEquals(thread.turns[0].items.filter((i) => i.type === "hookPrompt").length, 8);
    assertEquals(historyLines(thread).filter((l) => l.startsWith("assistant: answer")).length, 9);
    assertEquals(hookRuns.length, 9);
    assertStringIncludes(
      JSON.stringify(hookRuns[8].entries),
      "continuation cap reached: the turn already continued 8 times (maxHookContinuations = 8)",
    );
    await b.close();
  });
});

Deno.test("plain text from a Stop hook is invalid output and does not continue the turn", async () => {
  await withTempDir(async (dir) => {
    const hook = await writeScript(dir, "text.sh", "echo please continue");
    const b = await bootHooks(dir, { hooks: { Stop: [group(hook)] }, responses: [[{ say: "done" }]] });
    const { hookRuns } = await b.turn("go");
    assertEquals(hookRuns[0].status, "failed");
    assertEquals(hookRuns[0].entries, [{ kind: "error", text: "hook returned invalid stop JSON output" }]);
    await b.close();
  });
});
