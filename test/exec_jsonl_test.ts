import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox, runTern } from "./support/tern_process.ts";
import { assertShellCommandLine } from "./support/command_line.ts";

const shellThenAnswer = () => [
  turnOf(
    { usage: { inputTokens: 100, cachedInputTokens: 20, outputTokens: 10 } },
    ev.functionCall("call_1", "shell_command", { command: "echo hello from tern", workdir: "." }),
  ),
  turnOf(
    { usage: { inputTokens: 150, outputTokens: 5, reasoningOutputTokens: 2 } },
    ev.assistantMessage("msg_1", "The command said hello."),
  ),
];

Deno.test("tern exec --json prints the codex exec event stream for a shell call and an answer", async () => {
  const mock = await startMockModelServer({ responses: shellThenAnswer() });
  const sandbox = await makeSandbox();
  try {
    const run = await runTern(sandbox, [
      "exec",
      "--json",
      "-c",
      `openai_base_url=${JSON.stringify(mock.url)}`,
      "run echo",
    ]);
    assertEquals(run.code, 0, run.stderr);
    const types = run.events.map((e) => e.type);
    assertEquals(types, [
      "thread.started",
      "turn.started",
      "item.started",
      "item.completed",
      "item.completed",
      "turn.completed",
    ]);
    assertMatch(String(run.events[0].thread_id), /^[0-9a-f-]{36}$/);
    // The command as the shell runs it, as Codex's `exec --json` shows it (`bash -lc ls`).
    const [started, completed] = [run.events[2].item, run.events[3].item] as Record<string, unknown>[];
    assertShellCommandLine(started.command as string, "echo hello from tern");
    assertShellCommandLine(completed.command as string, "echo hello from tern");
    assertEquals({ ...started, command: "" }, {
      id: "item_0",
      type: "command_execution",
      command: "",
      aggregated_output: "",
      status: "in_progress",
    });
    assertEquals({ ...completed, command: "" }, {
      id: "item_0",
      type: "command_execution",
      command: "",
      aggregated_output: "hello from tern\n",
      exit_code: 0,
      status: "completed",
    });
    assertEquals(run.events[4].item, { id: "item_1", type: "agent_message", text: "The command said hello." });
    assertEquals(run.events[5].usage, {
      input_tokens: 250,
      cached_input_tokens: 20,
      cache_write_input_tokens: 0,
      output_tokens: 15,
      reasoning_output_tokens: 2,
    });
    // The model got the command's output back, in Codex's format, on its second request.
    assertEquals(mock.requests.length, 2);
    const output = mock.requests[1].body.input.find((i: { type: string }) => i.type === "function_call_output");
    assertEquals(output.call_id, "call_1");
    assertMatch(output.output, /^Exit code: 0\nWall time: \d+\.\d seconds\nOutput:\nhello from tern\n/);
    assertEquals(mock.requests[0].headers["authorization"], "Bearer test-key");
  } finally {
    await mock.close();
    await sandbox.cleanup();
  }
});

Deno.test("tern exec reads the prompt from stdin and prints a readable transcript", async () => {
  const mock = await startMockModelServer({ responses: shellThenAnswer() });
  const sandbox = await makeSandbox();
  try {
    const run = await runTern(sandbox, ["exec", "-c", `openai_base_url=${JSON.stringify(mock.url)}`, "-"], {
      stdin: "please run echo\n",
    });
    assertEquals(run.code, 0, run.stderr);
    assertEquals(run.stdout, "The command said hello.\n");
    assertStringIncludes(run.stderr, "please run echo");
    assertStringIncludes(run.stderr, "exec echo hello from tern");
    assertStringIncludes(run.stderr, "hello from tern");
    assertStringIncludes(run.stderr, "✓ exit 0");
    const firstUserMessage = mock.requests[0].body.input.findLast((i: { role?: string }) => i.role === "user");
    assertEquals(firstUserMessage.content[0].text, "please run echo");
  } finally {
    await mock.close();
    await sandbox.cleanup();
  }
});

Deno.test("tern exec exits non-zero with turn.failed when the model keeps failing", async () => {
  const mock = await startMockModelServer({
    fallback: { status: 500, body: { error: { message: "upstream exploded", type: "server_error" } } },
  });
  const sandbox = await makeSandbox();
  try {
    const run = await runTern(sandbox, [
      "exec",
      "--json",
      "-c",
      `openai_base_url=${JSON.stringify(mock.url)}`,
      "-c",
      "model_providers.openai.request_max_retries=2",
      "hi",
    ]);
    assertEquals(run.code, 1);
    const failed = run.events.find((e) => e.type === "turn.failed") as { error: { message: string } } | undefined;
    assert(failed, run.stdout);
    assertStringIncludes(failed.error.message, "3 attempts");
    assertStringIncludes(failed.error.message, "upstream exploded");
    assertEquals(run.events.filter((e) => e.type === "error").length, 2, "each retry is announced");
    assertEquals(mock.requests.length, 3);
  } finally {
    await mock.close();
    await sandbox.cleanup();
  }
});

