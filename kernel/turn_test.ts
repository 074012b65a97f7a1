import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { z } from "zod";
import { ModelError } from "./provider.ts";
import { defineTool } from "./tools.ts";
import { ToolRegistry } from "./tool_registry.ts";
import { runTurn } from "./turn.ts";
import { call, completed, fakeProvider, harness, methods, say } from "./testing/_turn_testing.ts";

Deno.test("runTurn() streams an answer: turn/started, user item, agent item with deltas, usage, turn/completed", async () => {
  const provider = fakeProvider([[...say("msg_1", "Hi there friend"), completed]]);
  const { inputs, events, history } = harness(provider);
  const { turn, usage } = await runTurn(inputs);
  assertEquals(methods(events), [
    "turn/started",
    "item/started",
    "item/completed",
    "item/started",
    "item/agentMessage/delta",
    "item/agentMessage/delta",
    "item/agentMessage/delta",
    "item/completed",
    "thread/tokenUsage/updated",
    "turn/completed",
  ]);
  assertEquals(turn.status, "completed");
  assertEquals(turn.items.map((i) => i.type), ["userMessage", "agentMessage"]);
  const agent = turn.items[1];
  assert(agent.type === "agentMessage");
  assertEquals(agent.text, "Hi there friend");
  assertEquals(usage.totalTokens, 15);
  assertEquals(history.map((h) => h.type), ["message", "message"]);
  // The prompt: contributions first, then history; instructions as given.
  const sent = provider.requests[0];
  assertEquals(sent.instructions, "be brief");
  assertEquals(sent.input.map((i) => (i.type === "message" ? i.role : i.type)), ["user", "user"]);
});

Deno.test("runTurn() runs parallel tool calls at the same time and returns outputs in the model's order", async () => {
  let running = 0;
  let maxRunning = 0;
  const tools = new ToolRegistry();
  tools.register(defineTool({
    name: "wait",
    description: "waits",
    parameters: z.object({ ms: z.number(), label: z.string() }),
    async execute({ ms, label }) {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return { output: `done ${label}` };
    },
  }));
  const provider = fakeProvider([
    [
      ...call("c1", "wait", { ms: 60, label: "slow" }, 0),
      ...call("c2", "wait", { ms: 5, label: "fast" }, 1),
      completed,
    ],
    [...say("msg_2", "both done"), completed],
  ]);
  const { inputs } = harness(provider, tools);
  const { turn } = await runTurn(inputs);
  assertEquals(turn.status, "completed");
  assertEquals(maxRunning, 2);
  const outputs = provider.requests[1].input.filter((i) => i.type === "function_call_output");
  assertEquals(outputs.map((o) => o.type === "function_call_output" && o.output), ["done slow", "done fast"]);
});

Deno.test("runTurn() tells the model about an unknown tool and bad arguments, and goes on", async () => {
  const tools = new ToolRegistry();
  tools.register(defineTool({
    name: "add",
    description: "adds",
    parameters: z.object({ a: z.number(), b: z.number() }),
    execute: ({ a, b }) => Promise.resolve({ output: String(a + b) }),
  }));
  const provider = fakeProvider([
    [...call("c1", "nope", {}, 0), ...call("c2", "add", { a: "one" }, 1), completed],
    [...say("msg_2", "sorry"), completed],
  ]);
  const { inputs } = harness(provider, tools);
  const { turn } = await runTurn(inputs);
  assertEquals(turn.status, "completed");
  const outputs = provider.requests[1].input.filter((i) => i.type === "function_call_output")
    .map((o) => (o.type === "function_call_output" ? String(o.output) : ""));
  assertStringIncludes(outputs[0], 'tool "nope" does not exist');
  assertStringIncludes(outputs[1], 'invalid arguments for "add"');
  assertStringIncludes(outputs[1], "a:");
});

