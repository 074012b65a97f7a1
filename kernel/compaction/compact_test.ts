import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { z } from "zod";
import { EventBus } from "../bus.ts";
import { Lifecycle } from "../extensions/lifecycle.ts";
import type { RolloutRecord } from "../store/thread_store.ts";
import { Thread } from "../thread.ts";
import { ModelError, type ModelEvent } from "../provider.ts";
import type { ResponseItem } from "../protocol/model.ts";
import { defineTool } from "../tools.ts";
import { ToolRegistry } from "../tool_registry.ts";
import { runTurn } from "../turn.ts";
import { COMPACT_PROMPT, replacementHistory, SUMMARY_PREFIX, USER_TEXT_BUDGET } from "./compact.ts";
import { textMessage } from "../history/messages.ts";
import { call, completed, fakeProvider, harness, methods, say } from "../testing/_turn_testing.ts";

const usage = (totalTokens: number): ModelEvent => ({
  type: "completed",
  usage: { inputTokens: totalTokens - 5, cachedInputTokens: 0, outputTokens: 5, reasoningOutputTokens: 0, totalTokens },
});

/** `role: text` lines of a history. */
const lines = (history: readonly ResponseItem[]) =>
  history.map((i) =>
    i.type === "message" ? `${i.role}: ${i.content.map((c) => "text" in c ? c.text : "").join("")}` : i.type
  );

const OLD: ResponseItem[] = [
  textMessage("user", "fix the login bug"),
  textMessage("developer", "hook context"),
  { type: "function_call", name: "shell", arguments: "{}", call_id: "c0" },
  { type: "function_call_output", call_id: "c0", output: "a very long log" },
  { type: "message", role: "assistant", content: [{ type: "output_text", text: "fixed in auth.ts" }] },
  textMessage("user", "now add a test"),
];

function echoTools(): ToolRegistry {
  const tools = new ToolRegistry();
  tools.register(defineTool({
    name: "echo",
    description: "echoes",
    parameters: z.object({ text: z.string() }),
    execute: ({ text }) => Promise.resolve({ output: text }),
  }));
  return tools;
}

Deno.test("runTurn() of kind compact summarizes the history and replaces it with recent user messages and the summary", async () => {
  const provider = fakeProvider([[...say("s1", "Goal: fix login. Next: add a test."), completed]]);
  const h = harness(provider);
  h.history.push(...OLD);
  h.inputs.kind = "compact";
  const { turn, usage: used } = await runTurn(h.inputs);
  assertEquals(turn.status, "completed");
  assertEquals(methods(h.events), [
    "turn/started",
    "item/started",
    "thread/tokenUsage/updated",
    "item/completed",
    "turn/completed",
  ]);
  assertEquals(turn.items.map((i) => i.type), ["contextCompaction"]);
  assertEquals(used.totalTokens, 15);
  const sent = provider.requests[0];
  assertEquals(sent.tools, []);
  assertEquals(sent.input.slice(0, OLD.length), OLD, "the whole history, without context contributions");
  assertEquals(lines(sent.input.slice(OLD.length)), [`user: ${COMPACT_PROMPT}`]);
  assertEquals(lines(h.history), [
    "user: fix the login bug",
    "user: now add a test",
    `user: ${SUMMARY_PREFIX}\nGoal: fix login. Next: add a test.`,
  ]);
});

Deno.test("replacementHistory() keeps the newest user text within the budget, cutting the oldest kept message", () => {
  const big = "x".repeat(USER_TEXT_BUDGET - 10);
  const history = [
    textMessage("user", "the oldest request"),
    textMessage("user", "0123456789abcdefghij"),
    textMessage("user", `${SUMMARY_PREFIX}\nan earlier summary`),
    textMessage("user", '<hook_prompt hook_run_id="stop:0">run the tests</hook_prompt>'),
    textMessage("user", big),
  ];
  const out = lines(replacementHistory(history, "new summary"));
  assertEquals(out.length, 3);
  assert(out[0].startsWith("user: 0123456789\n[... the rest of this message was cut"), out[0]);
  assertEquals(out[1], `user: ${big}`);
  assertEquals(out[2], `user: ${SUMMARY_PREFIX}\nnew summary`);
});

