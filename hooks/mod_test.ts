import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { fromFileUrl, join, toFileUrl } from "@std/path";
import { trustProject } from "../kernel/mod.ts";
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
} from "./_testing.ts";

const KERNEL = toFileUrl(fromFileUrl(new URL("../kernel/mod.ts", import.meta.url))).href;
const REPO = fromFileUrl(new URL("..", import.meta.url));

/** Writes a plugin folder whose setup body is `body` (it gets `api`). */
async function writePlugin(root: string, name: string, body: string): Promise<string> {
  const dir = join(root, name);
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(join(dir, "plugin.jsonc"), JSON.stringify({ name }));
  await Deno.writeTextFile(
    join(dir, "mod.ts"),
    `import { definePlugin } from "${KERNEL}";\nexport default definePlugin({ name: "${name}", async setup(api) {\n${body}\n} });\n`,
  );
  return dir;
}

Deno.test("hook summaries are persisted with their turn and replayed as Turn.hookRuns on resume", async () => {
  await withTempDir(async (dir) => {
    const ctx = await writeScript(dir, "ctx.sh", "echo 'remember the changelog'");
    const pre = await writeScript(dir, "pre.sh", "echo 'no' >&2; exit 2");
    const hooks = { UserPromptSubmit: [group(ctx)], PreToolUse: [group(pre)] };
    const first = await bootHooks(dir, {
      hooks,
      responses: [[{ call: "shell_command", args: { command: "ls" }, id: "c1" }], [{ say: "ok" }]],
    });
    const { thread, hookRuns } = await first.turn("go");
    assertEquals(hookRuns.map((r) => r.id), ["user-prompt-submit:0:config", "pre-tool-use:1:config:c1"]);
    assertEquals(
      thread.turns[0].items.some((i) => (i.type as string).includes("hook") && i.type !== "hookPrompt"),
      false,
    );
    await first.close();

    const second = await bootHooks(dir, { hooks });
    const { thread: resumed } = await second.runtime.resumeThread(thread.id);
    assertEquals(resumed.turns[0].hookRuns, hookRuns);
    assertEquals(resumed.toWire({ includeTurns: true }).turns[0].hookRuns?.map((r) => r.status), [
      "completed",
      "blocked",
    ]);
    await second.close();
  });
});

Deno.test("plugins add typed in-process hooks with api.hooks.on and hooks files with api.hooks.declare", async () => {
  await withTempDir(async (dir) => {
    const hook = await recordingHook(dir, "declared", `printf '%s' "$CLAUDE_PLUGIN_ROOT" > "${dir}/root.txt"`);
    const policy = await writePlugin(
      dir,
      "policy",
      `
      api.hooks.on("PreToolUse", { matcher: "Bash", statusMessage: "checking policy" }, (input) => {
        const command = String(input.tool_input.command);
        if (command.includes("sudo")) {
          return { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: "no sudo" } };
        }
      });
      api.hooks.on("SessionStart", {}, (input) => "session " + input.source + " in " + input.cwd);
      api.hooks.declare(new URL("./hooks/hooks.json", import.meta.url));`,
    );
    await Deno.mkdir(join(policy, "hooks"));
    await Deno.writeTextFile(join(policy, "hooks", "hooks.json"), JSON.stringify({ hooks: { Stop: [group(hook)] } }));
    const b = await bootHooks(dir, {
      plugins: [policy],
      responses: [[{ call: "shell_command", args: { command: "sudo rm -rf /" }, id: "c1" }], [{ say: "ok" }]],
    });
    const { thread, hookRuns } = await b.turn("go");
    const lines = historyLines(thread);
    assertEquals(lines[1], `developer: session startup in ${join(dir, "ws")}`);
    assertStringIncludes(lines.join("\n"), "Command blocked by PreToolUse hook: no sudo. Command: sudo rm -rf /");
    assertEquals(b.toolCalls.shell_command, undefined);
    assertEquals((await recorded(dir, "declared"))!.hook_event_name, "Stop");
    assertEquals(await Deno.readTextFile(join(dir, "root.txt")), policy);
    assertEquals(hookRuns.map((r) => [r.eventName, r.handlerType, r.source, r.sourcePath]), [
      ["sessionStart", "inProcess", "plugin", "plugin:policy"],
      ["preToolUse", "inProcess", "plugin", "plugin:policy"],
      ["stop", "command", "plugin", join(policy, "hooks", "hooks.json")],
    ]);
    assertEquals(b.warnings, []);
    await b.close();
  });
});

