/**
 * `thread/compact/start` over stdio against the mock Responses API server: the compaction turn's
 * notifications in order, `turn/steer` refused with `activeTurnNotSteerable` while it runs, an
 * interrupted and a failed compaction leaving the history as it was, the next turn's request
 * carrying the summary instead of the old messages, and a new server resuming the compacted
 * history from the rollout.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { type AppServerClient } from "./support/app_server_client.ts";
import { spawnStdioServer, threadFromStoppedServer, withMockedStdioServer } from "./support/app_server_process.ts";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox } from "./support/tern_process.ts";

const SUMMARY_PREFIX = "Summary of the conversation so far (earlier messages were compacted):";

function text(value: string) {
  return [{ type: "text", text: value, text_elements: [] }];
}

/** The thread's notifications after message `from`, as `method:itemType`, without usage and status. */
function trace(client: AppServerClient, threadId: string, from: number): string[] {
  return client.messages.slice(from)
    .filter((m) => m.method !== undefined && m.id === undefined && m.params?.threadId === threadId)
    .filter((m) => m.method !== "thread/tokenUsage/updated" && m.method !== "thread/status/changed")
    .map((m) => (m.params.item ? `${m.method}:${m.params.item.type}` : m.method!));
}

// deno-lint-ignore no-explicit-any
const sent = (body: any) => JSON.stringify(body.input);

Deno.test("app-server: thread/compact/start runs a compaction turn; steer is refused meanwhile; the next turn sends the summary, and resume keeps it", async () => {
  const mock = await startMockModelServer({
    responses: [
      turnOf(ev.assistantMessage("m1", "ANSWER-ONE-DETAILS")),
      { events: [ev.created("resp_hold")], holdOpen: true }, // a compaction that never finishes
      { status: 400, body: { error: { message: "summary refused", type: "invalid_request_error" } } },
      turnOf(ev.assistantMessage("s1", "SUMMARY-TEXT: the user wants OLD-USER-TEXT remembered")),
      turnOf(ev.assistantMessage("m2", "second answer")),
      turnOf(ev.assistantMessage("m3", "after resume")),
    ],
  });
  const sandbox = await makeSandbox();
  const config = [`openai_base_url=${JSON.stringify(mock.url)}`, 'model="mock-model"'];
  const first = spawnStdioServer(sandbox, { config });
  let threadId: string;
  try {
    const { client } = first;
    await client.initialize();
    threadId = (await client.call("thread/start", {})).thread.id;
    await client.call("turn/start", { threadId, input: text("remember OLD-USER-TEXT") });
    await client.notification("turn/started");
    await client.notification("turn/completed");

    // A compaction that hangs: steer is refused, interrupt ends it, the history is untouched.
    assertEquals(await client.call("thread/compact/start", { threadId }), {});
    const hanging = (await client.notification("turn/started")).params.turn.id;
    await client.notification("item/started", (p) => p.item.type === "contextCompaction");
    const steer = await client.request("turn/steer", { threadId, expectedTurnId: hanging, input: text("also this") });
    assertEquals(steer.error?.code, -32600);
    assertEquals(steer.error?.data, { codexErrorInfo: { activeTurnNotSteerable: { turnKind: "compact" } } });
    assertStringIncludes(steer.error?.message ?? "", "compacts the history and takes no input");
    await client.call("turn/interrupt", { threadId, turnId: hanging });
    const interrupted = await client.notification("turn/completed");
    assertEquals(interrupted.params.turn.status, "interrupted");

    // A compaction whose request fails: the turn fails with the error.
    await client.call("thread/compact/start", { threadId });
    const failed = await client.notification("turn/completed");
    assertEquals(failed.params.turn.status, "failed");
    assertStringIncludes(failed.params.turn.error.message, `Cannot compact thread "${threadId}"`);

    // A compaction that works.
    const from = client.messages.length;
    await client.call("thread/compact/start", { threadId });
    const done = await client.notification("turn/completed");
    assertEquals(done.params.turn.status, "completed");
    assertEquals(trace(client, threadId, from), [
      "turn/started",
      "item/started:contextCompaction",
      "item/completed:contextCompaction",
      "turn/completed",
    ]);
    const summaryRequest = mock.requests[3].body;
    assertEquals(summaryRequest.tools, []);
    assertStringIncludes(sent(summaryRequest), "ANSWER-ONE-DETAILS", "the model summarizes the whole history");
    assert(!sent(summaryRequest).includes("also this"), "the refused steer never reached history");

    await client.call("turn/start", { threadId, input: text("what next?") });
    await client.notification("turn/completed");
    const next = sent(mock.requests[4].body);
    assertStringIncludes(next, SUMMARY_PREFIX);
    assertStringIncludes(next, "SUMMARY-TEXT");
    assertStringIncludes(next, "remember OLD-USER-TEXT");
    assert(!next.includes("ANSWER-ONE-DETAILS"), "the old answer is replaced by the summary");

    const read = await client.call("thread/read", { threadId, includeTurns: true });
    assertEquals(read.thread.turns.map((t: { status: string }) => t.status), [
      "completed",
      "interrupted",
      "failed",
      "completed",
      "completed",
    ]);
    assertEquals(read.thread.turns[3].items.map((i: { type: string }) => i.type), ["contextCompaction"]);
  } finally {
    assertEquals((await first.closeStdin()).code, 0);
    await first.stop();
  }

  const second = spawnStdioServer(sandbox, { config });
  try {
    const { client } = second;
    await client.initialize();
    await client.call("thread/resume", { threadId });
    await client.call("turn/start", { threadId, input: text("and now?") });
    await client.notification("turn/completed");
    const resumed = sent(mock.requests[5].body);
    assertStringIncludes(resumed, "SUMMARY-TEXT");
    assertStringIncludes(resumed, "second answer", "what came after the compaction is kept");
    assert(!resumed.includes("ANSWER-ONE-DETAILS"), "resume rebuilds the compacted history");
  } finally {
    await second.stop();
    await mock.close();
    await sandbox.cleanup();
  }
});

