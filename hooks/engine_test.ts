import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { type HookEventName, type HookHandler, HookRegistry } from "../kernel/mod.ts";
import { MAX_OUTPUT_BYTES } from "./command_runner.ts";
import type { HookDeclarations } from "./discovery.ts";
import { expandPluginRoot, HookEngine } from "./engine.ts";
import { permissionRequest } from "./events/permission_request.ts";
import { preToolUse } from "./events/pre_tool_use.ts";
import { userPromptSubmit } from "./events/user_prompt_submit.ts";
import { hookToolFor } from "./tool_names.ts";
import { engineContext, group, printJson, recorded, recordingHook, withTempDir, writeScript } from "./_testing.ts";

const config = (
  hooks: HookDeclarations["hooks"],
): HookDeclarations[] => [{ source: "config", sourcePath: "config", hooks }];
const bash = (command: string) => ({
  tool: hookToolFor("shell_command", "function"),
  toolInput: { command },
  toolUseId: "c1",
});

function isAlive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

Deno.test("HookEngine.run() runs matching hooks in parallel and reports them in declaration order", async () => {
  await withTempDir(async (dir) => {
    // Each hook records when it started and ended; sleeps shrink so they finish in reverse order.
    const timed = (name: string, sleep: string) =>
      writeScript(
        dir,
        `${name}.sh`,
        `date +%s%N > "${dir}/${name}.start"\nsleep ${sleep}\ndate +%s%N > "${dir}/${name}.end"`,
      );
    const hooks = await Promise.all([timed("a", "0.3"), timed("b", "0.2"), timed("c", "0.1")]);
    const engine = new HookEngine({ declarations: config({ UserPromptSubmit: hooks.map((h) => group(h)) }) });
    const { ctx, events } = engineContext(dir);
    const { runs } = await engine.run(userPromptSubmit, { prompt: "hi" }, ctx);
    const read = async (f: string) => BigInt((await Deno.readTextFile(join(dir, f))).trim());
    const spans = await Promise.all(
      ["a", "b", "c"].map(async (n) => [await read(`${n}.start`), await read(`${n}.end`)]),
    );
    for (const [start] of spans) {
      for (const [, end] of spans) assert(start < end, "every hook started before any other finished");
    }
    assertEquals(runs.map((r) => r.displayOrder), [0, 1, 2]);
    assertEquals(events.map((e) => e.method), [
      "hook/started",
      "hook/started",
      "hook/started",
      "hook/completed",
      "hook/completed",
      "hook/completed",
    ]);
    const completed = events.slice(3).map((e) => (e.method === "hook/completed" ? e.params.run.id : ""));
    assertEquals(completed, [
      "user-prompt-submit:0:config",
      "user-prompt-submit:1:config",
      "user-prompt-submit:2:config",
    ]);
  });
});

Deno.test("hook/started carries a running HookRunSummary and hook/completed the finished one, field by field", async () => {
  await withTempDir(async (dir) => {
    const hook = await writeScript(dir, "deny.sh", "sleep 0.05\necho 'not on main' >&2\nexit 2");
    const engine = new HookEngine({
      declarations: config({ PreToolUse: [group(hook, { statusMessage: "checking the branch" }, "Bash")] }),
    });
    const { ctx, events } = engineContext(dir);
    const before = Math.floor(Date.now() / 1000);
    await engine.run(preToolUse, bash("git push"), ctx);
    const after = Math.floor(Date.now() / 1000);
    assertEquals(events.map((e) => e.method), ["hook/started", "hook/completed"]);
    const [started, completed] = events.map((e) => e.params as { threadId: string; turnId: string; run: never });
    const common = {
      id: "pre-tool-use:0:config:c1",
      eventName: "preToolUse",
      handlerType: "command",
      executionMode: "sync",
      scope: "turn",
      sourcePath: "config",
      source: "config",
      displayOrder: 0,
      statusMessage: "checking the branch",
    };
    const { startedAt, ...running } = started.run as { startedAt: number };
    assertEquals(running, { ...common, status: "running", completedAt: null, durationMs: null, entries: [] });
    assert(startedAt >= before && startedAt <= after);
    assertEquals([started.threadId, started.turnId, completed.threadId, completed.turnId], [
      "thread-1",
      "turn-1",
      "thread-1",
      "turn-1",
    ]);
    const done = completed.run as Record<string, unknown> & {
      startedAt: number;
      completedAt: number;
      durationMs: number;
    };
    assertEquals({ ...done, startedAt: 0, completedAt: 0, durationMs: 0 }, {
      ...common,
      status: "blocked",
      startedAt: 0,
      completedAt: 0,
      durationMs: 0,
      entries: [{ kind: "feedback", text: "not on main" }],
    });
    assert(done.startedAt <= done.completedAt && done.completedAt <= after);
    assert(done.durationMs >= 50, `durationMs ${done.durationMs} counts the hook's run`);
  });
});

