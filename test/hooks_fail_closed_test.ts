/**
 * A team's guard in `.tern/hooks.json` keeps guarding, through the real `tern exec` on the scripted
 * model with the real shell tool: beside an invalid handler, when Tern runs from a subdirectory,
 * in a project without `.tern/config.jsonc`, and when the hook cannot run (`hooks.failClosed`).
 * Every run lets commands run unsandboxed and unasked, so only the hook stands between the model's
 * `rm -rf victim` and the folder: the folder surviving is the proof.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { trustProject } from "../kernel/mod.ts";
import { runScriptedExec, runTern, withSandbox } from "./support/tern_process.ts";
import { spawnStdioServer } from "./support/app_server_process.ts";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";

const GUARD = `#!/bin/sh
input=$(cat)
case "$input" in *"rm -rf"*) echo "guard: no rm -rf here" >&2; exit 2;; esac
exit 0
`;
const GUARD_COMMAND = '"$TERN_PROJECT_DIR"/.tern/hooks/guard.sh';
const UNGUARDED = ['approval_policy="never"', 'sandbox_mode="danger-full-access"'];
const RM = [[{ call: "shell_command", args: { command: "rm -rf victim" } }], [{ say: "after: {{output}}" }]];

/** Writes the project's `.tern/hooks.json` (and the guard script beside it); returns the file. */
async function project(dir: string, hooks: Record<string, unknown>): Promise<string> {
  await Deno.mkdir(join(dir, ".tern", "hooks"), { recursive: true });
  await Deno.writeTextFile(join(dir, ".tern", "hooks", "guard.sh"), GUARD);
  await Deno.chmod(join(dir, ".tern", "hooks", "guard.sh"), 0o755);
  const file = join(dir, ".tern", "hooks.json");
  await Deno.writeTextFile(file, JSON.stringify({ hooks }, null, 2));
  return file;
}

const command = (c: string) => ({ type: "command", command: c });

/** Makes `victim/` in `dir`; returns a check that it is still there. */
async function victim(dir: string): Promise<() => Promise<boolean>> {
  await Deno.mkdir(join(dir, "victim", "data"), { recursive: true });
  return () => Deno.stat(join(dir, "victim")).then(() => true, () => false);
}

Deno.test("tern exec: an invalid handler beside the guard in .tern/hooks.json refuses tool calls and says where; with failClosed off the guard still runs", async () => {
  await withSandbox(async (sandbox) => {
    const ws = sandbox.workspace;
    const file = await project(ws, { PreToolUse: [{ matcher: "Bash", hooks: [command(GUARD_COMMAND), command("")] }] });
    await trustProject(ws, { ternHome: sandbox.ternHome });
    const alive = await victim(ws);
    const where = `${file}:13 (key "hooks.PreToolUse.0.hooks.1.command"): a "command" hook needs a non-empty "command"`;

    const strict = await runScriptedExec(sandbox, "clean up", RM, UNGUARDED);
    assertEquals(strict.code, 0, strict.stderr);
    assert(await alive(), "rm -rf ran");
    assertStringIncludes(
      strict.stderr,
      `Cannot load the PreToolUse hook #1 of group #0 from ${where}; tool calls are refused`,
    );
    assertStringIncludes(
      strict.stdout,
      `after: Command blocked by PreToolUse hook: ${file} could not be fully loaded (a "command" hook needs a non-empty "command"), and hooks.failClosed is on, so tool calls are refused until it is fixed`,
    );

    const lenient = await runScriptedExec(sandbox, "clean up", RM, [...UNGUARDED, "hooks.failClosed=false"]);
    assertEquals(lenient.code, 0, lenient.stderr);
    assert(await alive(), "rm -rf ran: the valid guard was dropped with its invalid neighbour");
    assertStringIncludes(lenient.stderr, `from ${where}; the other hooks run without it`);
    assertStringIncludes(lenient.stdout, "after: Command blocked by PreToolUse hook: guard: no rm -rf here");
  });
});

Deno.test("tern exec: the same mistake in the hooks config key keeps the plugin and the other hooks loaded", async () => {
  await withSandbox(async (sandbox) => {
    const alive = await victim(sandbox.workspace);
    const guard = join(sandbox.root, "guard.sh");
    await Deno.writeTextFile(guard, GUARD);
    await Deno.chmod(guard, 0o755);
    const hooks = { PreToolUse: [{ matcher: "Bash", hooks: [command(guard), command("")] }] };
    const run = await runScriptedExec(sandbox, "clean up", RM, [...UNGUARDED, `hooks=${JSON.stringify(hooks)}`]);
    assertEquals(run.code, 0, run.stderr);
    assert(await alive(), "rm -rf ran: the hooks plugin was unloaded");
    assertStringIncludes(
      run.stderr,
      'key "hooks.PreToolUse.0.hooks.1.command"): a "command" hook needs a non-empty "command"',
    );
    assertStringIncludes(run.stdout, "after: Command blocked by PreToolUse hook: guard: no rm -rf here");
  });
});

Deno.test("tern exec from a subdirectory: TERN_PROJECT_DIR is the project root, so the documented guard path runs", async () => {
  await withSandbox(async (sandbox) => {
    const ws = sandbox.workspace;
    await project(ws, { PreToolUse: [{ matcher: "Bash", hooks: [command(GUARD_COMMAND)] }] });
    await Deno.writeTextFile(join(ws, ".tern", "config.jsonc"), "{}");
    await trustProject(ws, { ternHome: sandbox.ternHome });
    const sub = join(ws, "packages", "app");
    const alive = await victim(sub);
    const run = await runScriptedExec(sandbox, "clean up", RM, UNGUARDED, { cwd: sub });
    assertEquals(run.code, 0, run.stderr);
    assert(await alive(), "rm -rf ran");
    assertStringIncludes(run.stdout, "after: Command blocked by PreToolUse hook: guard: no rm -rf here");
  });
});

