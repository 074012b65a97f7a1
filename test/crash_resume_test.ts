/**
 * A Tern killed with SIGKILL mid-turn leaves a thread that resumes whole: the real `tern app-server`
 * runs a completed turn, then a turn that is killed while a shell command runs (or while the model
 * streams its answer); a new server resumes the thread. Every item completed before the kill is
 * there, the killed turn is `interrupted`, the tool call that never got its output is answered
 * "aborted", and the next turn sends the model a history where every call has its output.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { delay } from "../kernel/mod.ts";
import { spawnStdioServer } from "./support/app_server_process.ts";
import type { AppServerClient } from "./support/app_server_client.ts";
import { ev, type MockResponse, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox, type Sandbox } from "./support/tern_process.ts";
import { assertShellCommandLine } from "./support/command_line.ts";

const text = (value: string) => [{ type: "text", text: value, text_elements: [] }];

// deno-lint-ignore no-explicit-any
type Json = any;

/** Each item of a model request's `input`, in short: `user: one`, `call c1`, `output c1` (`: aborted`). */
function historyShape(input: Json[]): string[] {
  return input.filter((item) => item.type !== "reasoning").map((item) => {
    if (item.type === "function_call") return `call ${item.call_id}`;
    if (item.type === "function_call_output") {
      return `output ${item.call_id}${String(item.output).startsWith("aborted") ? ": aborted" : ""}`;
    }
    const words = (item.content ?? []).map((c: Json) => c.text ?? "").join("");
    return `${item.role}: ${words.includes("<environment_context>") ? "<environment_context>" : words}`;
  }).filter((line) => !line.endsWith("<environment_context>") && !line.startsWith("developer:"));
}

/** The items a client saw completed (`item/completed`), by id. */
function completedItems(client: AppServerClient): Map<string, Json> {
  const items = new Map<string, Json>();
  for (const m of client.messages) if (m.method === "item/completed") items.set(m.params.item.id, m.params.item);
  return items;
}

/** What the model was sent before the kill, in every test: turn "one", and turn "two" up to its first call. */
const HISTORY_BEFORE_KILL = ["user: one", "assistant: first answer", "user: two", "call call_done", "output call_done"];

/**
 * Runs turn "one" to its end and turn "two" (a call to `echo done`, then `killedTurn`) until `killed`
 * says so on a server, kills it with SIGKILL, resumes the thread in a new server, and runs turn
 * "three" there. Asserts what holds in every case (the statuses, the items kept); hands back the
 * resumed thread and the model's requests.
 */
async function killAndResume(
  killedTurn: MockResponse,
  killed: (client: AppServerClient, sandbox: Sandbox) => Promise<void>,
) {
  const mock = await startMockModelServer({
    responses: [
      turnOf(ev.assistantMessage("m1", "first answer")),
      turnOf(ev.functionCall("call_done", "shell_command", { command: "echo done" })),
      killedTurn,
      turnOf(ev.assistantMessage("m3", "after the crash")),
    ],
  });
  const sandbox = await makeSandbox();
  const config = [
    `openai_base_url=${JSON.stringify(mock.url)}`,
    'model="mock-model"',
    'sandbox_mode="danger-full-access"',
    'approval_policy="never"',
  ];
  const first = spawnStdioServer(sandbox, { config });
  let second: ReturnType<typeof spawnStdioServer> | undefined;
  try {
    await first.client.initialize();
    const threadId = (await first.client.call("thread/start", {})).thread.id as string;
    await first.client.call("turn/start", { threadId, input: text("one") });
    await first.client.notification("turn/completed");
    await first.client.call("turn/start", { threadId, input: text("two") });
    await killed(first.client, sandbox);
    first.child.kill("SIGKILL");
    assertEquals((await first.child.status).signal, "SIGKILL");
    const before = completedItems(first.client);

    second = spawnStdioServer(sandbox, { config });
    await second.client.initialize();
    const resumed = (await second.client.call("thread/resume", { threadId })).thread;
    await second.client.call("turn/start", { threadId, input: text("three") });
    const after = await second.client.notification("turn/completed");
    assertEquals(resumed.turns.map((t: Json) => t.status), ["completed", "interrupted"]);
    assertKept(resumed, before);
    assertEquals(after.params.turn.status, "completed");
    return { resumed, requests: mock.requests.map((r) => r.body) };
  } finally {
    await first.stop();
    await second?.stop();
    await mock.close();
    await sandbox.cleanup();
  }
}

/** Asserts every item completed before the kill is in the resumed thread, unchanged. */
function assertKept(resumed: Json, before: Map<string, Json>): void {
  const items = new Map<string, Json>(resumed.turns.flatMap((t: Json) => t.items).map((i: Json) => [i.id, i]));
  assert(before.size > 0);
  for (const [id, item] of before) assertEquals(items.get(id), item, `item ${id} after the resume`);
}

Deno.test("a tern killed while a command runs resumes with its completed items, the turn interrupted and the call aborted", async () => {
  const marker = `started-${crypto.randomUUID()}`;
  const { resumed, requests } = await killAndResume(
    turnOf(ev.functionCall("call_hang", "shell_command", {
      command: `echo ${marker} > ${marker}; sleep 60`,
      timeout_ms: 120_000,
    })),
    async (client, sandbox) => {
      const startedFile = join(sandbox.workspace, marker);
      await client.notification("item/started", (p) => p.item.command?.includes(marker));
      for (let waited = 0; !(await exists(startedFile)); waited += 50) {
        assert(waited < 30_000, "the command never started");
        await delay(50);
      }
    },
  );
  const done = resumed.turns[1].items.find((i: Json) => i.type === "commandExecution");
  assertShellCommandLine(done?.command, "echo done");
  assertEquals([done?.aggregatedOutput, done?.status], ["done\n", "completed"]);
  assertEquals(historyShape(requests[3].input), [
    ...HISTORY_BEFORE_KILL,
    "call call_hang",
    "output call_hang: aborted",
    "user: three",
  ]);
  assertStringIncludes(JSON.stringify(requests[3].input), "aborted: the session stopped before this call finished");
});

Deno.test("a tern killed while the model streams resumes with the turn interrupted and no half answer", async () => {
  const { resumed, requests } = await killAndResume(
    { events: [ev.created("r2"), ev.messageAdded("m2"), ev.textDelta("m2", "half an ans")], holdOpen: true },
    async (client) => {
      await client.notification("item/agentMessage/delta", (p) => p.delta === "half an ans");
    },
  );
  assertEquals(JSON.stringify(resumed).includes("half an ans"), false, "the half answer was kept");
  assertEquals(historyShape(requests[3].input), [...HISTORY_BEFORE_KILL, "user: three"]);
});

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}
