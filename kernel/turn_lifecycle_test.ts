import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { z } from "zod";
import { requestApproval } from "./requests/approvals.ts";
import { Lifecycle } from "./extensions/lifecycle.ts";
import { EventBus } from "./bus.ts";
import { defineTool } from "./tools.ts";
import { ToolRegistry } from "./tool_registry.ts";
import { runTurn } from "./turn.ts";
import { call, completed, fakeProvider, harness, say } from "./testing/_turn_testing.ts";

const texts = (input: { type: string }[]) => JSON.stringify(input);

Deno.test("runTurn() keeps a prompt blocked at userPromptSubmit out of history and never calls the model", async () => {
  const lifecycle = new Lifecycle();
  lifecycle.on("userPromptSubmit", ({ prompt }) => (prompt.includes("secret") ? { block: "no secrets" } : undefined));
  const provider = fakeProvider([]);
  const h = harness(provider, new ToolRegistry(), new AbortController(), lifecycle);
  h.inputs.input = [{ type: "text", text: "print the secret", text_elements: [] }];
  const { turn } = await runTurn(h.inputs);
  assertEquals(turn.status, "completed");
  assertEquals(turn.items, []);
  assertEquals(h.history, []);
  assertEquals(provider.requests.length, 0);
});

Deno.test("runTurn() adds sessionStart and userPromptSubmit context as developer messages after the prompt", async () => {
  const lifecycle = new Lifecycle();
  lifecycle.on("sessionStart", ({ source }) => ({ context: [`session source ${source}`] }));
  lifecycle.on("userPromptSubmit", () => ({ context: ["the build is red"] }));
  const provider = fakeProvider([[...say("m1", "ok"), completed]]);
  const h = harness(provider, new ToolRegistry(), new AbortController(), lifecycle);
  h.inputs.sessionStart = "startup";
  await runTurn(h.inputs);
  const roles = h.history.map((i) => (i.type === "message" ? `${i.role}:${JSON.stringify(i.content[0])}` : i.type));
  assertStringIncludes(roles[0], "user:");
  assertStringIncludes(roles[1], "developer:");
  assertStringIncludes(roles[1], "session source startup");
  assertStringIncludes(roles[2], "the build is red");
  assertStringIncludes(texts(provider.requests[0].input), "the build is red");
});

Deno.test("runTurn() continues after a stop handler blocks, with a hookPrompt item and <hook_prompt>", async () => {
  const lifecycle = new Lifecycle();
  const seen: boolean[] = [];
  lifecycle.on("stop", ({ stopHookActive, lastAssistantMessage }) => {
    seen.push(stopHookActive);
    return lastAssistantMessage === "done?"
      ? { continueWith: [{ text: "run the tests <first>", hookRunId: "stop:0:x" }] }
      : {};
  });
  const provider = fakeProvider([[...say("m1", "done?"), completed], [...say("m2", "tests pass"), completed]]);
  const h = harness(provider, new ToolRegistry(), new AbortController(), lifecycle);
  const { turn } = await runTurn(h.inputs);
  assertEquals(turn.status, "completed");
  assertEquals(seen, [false, true]);
  assertEquals(turn.items.map((i) => i.type), ["userMessage", "agentMessage", "hookPrompt", "agentMessage"]);
  assertStringIncludes(
    texts(provider.requests[1].input),
    '<hook_prompt hook_run_id=\\"stop:0:x\\">run the tests &lt;first&gt;</hook_prompt>',
  );
});

Deno.test("runTurn() stops continuing at the cap and says so", async () => {
  const lifecycle = new Lifecycle();
  lifecycle.on("stop", () => ({ continueWith: [{ text: "again", hookRunId: "r" }] }));
  const provider = fakeProvider([1, 2, 3].map((n) => [...say(`m${n}`, "hi"), completed]));
  const h = harness(provider, new ToolRegistry(), new AbortController(), lifecycle);
  const { turn } = await runTurn(h.inputs); // harness cap: 2
  assertEquals(turn.status, "completed");
  assertEquals(provider.requests.length, 3);
  const warning = h.events.find((e) => e.method === "warning");
  assert(warning?.method === "warning");
  assertStringIncludes(warning.params.message, "stopped after 2 continuations");
});

