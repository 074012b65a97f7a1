/**
 * `tern app-server` `thread/shellCommand` (the TUI's `!cmd`) against the mock model, on whatever
 * sandbox this machine has: the command runs in the thread's sandbox (a write outside the
 * workspace is refused) as a turn of its own with a `commandExecution` item of source `userShell`
 * whose output streams; it is kept in the thread (`thread/read`), and the next turn's model request
 * carries the command and its output.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { withMockedStdioServer } from "./support/app_server_process.ts";
import { ev, turnOf } from "./support/mock_model.ts";
import { assertShellCommandLine } from "./support/command_line.ts";

Deno.test("thread/shellCommand runs the user's command in the sandbox, streams its item, and the model reads it next turn", async () => {
  const outside = `/var/tmp/tern-shell-command-outside-${crypto.randomUUID()}`;
  const config = ['model="mock-model"', 'sandbox_mode="workspace-write"', 'approval_policy="on-request"'];
  const responses = [turnOf(ev.assistantMessage("m1", "I saw it"))];
  await withMockedStdioServer({ responses, config }, async ({ mock, sandbox, client }) => {
    await Deno.mkdir(join(sandbox.workspace, "src"));
    await client.initialize();
    const threadId = (await client.call("thread/start", { model: "mock-model" })).thread.id;
    const command = `echo user-said-hello > src/note.txt && cat src/note.txt && echo escaped > ${outside}`;

    assertEquals(await client.call("thread/shellCommand", { threadId, command }), {});
    const started = (await client.notification("item/started", (p) => p.item.type === "commandExecution")).params;
    assertEquals(started.item.source, "userShell");
    assertEquals(started.item.status, "inProgress");
    // As Codex reports it: the command as the shell runs it.
    assertShellCommandLine(started.item.command, command);
    assertEquals(started.item.cwd, sandbox.workspace);
    const delta = await client.notification(
      "item/commandExecution/outputDelta",
      (p) => p.itemId === started.item.id && p.delta.includes("user-said-hello"),
    );
    assertEquals(delta.params.turnId, started.turnId);
    const completed = (await client.notification("item/completed", (p) => p.item.id === started.item.id)).params;
    assertEquals(completed.item.source, "userShell");
    assertEquals(completed.item.status, "failed", "the write outside the workspace fails the command");
    assertStringIncludes(completed.item.aggregatedOutput, "user-said-hello");
    assert(completed.item.exitCode !== 0, `exit code ${completed.item.exitCode}`);
    await client.notification("turn/completed", (p) => p.turn.id === started.turnId);
    assertEquals(await Deno.readTextFile(join(sandbox.workspace, "src", "note.txt")), "user-said-hello\n");
    assertEquals(await Deno.stat(outside).then(() => true, () => false), false, "wrote outside the workspace");
    assertEquals(mock.requests.length, 0, "a shell command asks the model nothing");

    const read = await client.call("thread/read", { threadId, includeTurns: true });
    const kept = read.thread.turns.flatMap((t: { items: { type: string }[] }) => t.items)
      .find((i: { type: string; source?: string }) => i.type === "commandExecution");
    assertEquals(kept?.source, "userShell", "the command is kept in the thread's turns");

    await client.call("turn/start", { threadId, input: [{ type: "text", text: "what did I run?" }] });
    await client.notification("turn/completed", (p) => p.turn.id !== started.turnId);
    const body = JSON.stringify(mock.requests[0].body.input);
    assertStringIncludes(body, "<user_shell_command>");
    assertStringIncludes(body, "echo user-said-hello > src/note.txt");
    assertStringIncludes(body, "user-said-hello\\n");
    assertStringIncludes(body, "Exit code:");
  });
});

Deno.test("thread/shellCommand refuses an unknown thread and an empty command", async () => {
  await withMockedStdioServer({ responses: [], config: ['model="mock-model"'] }, async ({ client }) => {
    await client.initialize();
    const unknown = await client.request("thread/shellCommand", { threadId: "nope", command: "ls" });
    assert(unknown.error, "an unknown thread is refused");
    const threadId = (await client.call("thread/start", { model: "mock-model" })).thread.id;
    const empty = await client.request("thread/shellCommand", { threadId, command: "  " });
    assertEquals(empty.error?.code, -32602);
    assertStringIncludes(empty.error?.message ?? "", "command");
  });
});
