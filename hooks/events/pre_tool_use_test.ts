import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
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

const deny = (reason: string) =>
  printJson({
    hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: reason },
  });
const allowWith = (updatedInput: Record<string, unknown>) =>
  printJson({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "allow", updatedInput } });
const shellCall = (command: string, id = "c1") => [{ call: "shell_command", args: { command }, id }];

Deno.test("PreToolUse hooks get Codex's stdin for a shell call: Bash, {command}, ids, cwd, model", async () => {
  await withTempDir(async (dir) => {
    const hook = await recordingHook(dir, "pre");
    const b = await bootHooks(dir, {
      hooks: { PreToolUse: [group(hook)] },
      responses: [[{ call: "shell_command", args: { command: "ls -la", workdir: "." }, id: "call_7" }], [{
        say: "ok",
      }]],
    });
    const { thread } = await b.turn("list files");
    const input = await recorded(dir, "pre");
    assertEquals(Object.keys(input!), [
      "session_id",
      "turn_id",
      "transcript_path",
      "cwd",
      "hook_event_name",
      "model",
      "permission_mode",
      "tool_name",
      "tool_input",
      "tool_use_id",
    ]);
    assertEquals(input!.session_id, thread.id);
    assertEquals(input!.turn_id, thread.turns[0].id);
    assertEquals(input!.transcript_path, thread.path);
    assertEquals(input!.cwd, join(dir, "ws"));
    assertEquals(input!.hook_event_name, "PreToolUse");
    assertEquals(input!.model, "scripted-model");
    assertEquals(input!.permission_mode, "default");
    assertEquals(input!.tool_name, "Bash");
    assertEquals(input!.tool_input, { command: "ls -la" });
    assertEquals(input!.tool_use_id, "call_7");
    await b.close();
  });
});

Deno.test("a PreToolUse deny keeps the tool from running and the model reads Codex's block message", async () => {
  await withTempDir(async (dir) => {
    const hook = await recordingHook(dir, "pre", deny("no deleting"));
    const b = await bootHooks(dir, {
      hooks: { PreToolUse: [group(hook, {}, "Bash")] },
      responses: [shellCall("rm -rf build"), [{ say: "ok" }]],
      overrides: ['approval_policy="never"'],
    });
    const { thread, hookRuns } = await b.turn("clean");
    assertEquals(b.toolCalls.shell_command, undefined, "the tool never ran");
    assertStringIncludes(
      historyLines(thread).join("\n"),
      "output(c1): Command blocked by PreToolUse hook: no deleting. Command: rm -rf build",
    );
    assertEquals((await recorded(dir, "pre"))!.permission_mode, "bypassPermissions");
    assertEquals(hookRuns.map((r) => [r.id, r.status, r.entries]), [
      ["pre-tool-use:0:config:c1", "blocked", [{ kind: "feedback", text: "no deleting" }]],
    ]);
    await b.close();
  });
});

Deno.test("exit 2 with stderr and the legacy decision:block both deny; other tools get the Tool form", async () => {
  await withTempDir(async (dir) => {
    const exit2 = await writeScript(dir, "exit2.sh", "echo 'not in prod' >&2; exit 2");
    const legacy = await writeScript(dir, "legacy.sh", printJson({ decision: "block", reason: "quota" }));
    const b = await bootHooks(dir, {
      hooks: { PreToolUse: [group(exit2, {}, "Bash"), group(legacy, {}, "mcp__docs__.*")] },
      responses: [[...shellCall("deploy"), { call: "mcp__docs__search", args: { query: "x" }, id: "c2" }], [{
        say: "ok",
      }]],
    });
    const { thread } = await b.turn("go");
    const lines = historyLines(thread).join("\n");
    assertStringIncludes(lines, "output(c1): Command blocked by PreToolUse hook: not in prod. Command: deploy");
    assertStringIncludes(lines, "output(c2): Tool call blocked by PreToolUse hook: quota. Tool: mcp__docs__search");
    assertEquals(b.toolCalls, {});
    await b.close();
  });
});