Deno.test("app-server: a turn whose previous answer reached model_auto_compact_token_limit compacts before its first request, keeping the new prompt, asking with compact_prompt", async () => {
  const responses = [
    turnOf({ usage: { inputTokens: 60, outputTokens: 10 } }, ev.assistantMessage("m1", "SMALL-ANSWER")),
    turnOf({ usage: { inputTokens: 140, outputTokens: 20 } }, ev.assistantMessage("m2", "BIG-ANSWER-DETAILS")),
    turnOf(ev.assistantMessage("s1", "SUMMARY-OF-CHAT")),
    turnOf({ usage: { inputTokens: 30, outputTokens: 5 } }, ev.assistantMessage("m3", "third answer")),
  ];
  const config = [
    'model="mock-model"',
    "model_auto_compact_token_limit=100",
    'compact_prompt="SUMMARIZE-FOR-THE-NEXT-SHIFT"',
  ];
  await withMockedStdioServer({ responses, config }, async ({ mock, client }) => {
    await client.initialize();
    const threadId = (await client.call("thread/start", {})).thread.id;
    for (const prompt of ["first question", "second question"]) {
      await client.call("turn/start", { threadId, input: text(prompt) });
      await client.notification("turn/completed");
    }
    assertEquals(mock.requests.length, 2, "70 tokens, then 160: no compaction yet (no tool calls)");

    const from = client.messages.length;
    await client.call("turn/start", { threadId, input: text("THIRD-PROMPT") });
    const done = await client.notification("turn/completed");
    assertEquals(done.params.turn.status, "completed");
    assertEquals(trace(client, threadId, from).filter((m) => m.startsWith("item/") && !m.endsWith("/delta")), [
      "item/started:userMessage",
      "item/completed:userMessage",
      "item/started:contextCompaction",
      "item/completed:contextCompaction",
      "item/started:agentMessage",
      "item/completed:agentMessage",
    ]);
    assertStringIncludes(sent(mock.requests[2].body), "BIG-ANSWER-DETAILS", "the summary request sees the history");
    const asked = mock.requests[2].body.input.at(-1);
    assertEquals(asked.role, "user");
    assertEquals(
      JSON.stringify(asked.content),
      JSON.stringify([{ type: "input_text", text: "SUMMARIZE-FOR-THE-NEXT-SHIFT" }]),
    );
    const answered = sent(mock.requests[3].body);
    assertStringIncludes(answered, "SUMMARY-OF-CHAT");
    assertStringIncludes(answered, "THIRD-PROMPT", "the new prompt survives the compaction");
    assert(!answered.includes("BIG-ANSWER-DETAILS"), "the old answer is replaced by the summary");
  });
});

Deno.test("app-server: a resumed thread whose last answer reached model_auto_compact_token_limit compacts before its first request", async () => {
  const mock = await startMockModelServer({
    responses: [
      turnOf({ usage: { inputTokens: 140, outputTokens: 20 } }, ev.assistantMessage("m1", "BIG-ANSWER-DETAILS")),
      turnOf(ev.assistantMessage("s1", "SUMMARY-OF-CHAT")),
      turnOf({ usage: { inputTokens: 30, outputTokens: 5 } }, ev.assistantMessage("m2", "after resume")),
    ],
  });
  const sandbox = await makeSandbox();
  const config = [
    `openai_base_url=${JSON.stringify(mock.url)}`,
    'model="mock-model"',
    "model_auto_compact_token_limit=100",
  ];
  const threadId = await threadFromStoppedServer(sandbox, { config }, "first question");
  const second = spawnStdioServer(sandbox, { config });
  try {
    const { client } = second;
    await client.initialize();
    await client.call("thread/resume", { threadId });
    const from = client.messages.length;
    await client.call("turn/start", { threadId, input: text("AFTER-RESUME") });
    await client.notification("turn/completed");
    assertEquals(
      trace(client, threadId, from).filter((m) => m.includes("contextCompaction")),
      ["item/started:contextCompaction", "item/completed:contextCompaction"],
      "the usage recorded before the restart (160 tokens) is known after it",
    );
    assertStringIncludes(sent(mock.requests[1].body), "BIG-ANSWER-DETAILS", "the summary request sees the history");
    const answered = sent(mock.requests[2].body);
    assertStringIncludes(answered, "SUMMARY-OF-CHAT");
    assertStringIncludes(answered, "AFTER-RESUME");
    assert(!answered.includes("BIG-ANSWER-DETAILS"), "the old answer is replaced by the summary");
  } finally {
    await second.stop();
    await mock.close();
    await sandbox.cleanup();
  }
});
