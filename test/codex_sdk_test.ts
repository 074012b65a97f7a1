import { assertEquals, assertMatch } from "@std/assert";
import { Codex } from "@openai/codex-sdk";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox, TERN_BIN } from "./support/tern_process.ts";

Deno.test("the official codex-sdk drives tern exec: thread.run() and a resumed second run", async () => {
  const mock = await startMockModelServer({
    responses: [
      turnOf(ev.functionCall("call_1", "shell_command", { command: "printf 'two words'" })),
      turnOf(ev.assistantMessage("msg_1", "It printed two words.")),
      turnOf(ev.assistantMessage("msg_2", "Still here.")),
    ],
  });
  const sandbox = await makeSandbox();
  try {
    const codex = new Codex({ codexPathOverride: TERN_BIN, baseUrl: mock.url, apiKey: "sdk-key", env: sandbox.env });
    const thread = codex.startThread({ workingDirectory: sandbox.workspace, skipGitRepoCheck: true });
    const result = await thread.run("run printf");
    assertEquals(result.finalResponse, "It printed two words.");
    assertEquals(result.items.map((i) => i.type), ["command_execution", "agent_message"]);
    const command = result.items[0];
    if (command.type === "command_execution") {
      assertEquals(command.aggregated_output, "two words");
      assertEquals(command.exit_code, 0);
    }
    assertEquals(result.usage?.input_tokens, 0);
    assertMatch(thread.id ?? "", /^[0-9a-f-]{36}$/);
    assertEquals(mock.requests[0].headers["authorization"], "Bearer sdk-key");

    const again = await thread.run("still there?");
    assertEquals(again.finalResponse, "Still here.");
    const history = JSON.stringify(mock.requests[2].body.input);
    assertEquals(history.includes("run printf"), true, "the resumed run sent the first turn's history");
  } finally {
    await mock.close();
    await sandbox.cleanup();
  }
});

Deno.test("the codex-sdk's additionalDirectories reach tern exec as --add-dir: a command writes there", async () => {
  const extra = await Deno.makeTempDir({ dir: "/var/tmp", prefix: "tern-sdk-add-dir-" });
  const mock = await startMockModelServer({
    responses: [
      turnOf(ev.functionCall("call_1", "shell_command", { command: `echo from-sdk > ${extra}/out.txt` })),
      turnOf(ev.assistantMessage("msg_1", "Written.")),
    ],
  });
  const sandbox = await makeSandbox();
  try {
    const codex = new Codex({ codexPathOverride: TERN_BIN, baseUrl: mock.url, apiKey: "sdk-key", env: sandbox.env });
    const thread = codex.startThread({
      workingDirectory: sandbox.workspace,
      sandboxMode: "workspace-write",
      approvalPolicy: "never",
      additionalDirectories: [extra],
    });
    const result = await thread.run("write it");
    assertEquals(result.finalResponse, "Written.");
    assertEquals(await Deno.readTextFile(`${extra}/out.txt`), "from-sdk\n");
  } finally {
    await mock.close();
    await sandbox.cleanup();
    await Deno.remove(extra, { recursive: true });
  }
});