Deno.test("tool interceptors rewrite input, add context, replace output and end the turn", async () => {
  const tools = new ToolRegistry();
  const ran: string[] = [];
  tools.register(defineTool({
    name: "echo",
    description: "echo",
    parameters: z.object({ text: z.string() }),
    execute: ({ text }) => (ran.push(text), Promise.resolve({ output: `said ${text}` })),
  }));
  tools.beforeCall((
    c,
  ) => (c.name === "echo" ? { updatedInput: JSON.stringify({ text: "rewritten" }), context: ["pre"] } : undefined));
  tools.beforeCall((c) => (c.input.includes("forbidden") ? { block: "blocked by policy" } : undefined));
  tools.afterCall((_c, result) => ({ result: { output: `${result.output}!` }, context: ["post"], stopTurn: "enough" }));
  const provider = fakeProvider([[...call("c1", "echo", { text: "hello" }), completed]]);
  const h = harness(provider, tools);
  const { turn } = await runTurn(h.inputs);
  assertEquals(ran, ["rewritten"]);
  assertEquals(turn.status, "completed");
  assertEquals(provider.requests.length, 1, "stopTurn ends the turn without sampling again");
  const out = h.history.find((i) => i.type === "function_call_output");
  assertEquals(out, { type: "function_call_output", call_id: "c1", output: "said rewritten!" });
  const dev = h.history.filter((i) => i.type === "message" && i.role === "developer").map((i) => JSON.stringify(i));
  assertEquals(dev.length, 2);
  assertStringIncludes(dev[0], "pre");
  assertStringIncludes(dev[1], "post");
});

Deno.test("permissionRequest handlers decide approvals before the user is asked: any deny wins", async () => {
  const lifecycle = new Lifecycle();
  lifecycle.on("permissionRequest", () => ({ allow: "trusted tool" }));
  lifecycle.on(
    "permissionRequest",
    ({ toolInput }) => (toolInput.includes("rm") ? { deny: "no deleting" } : undefined),
  );
  const tools = new ToolRegistry();
  const decisions: string[] = [];
  tools.register(defineTool({
    name: "run",
    description: "asks first",
    parameters: z.object({ cmd: z.string() }),
    async execute({ cmd }, ctx) {
      const r = await requestApproval(ctx, "item/commandExecution/requestApproval", {
        threadId: ctx.threadId,
        turnId: ctx.turnId,
        itemId: ctx.callId,
        startedAtMs: 0,
        command: cmd,
      });
      decisions.push(`${cmd}:${r.decision}:${r.reason}`);
      return { output: r.decision };
    },
  }));
  const provider = fakeProvider([
    [...call("c1", "run", { cmd: "ls" }, 0), ...call("c2", "run", { cmd: "rm -rf x" }, 1), completed],
    [...say("m", "ok"), completed],
  ]);
  const h = harness(provider, tools, new AbortController(), lifecycle);
  await runTurn(h.inputs);
  assertEquals(decisions.sort(), ["ls:accept:trusted tool", "rm -rf x:decline:no deleting"]);
  assertEquals(h.events.filter((e) => e.method === "serverRequest/resolved").length, 0, "the user was never asked");
});

Deno.test("an interceptor can add approval metadata and choose the acceptForSession key", async () => {
  const tools = new ToolRegistry();
  tools.register(defineTool({
    name: "run",
    description: "asks first",
    parameters: z.object({ cmd: z.string() }),
    async execute({ cmd }, ctx) {
      const r = await requestApproval(ctx, "item/commandExecution/requestApproval", {
        threadId: ctx.threadId,
        turnId: ctx.turnId,
        itemId: ctx.callId,
        startedAtMs: 0,
        command: cmd,
      }, { cacheKey: `cmd:${cmd}` });
      return { output: r.decision };
    },
  }));
  tools.beforeCall((c) =>
    c.input.includes("scripts/")
      ? { approval: { metadata: { skillMetadata: { pathToSkillsMd: "/s/SKILL.md" } }, cacheKey: "skill:/s" } }
      : undefined
  );
  const bus = new EventBus();
  const asked: unknown[] = [];
  bus.attachResponder((req) => (asked.push(req.params), Promise.resolve({ decision: "acceptForSession" })));
  const provider = fakeProvider([
    [...call("c1", "run", { cmd: "scripts/a.sh one" }), completed],
    [...call("c2", "run", { cmd: "scripts/a.sh two" }), completed],
    [...say("m", "ok"), completed],
  ]);
  const h = harness(provider, tools);
  h.inputs.request = bus.request.bind(bus);
  await runTurn(h.inputs);
  assertEquals(asked.length, 1, "the second call is covered by the session key");
  assertEquals((asked[0] as { skillMetadata: unknown }).skillMetadata, { pathToSkillsMd: "/s/SKILL.md" });
});