Deno.test("HookEngine.run() kills a hook at its timeout, with everything it started", async () => {
  await withTempDir(async (dir) => {
    const hook = await writeScript(dir, "hang.sh", `sleep 30 &\necho $! > "${dir}/child.pid"\nwait`);
    const engine = new HookEngine({ declarations: config({ UserPromptSubmit: [group(hook, { timeout: 1 })] }) });
    const { ctx } = engineContext(dir);
    const started = performance.now();
    const { runs, outcome } = await engine.run(userPromptSubmit, { prompt: "hi" }, ctx);
    assert(performance.now() - started < 5000, "the timeout cut the hook off");
    assertEquals(runs[0].status, "failed");
    assertEquals(runs[0].entries, [{ kind: "error", text: "hook timed out after 1s" }]);
    assertEquals(outcome, { block: null, stop: null, context: [] });
    const pid = Number((await Deno.readTextFile(join(dir, "child.pid"))).trim());
    await new Promise((r) => setTimeout(r, 100));
    assertEquals(isAlive(pid), false, "the hook's background child was killed too");
  });
});

Deno.test("HookEngine.run() reports crashing, flooding and missing hooks and carries on", async () => {
  await withTempDir(async (dir) => {
    // The hook command itself is the shell that dies, whichever shell $SHELL names (bash runs a
    // lone script in place, dash forks for it and would report the script's death as code 137).
    const crash = "kill -9 $$";
    const flood = await writeScript(dir, "flood.sh", "yes garbage");
    const ok = await writeScript(dir, "ok.sh", "echo 'still here'");
    const engine = new HookEngine({
      declarations: config({
        UserPromptSubmit: [group(crash), group(flood), group(join(dir, "missing.sh")), group(ok)],
      }),
    });
    const { ctx } = engineContext(dir);
    const { runs, outcome } = await engine.run(userPromptSubmit, { prompt: "hi" }, ctx);
    assertEquals(runs.map((r) => r.status), ["failed", "failed", "failed", "completed"]);
    assertEquals(runs[0].entries[0].text, "hook was killed by SIGKILL");
    assertEquals(runs[1].entries[0].text, `hook wrote more than ${MAX_OUTPUT_BYTES} bytes to stdout`);
    assertEquals(runs[2].entries[0].text, "hook exited with code 127");
    assertEquals(outcome.context, ["still here"]);
  });
});

Deno.test("HookEngine.run() kills running hooks when the turn is interrupted", async () => {
  await withTempDir(async (dir) => {
    const hook = await writeScript(dir, "slow.sh", "sleep 30");
    const engine = new HookEngine({ declarations: config({ UserPromptSubmit: [group(hook)] }) });
    const abort = new AbortController();
    const { ctx } = engineContext(dir, { signal: abort.signal });
    setTimeout(() => abort.abort(), 100);
    const started = performance.now();
    const { runs } = await engine.run(userPromptSubmit, { prompt: "hi" }, ctx);
    assert(performance.now() - started < 3000);
    assertEquals(runs[0].entries, [{ kind: "error", text: "hook was cancelled: the turn was interrupted" }]);
  });
});

Deno.test("command hooks run in the thread's cwd with TERN_PROJECT_DIR, CLAUDE_PROJECT_DIR and PLUGIN_ROOT", async () => {
  await withTempDir(async (dir) => {
    const hook = await recordingHook(
      dir,
      "env",
      `printf '%s|%s|%s|%s|%s' "$PWD" "$TERN_PROJECT_DIR" "$CLAUDE_PROJECT_DIR" "$PLUGIN_ROOT" "$CLAUDE_PLUGIN_ROOT" > "${dir}/env.txt"`,
    );
    const pluginDir = join(dir, "acme");
    await Deno.mkdir(join(pluginDir, "hooks"), { recursive: true });
    await Deno.writeTextFile(
      join(pluginDir, "hooks", "hooks.json"),
      JSON.stringify({ hooks: { Stop: [group(hook)] } }),
    );
    const registry = new HookRegistry();
    registry.declare(join(pluginDir, "hooks", "hooks.json"), {}, "acme");
    const engine = new HookEngine({
      declarations: config({ UserPromptSubmit: [group(hook)] }),
      registry: () => registry.list(),
    });
    const ws = join(dir, "ws");
    await Deno.mkdir(ws);
    await engine.run(userPromptSubmit, { prompt: "hi" }, engineContext(ws).ctx);
    assertEquals(await Deno.readTextFile(join(dir, "env.txt")), `${ws}|${ws}|${ws}||`);
    const { stop } = await import("./events/stop.ts");
    const request = { stopHookActive: false, lastAssistantMessage: "done", continuations: 0, maxContinuations: 8 };
    const { runs } = await engine.run(stop, request, engineContext(ws).ctx);
    assertEquals(await Deno.readTextFile(join(dir, "env.txt")), `${ws}|${ws}|${ws}|${pluginDir}|${pluginDir}`);
    assertEquals([runs[0].source, runs[0].sourcePath], ["plugin", join(pluginDir, "hooks", "hooks.json")]);
  });
});