Deno.test("hooks come from $TERN_HOME/hooks.json, the config key and a trusted project's .tern/hooks.json, in that order", async () => {
  await withTempDir(async (dir) => {
    const ws = join(dir, "ws");
    await Deno.mkdir(join(ws, ".tern"), { recursive: true });
    await Deno.mkdir(join(dir, "home"), { recursive: true });
    const order = (name: string) => writeScript(dir, `${name}.sh`, `echo ${name} >> "${dir}/order.txt"`);
    const [user, cfg, project] = await Promise.all([order("user"), order("config"), order("project")]);
    await Deno.writeTextFile(
      join(dir, "home", "hooks.json"),
      JSON.stringify({ hooks: { UserPromptSubmit: [group(user)] } }),
    );
    await Deno.writeTextFile(join(ws, ".tern", "config.jsonc"), "{}");
    await Deno.writeTextFile(
      join(ws, ".tern", "hooks.json"),
      JSON.stringify({ hooks: { UserPromptSubmit: [group(project)] } }),
    );

    const untrusted = await bootHooks(dir, { hooks: { UserPromptSubmit: [group(cfg)] } });
    await untrusted.turn("hi");
    // Hooks run in parallel: which ran is in the file, the declaration order is in the summaries.
    const ran = async () => (await Deno.readTextFile(join(dir, "order.txt"))).trim().split("\n").sort();
    assertEquals(await ran(), ["config", "user"]);
    assertEquals(untrusted.warnings, [
      `[hooks] Ignored ${
        join(ws, ".tern", "hooks.json")
      }: the project ${ws} is not trusted, so its hooks do not run (run "tern trust ${ws}" to trust it)`,
    ]);
    await untrusted.close();

    await Deno.remove(join(dir, "order.txt"));
    await trustProject(ws, { ternHome: join(dir, "home") });
    const trusted = await bootHooks(dir, { hooks: { UserPromptSubmit: [group(cfg)] } });
    const { hookRuns } = await trusted.turn("hi");
    assertEquals(await ran(), ["config", "project", "user"]);
    assertEquals(hookRuns.map((r) => [r.source, r.sourcePath]), [
      ["user", join(dir, "home", "hooks.json")],
      ["config", "config"],
      ["project", join(ws, ".tern", "hooks.json")],
    ]);
    await trusted.close();
  });
});

Deno.test("an invalid handler in the hooks config key is reported with its file, line and key; the plugin loads and the valid hooks run", async () => {
  await withTempDir(async (dir) => {
    const ws = join(dir, "ws");
    await Deno.mkdir(join(dir, "home"), { recursive: true });
    const guard = await recordingHook(dir, "guard");
    await Deno.writeTextFile(
      join(dir, "home", "config.jsonc"),
      `{\n  "hooks": {\n    "UserPromptSubmit": [\n      { "hooks": [{ "type": "command" }, { "type": "command", "command": ${
        JSON.stringify(guard)
      } }] }\n    ]\n  }\n}\n`,
    );
    const b = await bootHooks(dir, { cwd: ws });
    assertEquals(b.runtime.plugins.find((p) => p.name === "hooks")?.status, "loaded");
    assertEquals(b.warnings, [
      `[hooks] Cannot load the UserPromptSubmit hook #0 of group #0 from ${
        join(dir, "home", "config.jsonc")
      }:4 (key "hooks.UserPromptSubmit.0.hooks.0.command"): a "command" hook needs a non-empty "command"; the other hooks run without it`,
    ]);
    await b.turn("hi");
    assertEquals((await recorded(dir, "guard"))?.prompt, "hi", "the valid handler beside it ran");
    await b.close();
  });
});