Deno.test("runTurn() compacts mid-turn when a response reaches autoCompactTokenLimit, then goes on from the summary", async () => {
  const provider = fakeProvider([
    [...call("c1", "echo", { text: "tool said hi" }), usage(120)],
    [...say("s1", "summary of the work"), completed],
    [...say("m2", "all done"), usage(40)],
  ]);
  const h = harness(provider, echoTools());
  h.history.push(...OLD);
  h.inputs.autoCompactTokenLimit = 100;
  const { turn } = await runTurn(h.inputs);
  assertEquals(turn.status, "completed");
  // The echo tool makes no item of its own: dispatch shows its call as a dynamicToolCall.
  assertEquals(turn.items.map((i) => i.type), ["userMessage", "dynamicToolCall", "contextCompaction", "agentMessage"]);
  assertEquals(provider.requests.length, 3);
  assertStringIncludes(
    JSON.stringify(provider.requests[1].input),
    "tool said hi",
    "the summary request sees the output",
  );
  const next = lines(provider.requests[2].input).slice(1); // after the contributor's AGENTS.md
  assertEquals(next, [
    "user: fix the login bug",
    "user: now add a test",
    "user: hello",
    `user: ${SUMMARY_PREFIX}\nsummary of the work`,
  ]);
});

Deno.test("runTurn() does not compact below the limit, nor when the model answers without tool calls", async () => {
  const provider = fakeProvider([
    [...call("c1", "echo", { text: "hi" }), usage(99)],
    [...say("m2", "done"), usage(500)],
  ]);
  const h = harness(provider, echoTools());
  h.inputs.autoCompactTokenLimit = 100;
  const { turn } = await runTurn(h.inputs);
  assertEquals(turn.items.map((i) => i.type), ["userMessage", "dynamicToolCall", "agentMessage"]);
  assertEquals(provider.requests.length, 2);
});

Deno.test("a failed summary leaves the history unchanged: a manual compaction fails the turn", async () => {
  const provider = fakeProvider([
    new ModelError("Model request failed after 3 attempts: HTTP 500", {
      info: { responseTooManyFailedAttempts: { httpStatusCode: 500 } },
      attempts: 3,
    }),
  ]);
  const h = harness(provider);
  h.history.push(...OLD);
  h.inputs.kind = "compact";
  const { turn } = await runTurn(h.inputs);
  assertEquals(turn.status, "failed");
  assertEquals(
    turn.error?.message,
    'Cannot compact thread "thread-1": Model request failed after 3 attempts: HTTP 500',
  );
  assertEquals(turn.error?.codexErrorInfo, { responseTooManyFailedAttempts: { httpStatusCode: 500 } });
  assertEquals(h.history, OLD);
  assertEquals(turn.items, [], "the compaction item is not completed");
  assert(h.events.some((e) => e.method === "error"));
});

Deno.test("a failed automatic compaction warns and the turn goes on with the whole history, compacting no more", async () => {
  const provider = fakeProvider([
    [...call("c1", "echo", { text: "first" }), usage(150)],
    [...say("s1", "half a summ").slice(0, 2)], // the stream breaks off
    [...call("c2", "echo", { text: "second" }), usage(200)],
    [...say("m2", "done"), completed],
  ]);
  const h = harness(provider, echoTools());
  h.inputs.autoCompactTokenLimit = 100;
  const { turn } = await runTurn(h.inputs);
  assertEquals(turn.status, "completed");
  assertEquals(provider.requests.length, 4, "one summary request, not one per response");
  const warning = h.events.find((e) => e.method === "warning");
  assert(warning?.method === "warning");
  assertStringIncludes(warning.params.message, 'Cannot compact thread "thread-1": the model stream ended');
  assertStringIncludes(warning.params.message, "the turn goes on with the whole history");
  const last = JSON.stringify(provider.requests[3].input);
  assertStringIncludes(last, '"first"');
  assertStringIncludes(last, '"second"');
  assert(!last.includes(SUMMARY_PREFIX));
});