Deno.test("in-process hooks follow the same algebra as command hooks and get the same input", async () => {
  await withTempDir(async (dir) => {
    const command = await recordingHook(dir, "cmd");
    const seen: unknown[] = [];
    const registry = new HookRegistry();
    const on = <E extends HookEventName>(event: E, matcher: string, handler: HookHandler<E>) =>
      registry.on(event, { matcher, statusMessage: "checking" }, handler, "policy");
    on("PreToolUse", "Bash", (input) => {
      seen.push(input);
      return input.tool_input.command === "rm -rf /"
        ? { hookSpecificOutput: { permissionDecision: "deny", permissionDecisionReason: "never" } }
        : undefined;
    });
    on("PreToolUse", "*", () => "plain text is ignored for PreToolUse");
    on("PreToolUse", "Bash", () => {
      throw new Error("policy service down");
    });
    on("PreToolUse", "Bash", () => ({ hookSpecificOutput: { additionalContext: "be careful" } }));
    const engine = new HookEngine({
      declarations: config({ PreToolUse: [group(command)] }),
      registry: () => registry.list(),
    });
    const { outcome, runs } = await engine.run(preToolUse, bash("rm -rf /"), engineContext(dir).ctx);
    assertEquals(outcome.block, "never");
    assertEquals(outcome.context, ["be careful"]);
    assertEquals(seen, [await recorded(dir, "cmd")]);
    assertEquals(runs.map((r) => [r.handlerType, r.status, r.sourcePath, r.statusMessage]), [
      ["command", "completed", "config", null],
      ["inProcess", "blocked", "plugin:policy", "checking"],
      ["inProcess", "completed", "plugin:policy", "checking"],
      ["inProcess", "failed", "plugin:policy", "checking"],
      ["inProcess", "completed", "plugin:policy", "checking"],
    ]);
    assertEquals(runs[3].entries, [{ kind: "error", text: "hook threw: policy service down" }]);
    assertEquals(runs[1].id, "pre-tool-use:1:plugin:policy:c1");
  });
});

Deno.test("an in-process hook that never settles times out, and its signal is aborted", async () => {
  const registry = new HookRegistry();
  let aborted = false;
  registry.on(
    "UserPromptSubmit",
    { timeoutSec: 1 },
    (_input, { signal }) => new Promise(() => signal.addEventListener("abort", () => (aborted = true))),
    "slow",
  );
  const engine = new HookEngine({ declarations: [], registry: () => registry.list() });
  const { runs } = await engine.run(userPromptSubmit, { prompt: "hi" }, engineContext("/").ctx);
  assertEquals(runs[0].entries, [{ kind: "error", text: "hook timed out after 1s" }]);
  assert(aborted);
});

Deno.test("systemMessage becomes a warning entry and notification; suppressOutput keeps it from the user", async () => {
  await withTempDir(async (dir) => {
    const loud = await writeScript(
      dir,
      "loud.sh",
      printJson({ systemMessage: "lint found 3 issues", hookSpecificOutput: { additionalContext: "see lint.log" } }),
    );
    const quiet = await writeScript(
      dir,
      "quiet.sh",
      printJson({ systemMessage: "noise", suppressOutput: true, hookSpecificOutput: { additionalContext: "hidden" } }),
    );
    const engine = new HookEngine({ declarations: config({ UserPromptSubmit: [group(loud), group(quiet)] }) });
    const { ctx, events } = engineContext(dir);
    const { runs, outcome } = await engine.run(userPromptSubmit, { prompt: "hi" }, ctx);
    assertEquals(runs[0].entries, [
      { kind: "warning", text: "lint found 3 issues" },
      { kind: "context", text: "see lint.log" },
    ]);
    assertEquals(runs[1].entries, []);
    assertEquals(outcome.context, ["see lint.log", "hidden"], "the model still gets suppressed context");
    const warnings = events.flatMap((e) => (e.method === "warning" ? [e.params.message] : []));
    assertEquals(warnings, ["UserPromptSubmit hook: lint found 3 issues"]);
  });
});