Deno.test("allow with updatedInput rewrites the call: Bash command goes back to the tool's own key", async () => {
  await withTempDir(async (dir) => {
    const rewrite = await writeScript(dir, "rewrite.sh", allowWith({ command: "ls --color=never" }));
    const b = await bootHooks(dir, {
      hooks: { PreToolUse: [group(rewrite)] },
      responses: [[...shellCall("ls"), { call: "exec_command", args: { cmd: "ls" }, id: "c2" }], [{ say: "ok" }]],
    });
    await b.turn("go");
    assertEquals(b.toolCalls.shell_command, [JSON.stringify({ command: "ls --color=never" })]);
    assertEquals(b.toolCalls.exec_command, [JSON.stringify({ cmd: "ls --color=never" })]);
    await b.close();
  });
});

Deno.test("updatedInput from several hooks merges key by key in declaration order, whatever finishes first", async () => {
  await withTempDir(async (dir) => {
    // The first-declared hook finishes last; its rewrite of "query" is still overridden by the second.
    const slow = await writeScript(dir, "slow.sh", `sleep 0.3\n${allowWith({ query: "first", scope: "all" })}`);
    const fast = await writeScript(dir, "fast.sh", allowWith({ query: "second" }));
    const b = await bootHooks(dir, {
      hooks: { PreToolUse: [group(slow), group(fast)] },
      responses: [[{ call: "mcp__docs__search", args: { query: "orig" }, id: "c1" }], [{ say: "ok" }]],
    });
    await b.turn("go");
    assertEquals(b.toolCalls.mcp__docs__search, [JSON.stringify({ query: "second", scope: "all" })]);
    await b.close();
  });
});

Deno.test("apply_patch hooks see {command: patch}, match Edit|Write once, and can rewrite the patch text", async () => {
  await withTempDir(async (dir) => {
    const patch = "*** Begin Patch\n*** Add File: a.txt\n+hello\n*** End Patch";
    const hook = await recordingHook(
      dir,
      "edit",
      allowWith({ command: patch.replace("hello", "hello, reviewed") }),
    );
    const b = await bootHooks(dir, {
      hooks: { PreToolUse: [group(hook, {}, "apply_patch|Edit|Write")] },
      responses: [[{ custom: "apply_patch", input: patch, id: "p1" }], [{ say: "ok" }]],
    });
    const { hookRuns } = await b.turn("edit");
    const input = await recorded(dir, "edit");
    assertEquals(input!.tool_name, "apply_patch");
    assertEquals(input!.tool_input, { command: patch });
    assertEquals(hookRuns.length, 1, "one run although three names match");
    assertEquals(b.toolCalls.apply_patch, [patch.replace("hello", "hello, reviewed")]);
    await b.close();
  });
});

Deno.test("deny wins over allow, contexts from every hook reach the model in declaration order", async () => {
  await withTempDir(async (dir) => {
    const context = (text: string) =>
      printJson({ hookSpecificOutput: { hookEventName: "PreToolUse", additionalContext: text } });
    const a = await writeScript(dir, "a.sh", context("first context"));
    const allow = await writeScript(dir, "allow.sh", allowWith({ command: "echo safe" }));
    const d = await writeScript(dir, "deny.sh", deny("policy says no"));
    const z = await writeScript(dir, "z.sh", context("last context"));
    const b = await bootHooks(dir, {
      hooks: { PreToolUse: [group(a), group(allow), group(d), group(z)] },
      responses: [shellCall("rm x"), [{ say: "ok" }]],
    });
    const { thread, hookRuns } = await b.turn("go");
    const lines = historyLines(thread);
    assertEquals(b.toolCalls.shell_command, undefined);
    const out = lines.findIndex((l) => l.startsWith("output(c1)"));
    assertStringIncludes(lines[out], "policy says no");
    assertEquals(lines.slice(out + 1, out + 3), ["developer: first context", "developer: last context"]);
    assertEquals(hookRuns.map((r) => r.status), ["completed", "completed", "blocked", "completed"]);
    await b.close();
  });
});