Deno.test("every registered tool passes PreToolUse and PostToolUse, whatever its kind or arguments", async () => {
  await withTempDir(async (dir) => {
    const log = (event: string) =>
      writeScript(dir, `${event}.sh`, `input=$(cat)\nprintf '%s\\n' "$input" >> "${dir}/${event}.log"`);
    const hooks = { PreToolUse: [group(await log("pre"))], PostToolUse: [group(await log("post"))] };
    const probe = await bootHooks(dir, { hooks });
    const tools = probe.runtime.tools.list();
    await probe.close();
    const calls = tools.map((t, i) =>
      t.kind === "freeform" ? { custom: t.name, input: "x", id: `c${i}` } : { call: t.name, args: {}, id: `c${i}` }
    );
    const b = await bootHooks(dir, { hooks, responses: [calls, [{ say: "ok" }]] });
    await b.turn("call everything");
    const ids = async (event: string) =>
      (await Deno.readTextFile(join(dir, `${event}.log`))).trim().split("\n").map((l) => JSON.parse(l).tool_use_id)
        .sort();
    const expected = calls.map((c) => c.id).sort();
    assert(expected.length >= 5);
    assertEquals(await ids("pre"), expected);
    assertEquals(await ids("post"), expected);
    await b.close();
  });
});

Deno.test("interrupting a turn kills its running hooks and the summary says so", async () => {
  await withTempDir(async (dir) => {
    const slow = await writeScript(dir, "slow.sh", "sleep 30");
    const b = await bootHooks(dir, { hooks: { UserPromptSubmit: [group(slow)] } });
    const thread = await b.runtime.startThread();
    b.runtime.bus.on("hook/started", () => void thread.interrupt());
    const started = performance.now();
    const { turn } = await thread.run([{ type: "text", text: "hi", text_elements: [] }]);
    await b.runtime.bus.idle();
    assert(performance.now() - started < 5000);
    assertEquals(turn.status, "interrupted");
    const completed = ofTopic(b.events, "hook/completed");
    assertEquals(completed[0].run.entries, [{ kind: "error", text: "hook was cancelled: the turn was interrupted" }]);
    await b.close();
  });
});

Deno.test("with the real shell tool, a Bash PreToolUse hook rewrites the command that runs", async () => {
  await withTempDir(async (dir) => {
    const hook = await writeScript(
      dir,
      "rewrite.sh",
      printJson({
        hookSpecificOutput: {
          hookEventName: "PreToolUse",
          permissionDecision: "allow",
          updatedInput: { command: "echo rewritten" },
        },
      }),
    );
    const b = await bootHooks(dir, {
      testTools: false,
      plugins: [join(REPO, "tools", "shell")],
      hooks: { PreToolUse: [group(hook, {}, "Bash")] },
      overrides: ['approval_policy="never"', 'sandbox_mode="danger-full-access"'],
      responses: [[{ call: "shell_command", args: { command: "echo original" }, id: "c1" }], [{ say: "ok" }]],
    });
    const { thread } = await b.turn("go");
    const output = historyLines(thread).find((l) => l.startsWith("output(c1)"))!;
    assertStringIncludes(output, "rewritten");
    assertEquals(output.includes("original"), false);
    await b.close();
  });
});

Deno.test("hooks/list names the registered tools each tool hook's matcher fires for, or the tools the client asks about", async () => {
  await withTempDir(async (dir) => {
    const booted = await bootHooks(dir, {
      hooks: { PreToolUse: [group("true", {}, "Bash"), group("true", {}, "mcp__docs__.*")], Stop: [group("true")] },
    });
    const list = booted.runtime.methods.get("hooks/list")!.handler;
    type Listed = { data: { hooks: { event: string; matchesTools: string[] | null }[] }[] };
    const registered = (await list({})) as Listed;
    assertEquals(registered.data[0].hooks.map((h) => [h.event, h.matchesTools]), [
      ["PreToolUse", ["shell_command", "exec_command"]],
      ["PreToolUse", ["mcp__docs__search"]],
      ["Stop", null],
    ]);
    const asked = (await list({ tools: [{ name: "shell_command", kind: "function" }] })) as Listed;
    assertEquals(asked.data[0].hooks.map((h) => h.matchesTools), [["shell_command"], [], null]);
    await booted.close();
  });
});