Deno.test("tern exec refuses to run outside a git repository unless told to", async () => {
  const sandbox = await makeSandbox();
  try {
    await Deno.remove(join(sandbox.workspace, ".git"), { recursive: true });
    const run = await runTern(sandbox, ["exec", "-c", 'model_provider="scripted"', "hi"]);
    assertEquals(run.code, 1);
    assertStringIncludes(run.stderr, "--skip-git-repo-check");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("tern exec resume --last continues after a torn rollout line, with the earlier turn in history", async () => {
  const mock = await startMockModelServer({
    responses: [
      turnOf(ev.assistantMessage("msg_1", "First answer.")),
      turnOf(ev.assistantMessage("msg_2", "Second answer.")),
    ],
  });
  const sandbox = await makeSandbox();
  const base = ["-c", `openai_base_url=${JSON.stringify(mock.url)}`];
  try {
    const first = await runTern(sandbox, ["exec", "--json", ...base, "remember the word kestrel"]);
    assertEquals(first.code, 0, first.stderr);
    const threadId = String(first.events[0].thread_id);
    const rollout = await findRollout(join(sandbox.ternHome, "sessions"), threadId);
    await Deno.writeTextFile(rollout, '{"timestamp":"2026-01-01T00:00:00Z","type":"response_it', { append: true });

    const second = await runTern(sandbox, ["exec", "--json", ...base, "resume", "--last", "what was the word?"]);
    assertEquals(second.code, 0, second.stderr);
    assertEquals(second.events[0], { type: "thread.started", thread_id: threadId });
    assertStringIncludes(second.stderr, "warning");
    const texts = JSON.stringify(mock.requests[1].body.input);
    assertStringIncludes(texts, "remember the word kestrel");
    assertStringIncludes(texts, "First answer.");
    assertStringIncludes(texts, "what was the word?");
    // The rollout is valid JSONL again after the torn line, except that one line.
    const lines = (await Deno.readTextFile(rollout)).split("\n").filter((l) => l.trim());
    const bad = lines.filter((l) => {
      try {
        JSON.parse(l);
        return false;
      } catch {
        return true;
      }
    });
    assertEquals(bad.length, 1);
  } finally {
    await mock.close();
    await sandbox.cleanup();
  }
});

async function findRollout(dir: string, threadId: string): Promise<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) {
      const found = await findRollout(path, threadId).catch(() => "");
      if (found) return found;
    } else if (entry.name.endsWith(`${threadId}.jsonl`)) return path;
  }
  throw new Error(`no rollout for ${threadId} under ${dir}`);
}

Deno.test("tern exec compacts mid-turn at model_auto_compact_token_limit: --json shows no item for it, the human output a line", async () => {
  const responses = () => [
    turnOf(
      { usage: { inputTokens: 900, outputTokens: 10 } },
      ev.functionCall("call_1", "shell_command", { command: "echo compact me", workdir: "." }),
    ),
    turnOf(ev.assistantMessage("sum_1", "The user asked to echo; it printed compact me.")),
    turnOf(ev.assistantMessage("msg_1", "Done after the summary.")),
  ];
  const mock = await startMockModelServer({ responses: [...responses(), ...responses()] });
  const sandbox = await makeSandbox();
  try {
    const args = ["-c", `openai_base_url=${JSON.stringify(mock.url)}`, "-c", "model_auto_compact_token_limit=500"];
    const run = await runTern(sandbox, ["exec", "--json", ...args, "run echo"]);
    assertEquals(run.code, 0, run.stderr);
    assertEquals(run.events.map((e) => e.type), [
      "thread.started",
      "turn.started",
      "item.started",
      "item.completed",
      "item.completed",
      "turn.completed",
    ]);
    assertEquals(run.events[4].item, { id: "item_1", type: "agent_message", text: "Done after the summary." });
    assertEquals(mock.requests.length, 3);
    const last = JSON.stringify(mock.requests[2].body.input);
    assertStringIncludes(last, "Summary of the conversation so far (earlier messages were compacted):");
    assert(!last.includes("call_1"), "the tool call was compacted away");

    const human = await runTern(sandbox, ["exec", ...args, "run echo"]);
    assertEquals(human.code, 0, human.stderr);
    assertStringIncludes(human.stderr, "compacted the conversation: the model continues from a summary");
    assertStringIncludes(human.stdout, "Done after the summary.");
    assert(!human.stdout.includes("The user asked to echo"), "the summary is not shown as an answer");
  } finally {
    await mock.close();
    await sandbox.cleanup();
  }
});