Deno.test("runTurn() interrupted mid-tool ends 'interrupted' and still answers the call in history", async () => {
  const tools = new ToolRegistry();
  tools.register(defineTool({
    name: "hang",
    description: "waits for the signal",
    parameters: z.object({}),
    execute: (_args, ctx) =>
      new Promise((resolve) =>
        ctx.signal.addEventListener("abort", () => resolve({ output: "aborted", success: false }))
      ),
  }));
  const provider = fakeProvider([[...call("c1", "hang", {}), completed]]);
  const { inputs, history, abort, events } = harness(provider, tools);
  const running = runTurn(inputs);
  setTimeout(() => abort.abort(), 20);
  const { turn } = await running;
  assertEquals(turn.status, "interrupted");
  assertEquals(provider.requests.length, 1, "no new sampling request after an interrupt");
  assertEquals(history.at(-1), { type: "function_call_output", call_id: "c1", output: "aborted" });
  assertEquals(events.at(-1)?.method, "turn/completed");
});

Deno.test("runTurn() fails the turn with the model error and emits an error notification", async () => {
  const provider = fakeProvider([
    new ModelError("Model request failed after 5 attempts: HTTP 503", {
      info: { responseTooManyFailedAttempts: { httpStatusCode: 503 } },
      attempts: 5,
    }),
  ]);
  const { inputs, events } = harness(provider);
  const { turn } = await runTurn(inputs);
  assertEquals(turn.status, "failed");
  assertStringIncludes(turn.error?.message ?? "", "after 5 attempts");
  const error = events.find((e) => e.method === "error");
  assert(error?.method === "error");
  assertEquals(error.params.willRetry, false);
  assertEquals(error.params.error.codexErrorInfo, { responseTooManyFailedAttempts: { httpStatusCode: 503 } });
});

Deno.test("runTurn() fails when the stream ends before the response is completed, closing open items", async () => {
  const provider = fakeProvider([say("msg_1", "half an answ").slice(0, 3)]);
  const { inputs, events } = harness(provider);
  const { turn } = await runTurn(inputs);
  assertEquals(turn.status, "failed");
  assertStringIncludes(turn.error?.message ?? "", "ended before the response was completed");
  const completedItems = events.filter((e) => e.method === "item/completed").map((e) => e.params);
  assertEquals(completedItems.length, 2, "the partial agent message is completed with what it had");
});

Deno.test("runTurn() reports a retry as an error notification with willRetry", async () => {
  const provider = fakeProvider([[
    { type: "retrying", attempt: 1, maxAttempts: 4, delayMs: 10, message: "HTTP 429" },
    ...say("msg_1", "ok"),
    completed,
  ]]);
  const { inputs, events } = harness(provider);
  await runTurn(inputs);
  const retry = events.find((e) => e.method === "error");
  assert(retry?.method === "error");
  assertEquals(retry.params.willRetry, true);
  assertStringIncludes(retry.params.error.message, "attempt 1 of 4");
});

Deno.test("runTurn() takes steered input into history before its next model request", async () => {
  const provider = fakeProvider([[...say("m1", "working"), completed], [...say("m2", "steered"), completed]]);
  const h = harness(provider);
  let calls = 0;
  h.inputs.takeSteered =
    () => (++calls === 2 ? [[{ type: "text", text: "use tabs, not spaces", text_elements: [] }]] : []);
  const { turn } = await runTurn(h.inputs);
  assertEquals(turn.items.map((i) => i.type), ["userMessage", "agentMessage", "userMessage", "agentMessage"]);
  assertEquals(provider.requests.length, 2);
  assertStringIncludes(JSON.stringify(provider.requests[1].input), "use tabs, not spaces");
});

Deno.test("runTurn() asks every context contributor at once, keeps their order, and reports one that fails", async () => {
  const provider = fakeProvider([[...say("msg_1", "ok"), completed]]);
  const { inputs } = harness(provider);
  const warnings: string[] = [];
  inputs.sink.warn = (message) => void warnings.push(message);
  let running = 0;
  let atOnce = 0;
  const slow = (name: string, ms: number) => ({
    name,
    async contribute() {
      atOnce = Math.max(atOnce, ++running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return [{ role: "developer" as const, text: name }];
    },
  });
  inputs.contributors = [
    slow("first", 30),
    {
      name: "broken",
      contribute: () => {
        throw new Error("no docs");
      },
    },
    slow("second", 1),
  ];
  await runTurn(inputs);
  const sent = provider.requests[0].input.flatMap((i) =>
    i.type === "message" ? i.content.map((c) => ("text" in c ? c.text : "")) : []
  );
  assertEquals(sent.slice(0, 2), ["first", "second"]);
  assertEquals(atOnce, 2);
  assertEquals(warnings, ['Context contributor "broken" failed: no docs']);
});