Deno.test("ask routes the call to the approval flow with the hook's reason", async () => {
  await withTempDir(async (dir) => {
    const ask = await writeScript(
      dir,
      "ask.sh",
      printJson({
        hookSpecificOutput: {
          hookEventName: "PreToolUse",
          permissionDecision: "ask",
          permissionDecisionReason: "touches prod",
        },
      }),
    );
    const b = await bootHooks(dir, {
      hooks: { PreToolUse: [group(ask)] },
      responses: [shellCall("deploy"), [{ say: "ok" }]],
    });
    const { thread } = await b.turn("go");
    assertStringIncludes(historyLines(thread).join("\n"), "ran: deploy [approval required: touches prod]");
    await b.close();
  });
});

Deno.test("continue:false denies the call with its stopReason, ends the turn and reports the run as stopped", async () => {
  await withTempDir(async (dir) => {
    const hook = await writeScript(dir, "stop.sh", printJson({ continue: false, stopReason: "frozen for release" }));
    const b = await bootHooks(dir, {
      hooks: { PreToolUse: [group(hook)] },
      responses: [shellCall("make"), [{ say: "should not be asked" }]],
    });
    const { thread, hookRuns } = await b.turn("go");
    const history = historyLines(thread);
    assertStringIncludes(history.at(-1)!, "Command blocked by PreToolUse hook: frozen for release");
    assertEquals(b.toolCalls.shell_command, undefined, "the call never ran");
    assertEquals(history.some((l) => l.includes("should not be asked")), false, "the model is not asked again");
    assertEquals(hookRuns[0].status, "stopped");
    assertEquals(hookRuns[0].entries, [{ kind: "stop", text: "frozen for release" }]);
    await b.close();
  });
});

Deno.test("invalid PreToolUse output fails the run but lets the call through (fail open, as Codex)", async () => {
  await withTempDir(async (dir) => {
    const cases = {
      "garbage.sh": "echo '{not json'",
      "emptyreason.sh": printJson({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny" } }),
      "noallow.sh": printJson({ hookSpecificOutput: { hookEventName: "PreToolUse", updatedInput: { command: "x" } } }),
      "wrongtype.sh": printJson({ continue: "no" }),
      "text.sh": "echo just chatting",
    };
    const scripts = await Promise.all(Object.entries(cases).map(([name, body]) => writeScript(dir, name, body)));
    const b = await bootHooks(dir, {
      hooks: { PreToolUse: scripts.map((s) => group(s)) },
      responses: [shellCall("ls"), [{ say: "ok" }]],
    });
    const { hookRuns } = await b.turn("go");
    assertEquals(b.toolCalls.shell_command?.length, 1, "the call ran");
    assertEquals(hookRuns.map((r) => r.status), ["failed", "failed", "failed", "failed", "completed"]);
    assertEquals(hookRuns[0].entries, [{ kind: "error", text: "hook returned invalid pre-tool-use JSON output" }]);
    assertStringIncludes(hookRuns[1].entries[0].text, "permissionDecision:deny without a non-empty");
    assertStringIncludes(hookRuns[2].entries[0].text, "updatedInput without permissionDecision:allow");
    assertStringIncludes(hookRuns[3].entries[0].text, "invalid pre-tool-use JSON output: continue");
    assert(hookRuns.every((r) => r.id.endsWith(":c1")));
    await b.close();
  });
});

Deno.test("matchers select by canonical name: Bash, exact alternatives, regex, and skip the rest", async () => {
  await withTempDir(async (dir) => {
    const names = ["bash", "mcp", "exact", "star"];
    const hooks = await Promise.all(names.map((n) => recordingHook(dir, n)));
    const b = await bootHooks(dir, {
      hooks: {
        PreToolUse: [
          group(hooks[0], {}, "^Bash$"),
          group(hooks[1], {}, "mcp__docs__.*"),
          group(hooks[2], {}, "shell_command|Edit"),
          group(hooks[3], {}, "*"),
        ],
      },
      responses: [[{ call: "mcp__docs__search", args: { query: "q" }, id: "c1" }], [{ say: "ok" }]],
    });
    await b.turn("go");
    const ran = await Promise.all(names.map(async (n) => (await recorded(dir, n)) !== null));
    assertEquals(ran, [false, true, false, true], "shell_command is not a hook name: shell tools are Bash");
    await b.close();
  });
});