Deno.test("a project with .tern/hooks.json and no config.jsonc: untrusted, hooks list, doctor and exec say its hooks do not run; after tern trust they do", async () => {
  await withSandbox(async (sandbox) => {
    const ws = sandbox.workspace;
    const file = await project(ws, { PreToolUse: [{ matcher: "Bash", hooks: [command(GUARD_COMMAND)] }] });
    const sub = join(ws, "src");
    await Deno.mkdir(sub);
    const ignored =
      `Ignored ${file}: the project ${ws} is not trusted, so its hooks do not run (run "tern trust ${ws}" to trust it)`;

    const list = await runTern(sandbox, ["hooks", "list"], { cwd: sub });
    assertEquals(list.code, 0, list.stderr);
    assertStringIncludes(list.stdout, ignored);
    const doctor = await runTern(sandbox, ["doctor"], { cwd: sub });
    assertStringIncludes(doctor.stdout, ignored);
    const untrusted = await runScriptedExec(sandbox, "hi", [[{ say: "hello" }]], UNGUARDED, { cwd: sub });
    assertStringIncludes(untrusted.stderr, ignored);

    const trust = await runTern(sandbox, ["trust"]);
    assertEquals(trust.code, 0, trust.stderr);
    const alive = await victim(sub);
    const trusted = await runScriptedExec(sandbox, "clean up", RM, UNGUARDED, { cwd: sub });
    assertEquals(trusted.code, 0, trusted.stderr);
    assert(await alive(), "rm -rf ran");
    assertStringIncludes(trusted.stdout, "after: Command blocked by PreToolUse hook: guard: no rm -rf here");
  });
});

Deno.test("tern exec: a project hook whose command is not found blocks the call (failClosed); with failClosed off it is reported and the call runs", async () => {
  await withSandbox(async (sandbox) => {
    const ws = sandbox.workspace;
    const missing = '"$TERN_PROJECT_DIR"/.tern/hooks/missing.sh';
    const file = await project(ws, { PreToolUse: [{ matcher: "Bash", hooks: [command(missing)] }] });
    await trustProject(ws, { ternHome: sandbox.ternHome });
    const alive = await victim(ws);

    const strict = await runScriptedExec(sandbox, "clean up", RM, UNGUARDED);
    assertEquals(strict.code, 0, strict.stderr);
    assert(await alive(), "rm -rf ran");
    assertStringIncludes(
      strict.stdout,
      `after: Command blocked by PreToolUse hook: the PreToolUse hook "${missing}" (${file}) could not run: command not found (exit 127)`,
    );
    assertStringIncludes(strict.stdout, "hooks.failClosed is on, so the call is blocked");

    const lenient = await runScriptedExec(sandbox, "clean up", RM, [...UNGUARDED, "hooks.failClosed=false"]);
    assertEquals(lenient.code, 0, lenient.stderr);
    assertEquals(await alive(), false, "with failClosed off the call runs");
    assertStringIncludes(lenient.stderr, "hook preToolUse failed");
    assertStringIncludes(lenient.stderr, "error: hook exited with code 127");
  });
});

Deno.test("tern exec: a project UserPromptSubmit hook that cannot run blocks the prompt before the model is asked", async () => {
  await withSandbox(async (sandbox) => {
    const ws = sandbox.workspace;
    await project(ws, { UserPromptSubmit: [{ hooks: [command('"$TERN_PROJECT_DIR"/.tern/hooks/missing.sh')] }] });
    await trustProject(ws, { ternHome: sandbox.ternHome });
    const run = await runScriptedExec(sandbox, "hi", [[{ say: "the model answered" }]], UNGUARDED);
    assert(!run.stdout.includes("the model answered"), run.stdout);
    assertStringIncludes(run.stderr, "hook userPromptSubmit blocked");
    assertStringIncludes(run.stderr, "could not run: command not found (exit 127)");
  });
});

Deno.test("app-server: a client is told with configWarning that a project hook could not be loaded, naming the file", async () => {
  await withSandbox(async (sandbox) => {
    const ws = sandbox.workspace;
    const file = await project(ws, { PreToolUse: [{ matcher: "Bash", hooks: [command(GUARD_COMMAND), command("")] }] });
    await trustProject(ws, { ternHome: sandbox.ternHome });
    const mock = await startMockModelServer({ responses: [turnOf(ev.assistantMessage("msg_1", "hello"))] });
    const server = spawnStdioServer(sandbox, { config: [`openai_base_url=${JSON.stringify(mock.url)}`] });
    try {
      const client = server.client;
      await client.initialize();
      const thread = (await client.call("thread/start", {})).thread;
      await client.call("turn/start", {
        threadId: thread.id,
        input: [{ type: "text", text: "hi", text_elements: [] }],
      });
      const warning = await client.notification("configWarning");
      assertEquals(warning.params.path, file);
      assertStringIncludes(warning.params.summary, "Hooks: Cannot load the PreToolUse hook #1 of group #0");
      assertStringIncludes(
        warning.params.details,
        'a "command" hook needs a non-empty "command"; tool calls are refused',
      );
      await client.notification("turn/completed");
    } finally {
      await server.stop();
      await mock.close();
    }
  });
});