Deno.test("an invalid matcher skips its group with a warning; the other groups still run", async () => {
  await withTempDir(async (dir) => {
    const bad = await recordingHook(dir, "bad");
    const good = await recordingHook(dir, "good");
    const warnings: string[] = [];
    const engine = new HookEngine({
      declarations: config({ PreToolUse: [group(bad, {}, "Bash("), group(good, {}, "Ba.h")] }),
      warn: (m) => warnings.push(m),
    });
    const { runs } = await engine.run(preToolUse, bash("ls"), engineContext(dir).ctx);
    assertEquals(runs.length, 1);
    assertEquals([await recorded(dir, "bad"), (await recorded(dir, "good"))?.tool_name], [null, "Bash"]);
    assertEquals(warnings.length, 1);
    assertStringIncludes(warnings[0], 'invalid matcher regex "Bash("');
  });
});

Deno.test("expandPluginRoot() writes the plugin folder into ${CLAUDE_PLUGIN_ROOT} and ${PLUGIN_ROOT} (for cmd.exe)", () => {
  assertEquals(
    expandPluginRoot('node "${CLAUDE_PLUGIN_ROOT}/a.js" ${PLUGIN_ROOT}/b $HOME', "C:\\p $1"),
    'node "C:\\p $1/a.js" C:\\p $1/b $HOME',
  );
});

Deno.test("PreToolUse merge: with two denies the model reads the first declared deny's reason, whichever finishes first", async () => {
  await withTempDir(async (dir) => {
    // The first-declared hook finishes last, so a last-wins or completion-order merge picks the wrong one.
    const first = await writeScript(dir, "first.sh", "sleep 0.3\necho 'first deny' >&2\nexit 2");
    const second = printJson({
      hookSpecificOutput: { permissionDecision: "deny", permissionDecisionReason: "second" },
    });
    const engine = new HookEngine({ declarations: config({ PreToolUse: [group(first), group(second)] }) });
    const { ctx } = engineContext(dir);
    const { outcome, runs } = await engine.run(preToolUse, bash("rm -rf /"), ctx);
    assertEquals(runs.map((r) => r.status), ["blocked", "blocked"]);
    assertEquals(outcome.block, "first deny");
  });
});

Deno.test("UserPromptSubmit merge: with two blocks the first declared block wins, whichever finishes first", async () => {
  await withTempDir(async (dir) => {
    const first = await writeScript(dir, "first.sh", "sleep 0.3\necho 'first block' >&2\nexit 2");
    const second = printJson({ decision: "block", reason: "second block" });
    const engine = new HookEngine({ declarations: config({ UserPromptSubmit: [group(first), group(second)] }) });
    const { ctx } = engineContext(dir);
    const { outcome, runs } = await engine.run(userPromptSubmit, { prompt: "hi" }, ctx);
    assertEquals(runs.map((r) => r.status), ["blocked", "blocked"]);
    assertEquals(outcome.block, "first block");
  });
});

Deno.test("with failClosed, a hook that times out denies PreToolUse and one that is not found declines PermissionRequest; an exit 1 still does not block", async () => {
  await withTempDir(async (dir) => {
    const slow = await writeScript(dir, "slow.sh", "sleep 5");
    const engine = (hooks: HookDeclarations["hooks"]) =>
      new HookEngine({ declarations: config(hooks), failClosed: true });
    const { ctx } = engineContext(dir);
    const timedOut = await engine({ PreToolUse: [group(slow, { timeout: 1 })] }).run(preToolUse, bash("ls"), ctx);
    assertStringIncludes(
      timedOut.outcome.block!,
      `the PreToolUse hook "${slow}" (config) could not run: hook timed out after 1s`,
    );
    assertEquals(timedOut.details[0].cannotRun, "hook timed out after 1s");
    assertEquals(timedOut.runs[0].entries[0], { kind: "error", text: "hook timed out after 1s" });

    const missing = join(dir, "missing.sh");
    const request = { ...bash("ls"), toolUseId: "c2" };
    const declined = await engine({ PermissionRequest: [group(missing)] }).run(permissionRequest, request, ctx);
    assertStringIncludes(declined.outcome.deny!, "could not run: command not found (exit 127)");

    const exit1 = await engine({ PreToolUse: [group("exit 1")] }).run(preToolUse, bash("ls"), ctx);
    assertEquals([exit1.outcome.block, exit1.runs[0].status], [null, "failed"]);
    const lenient = new HookEngine({ declarations: config({ PreToolUse: [group(missing)] }) });
    const open = await lenient.run(preToolUse, bash("ls"), ctx);
    assertEquals([open.outcome.block, open.runs[0].status], [null, "failed"], "config hooks fail open by default");
  });
});