Deno.test("a preCompact stop cancels the compaction; a postCompact stop ends an automatic one's turn", async () => {
  const cancel = new Lifecycle();
  const triggers: string[] = [];
  cancel.on("preCompact", ({ trigger }) => (triggers.push(trigger), { stop: "not now" }));
  const h = harness(fakeProvider([]), new ToolRegistry(), new AbortController(), cancel);
  h.history.push(...OLD);
  h.inputs.kind = "compact";
  const manual = await runTurn(h.inputs);
  assertEquals([manual.turn.status, manual.turn.items, h.history], ["completed", [], OLD]);
  assertEquals(triggers, ["manual"]);

  const stopAfter = new Lifecycle();
  stopAfter.on("postCompact", ({ trigger }) => (triggers.push(`post ${trigger}`), { stop: "enough" }));
  const provider = fakeProvider([
    [...call("c1", "echo", { text: "hi" }), usage(150)],
    [...say("s1", "the summary"), completed],
  ]);
  const auto = harness(provider, echoTools(), new AbortController(), stopAfter);
  auto.inputs.autoCompactTokenLimit = 100;
  const { turn } = await runTurn(auto.inputs);
  assertEquals(turn.status, "completed");
  assertEquals(turn.items.map((i) => i.type), ["userMessage", "dynamicToolCall", "contextCompaction"]);
  assertEquals(provider.requests.length, 2, "no request after the compaction");
  assertEquals(triggers, ["manual", "post auto"]);
});

Deno.test("automatic compaction stops for the turn when the compacted history is still over the limit", async () => {
  const provider = fakeProvider([
    [...call("c1", "echo", { text: "a" }), usage(150)],
    [...say("s1", "summary"), completed],
    [...call("c2", "echo", { text: "b" }), usage(150)],
    [...say("m", "done"), completed],
  ]);
  const h = harness(provider, echoTools());
  h.inputs.autoCompactTokenLimit = 100;
  const { turn } = await runTurn(h.inputs);
  assertEquals(turn.items.filter((i) => i.type === "contextCompaction").length, 1);
  const warning = h.events.find((e) => e.method === "warning");
  assert(warning?.method === "warning");
  assertStringIncludes(warning.params.message, "still 150 tokens after compaction");
});

Deno.test("Thread.restore() rebuilds a compacted history, skips a compacted record without one, and rollback keeps the summary", () => {
  const lifecycle = new Lifecycle();
  const deps = {
    bus: new EventBus(),
    tools: new ToolRegistry(),
    contributors: () => [],
    provider: () => fakeProvider([]),
    store: null,
    warn: () => {},
    debug: () => {},
    sandboxOptions: {},
    lifecycle,
    maxContinuations: 0,
  };
  const meta = {
    id: "t1",
    timestamp: "2025-01-01T00:00:00.000Z",
    cwd: "/tmp",
    originator: "test",
    cliVersion: "0",
    source: "exec" as const,
    modelProvider: "fake",
    model: "m",
  };
  const settings = {
    cwd: "/tmp",
    model: "m",
    modelProvider: "fake",
    approvalPolicy: "never" as const,
    sandboxMode: "read-only" as const,
    instructions: "",
  };
  const context = (turnId: string): RolloutRecord[] => [{
    type: "turn_context",
    payload: { turnId, cwd: "/tmp", model: "m", approvalPolicy: "never", sandboxMode: "read-only" },
  }, {
    type: "event",
    payload: {
      method: "turn/started",
      params: {
        threadId: "t1",
        turn: {
          id: turnId,
          items: [],
          itemsView: "full",
          status: "completed",
          error: null,
          startedAt: null,
          completedAt: null,
          durationMs: null,
        },
      },
    },
  }];
  const replacement = replacementHistory(OLD, "the summary");
  const records: RolloutRecord[] = [
    ...context("turn-1"),
    ...OLD.map((payload) => ({ type: "response_item" as const, payload })),
    { type: "compacted", payload: { message: "the summary", replacementHistory: replacement } },
    { type: "compacted", payload: { message: "torn" } } as unknown as RolloutRecord,
    ...context("turn-2"),
    { type: "response_item", payload: textMessage("user", "after") },
  ];
  const thread = new Thread(deps, meta, settings);
  const warnings = thread.restore({ meta, records, path: null, warnings: [] });
  assertEquals(lines(thread.history), [...lines(replacement), "user: after"]);
  assertEquals(warnings, ['Skipped a compacted record of thread "t1": it carries no replacement history']);
  thread.rollback(1);
  assertEquals(lines(thread.history), lines(replacement), "rolling back the later turn keeps the compacted history");
});
