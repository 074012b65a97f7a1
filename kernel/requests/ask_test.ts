import { assertEquals } from "@std/assert";
import { z } from "zod";
import { askUser } from "./ask.ts";
import { EventBus, type PendingServerRequest } from "../bus.ts";
import type { Notification } from "../protocol/notifications.ts";
import { recordingToolContext } from "../testing/tool_context_testing.ts";
import { tool } from "../tools.ts";
import { ToolRegistry } from "../tool_registry.ts";
import { runTurn } from "../turn.ts";
import { call, completed, fakeProvider, harness, say } from "../testing/_turn_testing.ts";

Deno.test("askUser() sends the questions in the wire's shape and returns the answers by id", async () => {
  const { ctx, events } = recordingToolContext({
    callId: "call-7",
    answer: () => ({ status: "answered", response: { answers: { deploy: { answers: ["yes"] } } } }),
  });
  const answer = await askUser(ctx, { id: "deploy", question: "Deploy now?", options: ["yes", { label: "no" }] });
  assertEquals(answer, { status: "answered", answers: { deploy: ["yes"] }, text: "yes" });
  assertEquals(events, [{
    kind: "request",
    method: "item/tool/requestUserInput",
    params: {
      threadId: "thread-1",
      turnId: "turn-1",
      itemId: "call-7",
      isBlocking: true,
      questions: [{
        id: "deploy",
        header: "",
        question: "Deploy now?",
        isOther: false,
        isSecret: false,
        options: [{ label: "yes", description: "" }, { label: "no", description: "" }],
      }],
    },
  }]);
});

Deno.test("askUser() resolves 'declined' with the reason when no client can answer", async () => {
  const { ctx } = recordingToolContext();
  const answer = await askUser(ctx, "Name?");
  assertEquals(answer, { status: "declined", reason: 'no client is attached to answer "item/tool/requestUserInput"' });
});

Deno.test("in a turn, ctx.ask() reaches the client and ctx.emitProgress() publishes item/tool/progress", async () => {
  const tools = new ToolRegistry();
  tools.register(tool({
    name: "confirm",
    description: "asks",
    parameters: z.object({}),
    async execute(_args, ctx) {
      ctx.emitProgress("asking");
      const answer = await ctx.ask("Proceed?");
      return { output: answer.status === "answered" ? `user said ${answer.text}` : answer.status };
    },
  }));
  const provider = fakeProvider([[...call("c1", "confirm", {}), completed], [...say("m", "ok"), completed]]);
  const h = harness(provider, tools);
  const seen: PendingServerRequest[] = [];
  const bus = new EventBus();
  bus.attachResponder((request) => {
    seen.push(request);
    return Promise.resolve({ answers: { q1: { answers: ["sure"] } } });
  });
  h.inputs.request = bus.request.bind(bus);
  await runTurn(h.inputs);
  assertEquals(seen.map((r) => [r.method, r.threadId]), [["item/tool/requestUserInput", "thread-1"]]);
  const progress = h.events.filter((e): e is Extract<Notification, { method: "item/tool/progress" }> =>
    e.method === "item/tool/progress"
  );
  assertEquals(progress.map((e) => e.params), [{
    threadId: "thread-1",
    turnId: "turn-1",
    itemId: "c1",
    tool: "confirm",
    message: "asking",
  }]);
  const output = h.history.find((i) => i.type === "function_call_output");
  assertEquals(output && "output" in output ? output.output : null, "user said sure");
});
