/**
 * `tern app-server` over stdio driving real turns against the mock Responses API server: the
 * full event order of a shell call and its answer, approvals answered (or failed) by the client
 * with `serverRequest/resolved` and the thread's waiting flag, interrupt, steer, overrides that
 * stick, and a thread read and resumed from its rollout by a new server.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { type AppServerClient, type RpcMessage } from "./support/app_server_client.ts";
import { spawnStdioServer, threadFromStoppedServer, withMockedStdioServer } from "./support/app_server_process.ts";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox } from "./support/tern_process.ts";
import { assertShellCommandLine } from "./support/command_line.ts";

const TURN_FIELDS = ["completedAt", "durationMs", "error", "id", "items", "itemsView", "startedAt", "status"];

function text(value: string) {
  return [{ type: "text", text: value, text_elements: [] }];
}

/** The thread's notifications as `method:itemType`, deltas collapsed, status and usage left out. */
function trace(client: AppServerClient, threadId: string): string[] {
  const out: string[] = [];
  for (const m of client.messages) {
    if (m.method === undefined || m.id !== undefined) continue;
    if ((m.params?.threadId ?? m.params?.thread?.id) !== threadId) continue;
    if (m.method === "thread/tokenUsage/updated" || m.method === "thread/status/changed") continue;
    const entry = m.params.item ? `${m.method}:${m.params.item.type}` : m.method;
    if (entry !== out.at(-1) || !entry.includes("Delta") && !entry.endsWith("/delta")) out.push(entry);
  }
  return out;
}

function indexOf(client: AppServerClient, message: RpcMessage): number {
  return client.messages.indexOf(message);
}

/** Function call outputs the model was sent in request `n`. */
// deno-lint-ignore no-explicit-any
function callOutputs(body: any): string[] {
  // deno-lint-ignore no-explicit-any
  return body.input.filter((i: any) => i.type === "function_call_output").map((i: any) => String(i.output));
}

Deno.test("app-server: a shell call and its answer stream in Codex's order, after the turn/start response", async () => {
  await withMockedStdioServer({
    responses: [
      turnOf(ev.functionCall("call_1", "shell_command", { command: "echo hello-from-shell" })),
      turnOf(ev.assistantMessage("msg_1", "All done", { deltas: ["All ", "done"] })),
    ],
  }, async ({ mock, sandbox, client }) => {
    await client.initialize();
    const startReply = await client.request("thread/start", {});
    const thread = startReply.result.thread;
    assertEquals(startReply.result.cwd, sandbox.workspace);
    assertEquals(startReply.result.sandbox.type, "workspaceWrite");
    const started = await client.notification("thread/started");
    assertEquals(started.params.thread.id, thread.id);
    assert(indexOf(client, startReply) < indexOf(client, started), "thread/started follows the response");

    const turnReply = await client.request("turn/start", { threadId: thread.id, input: text("run it") });
    const turn = turnReply.result.turn;
    assertEquals(Object.keys(turn).sort(), TURN_FIELDS);
    assertEquals([turn.status, turn.error, turn.items], ["inProgress", null, []]);
    const completed = await client.notification("turn/completed");
    const turnStarted = await client.notification("turn/started");
    assert(indexOf(client, turnReply) < indexOf(client, turnStarted), "turn/started follows the response");
    assertEquals(turnStarted.params.turn.id, turn.id);
    assertEquals(completed.params.turn.status, "completed");
    assertEquals(Object.keys(completed.params.turn).filter((k) => k !== "hookRuns").sort(), TURN_FIELDS);
    assertEquals(completed.params.turn.error, null);

    assertEquals(trace(client, thread.id), [
      "thread/started",
      "turn/started",
      "item/started:userMessage",
      "item/completed:userMessage",
      "item/started:commandExecution",
      "item/commandExecution/outputDelta",
      "item/completed:commandExecution",
      "item/started:agentMessage",
      "item/agentMessage/delta",
      "item/completed:agentMessage",
      "turn/completed",
    ]);
    const command = (await client.notification("item/completed", (p) => p.item.type === "commandExecution")).params
      .item;
    assertEquals([command.status, command.exitCode], ["completed", 0]);
    assertStringIncludes(command.aggregatedOutput, "hello-from-shell");
    const deltas = client.messages.filter((m) => m.method === "item/commandExecution/outputDelta")
      .map((m) => m.params.delta).join("");
    assertStringIncludes(deltas, "hello-from-shell");
    assertEquals(
      client.messages.filter((m) => m.method === "item/agentMessage/delta").map((m) => m.params.delta),
      ["All ", "done"],
    );
    assertStringIncludes(callOutputs(mock.requests[1].body).join(), "hello-from-shell");
    await client.notification("thread/status/changed", (p) => p.status.type === "idle");
    const statuses = client.messages.filter((m) => m.method === "thread/status/changed").map((m) => m.params.status);
    assertEquals(statuses, [{ type: "active", activeFlags: [] }, { type: "idle" }]);

    const read = await client.call("thread/read", { threadId: thread.id, includeTurns: true });
    assertEquals(read.thread.turns.length, 1);
    assertEquals(read.thread.turns[0].items.map((i: { type: string }) => i.type), [
      "userMessage",
      "commandExecution",
      "agentMessage",
    ]);
  });
});

Deno.test("app-server: the client approves a command; serverRequest/resolved and the waiting flag frame the request", async () => {
  await withMockedStdioServer({
    responses: [
      turnOf(ev.functionCall("call_ok", "shell_command", { command: "touch src/approved.txt" })),
      turnOf(ev.assistantMessage("msg_1", "Created")),
      turnOf(ev.functionCall("call_err", "shell_command", { command: "touch src/refused.txt" })),
      turnOf(ev.assistantMessage("msg_2", "Could not")),
    ],
    config: ['approval_policy="untrusted"'],
  }, async ({ mock, sandbox, client }) => {
    await Deno.mkdir(join(sandbox.workspace, "src")); // a git workspace's top level takes no new entries under Landlock
    await client.initialize();
    const thread = (await client.call("thread/start", {})).thread;
    await client.call("turn/start", { threadId: thread.id, input: text("make a file") });

    const request = await client.serverRequest("item/commandExecution/requestApproval");
    assertEquals(request.params.threadId, thread.id);
    assertShellCommandLine(request.params.command, "touch src/approved.txt");
    assertEquals(request.params.availableDecisions, undefined, "experimental field left out");
    const itemStarted = await client.notification("item/started", (p) => p.item.type === "commandExecution");
    assert(indexOf(client, itemStarted) < indexOf(client, request), "item/started comes before the request");
    const waiting = await client.notification("thread/status/changed", (p) => p.status.activeFlags?.length > 0);
    assertEquals(waiting.params.status, { type: "active", activeFlags: ["waitingOnApproval"] });
    const read = await client.call("thread/read", { threadId: thread.id });
    assertEquals(read.thread.status, { type: "active", activeFlags: ["waitingOnApproval"] });

    client.respond(request.id!, { decision: "accept" });
    const resolved = await client.notification("serverRequest/resolved");
    assertEquals(resolved.params, { threadId: thread.id, requestId: request.id });
    const item = await client.notification("item/completed", (p) => p.item.type === "commandExecution");
    assert(indexOf(client, resolved) < indexOf(client, item), "serverRequest/resolved comes before item/completed");
    assertEquals(item.params.item.status, "completed");
    await client.notification("turn/completed");
    assert(await Deno.stat(join(sandbox.workspace, "src", "approved.txt")).then(() => true, () => false));

    // A client error reply reaches the tool as the client's error, not as "channel closed".
    await client.call("turn/start", { threadId: thread.id, input: text("another") });
    const second = await client.serverRequest("item/commandExecution/requestApproval");
    client.respondError(second.id!, -32000, "the reviewer is away");
    const declined = await client.notification("item/completed", (p) => p.item.type === "commandExecution");
    assertEquals(declined.params.item.status, "declined");
    await client.notification("turn/completed");
    const output = callOutputs(mock.requests[3].body).join();
    assertStringIncludes(output, "the reviewer is away");
    assertEquals(output.includes("channel closed"), false);
    assertEquals(await Deno.stat(join(sandbox.workspace, "src", "refused.txt")).then(() => true, () => false), false);
  });
});

Deno.test("app-server: turn/interrupt kills the running command and the turn completes interrupted", async () => {
  await withMockedStdioServer({
    responses: [turnOf(ev.functionCall("call_sleep", "shell_command", { command: "sleep 30 && touch late.txt" }))],
  }, async ({ sandbox, client }) => {
    await client.initialize();
    const thread = (await client.call("thread/start", {})).thread;
    const wrong = await client.request("turn/interrupt", { threadId: thread.id, turnId: "nope" });
    assertEquals(wrong.error?.code, -32600);
    const { turn } = await client.call("turn/start", { threadId: thread.id, input: text("wait") });
    await client.notification("item/started", (p) => p.item.type === "commandExecution");
    const began = Date.now();
    assertEquals(await client.call("turn/interrupt", { threadId: thread.id, turnId: turn.id }), {});
    const completed = await client.notification("turn/completed");
    assertEquals(completed.params.turn.status, "interrupted");
    assert(Date.now() - began < 5000, "the command was killed, not awaited");
    const item = await client.notification("item/completed", (p) => p.item.type === "commandExecution");
    assertEquals(item.params.item.status, "failed");
    await new Promise((r) => setTimeout(r, 200));
    assertEquals(await Deno.stat(join(sandbox.workspace, "late.txt")).then(() => true, () => false), false);
  });
});

Deno.test("app-server: turn/steer adds input to the running turn; a wrong expectedTurnId is refused", async () => {
  await withMockedStdioServer({
    responses: [
      turnOf(ev.functionCall("call_sleep", "shell_command", { command: "sleep 1" })),
      turnOf(ev.assistantMessage("msg_1", "Steered")),
    ],
  }, async ({ mock, client }) => {
    await client.initialize();
    const thread = (await client.call("thread/start", {})).thread;
    const idle = await client.request("turn/steer", { threadId: thread.id, input: text("x"), expectedTurnId: "t" });
    assertEquals(idle.error?.code, -32600);
    const { turn } = await client.call("turn/start", { threadId: thread.id, input: text("first") });
    await client.notification("item/started", (p) => p.item.type === "commandExecution");
    const wrong = await client.request("turn/steer", { threadId: thread.id, input: text("x"), expectedTurnId: "t" });
    assertEquals(wrong.error?.code, -32600);
    assertStringIncludes(wrong.error!.message, turn.id);
    const steered = await client.call("turn/steer", {
      threadId: thread.id,
      input: text("also do this"),
      expectedTurnId: turn.id,
    });
    assertEquals(steered, { turnId: turn.id });
    await client.notification("turn/completed");
    const users = client.messages.filter((m) => m.method === "item/completed" && m.params.item.type === "userMessage")
      .map((m) => m.params.item.content[0].text);
    assertEquals(users, ["first", "also do this"]);
    assertStringIncludes(JSON.stringify(mock.requests[1].body.input), "also do this");
  });
});

Deno.test("app-server: turn overrides stick for later turns; outputSchema holds for its turn only", async () => {
  await withMockedStdioServer({
    responses: [turnOf(ev.assistantMessage("m1", '{"n":1}')), turnOf(ev.assistantMessage("m2", "plain"))],
  }, async ({ mock, client }) => {
    await client.initialize();
    const thread = (await client.call("thread/start", { config: { model_reasoning_effort: "high" } })).thread;
    const schema = {
      type: "object",
      properties: { n: { type: "number" } },
      required: ["n"],
      additionalProperties: false,
    };
    await client.call("turn/start", {
      threadId: thread.id,
      input: text("count"),
      model: "other-model",
      outputSchema: schema,
    });
    await client.notification("turn/completed");
    await client.call("turn/start", { threadId: thread.id, input: text("again") });
    await client.notification("turn/completed");
    const [first, second] = mock.requests.map((r) => r.body);
    assertEquals([first.model, second.model], ["other-model", "other-model"]);
    assertEquals(first.text?.format?.schema, schema);
    assertEquals(second.text?.format, undefined);
    assertEquals(first.reasoning?.effort, "high");
  });
});

Deno.test("app-server: a new server reads and resumes a stored thread with its turns; model/list and config/read answer", async () => {
  const mock = await startMockModelServer({
    responses: [turnOf(ev.assistantMessage("m1", "first answer")), turnOf(ev.assistantMessage("m2", "second"))],
  });
  const sandbox = await makeSandbox();
  const config = [`openai_base_url=${JSON.stringify(mock.url)}`, 'model="mock-model"'];
  const threadId = await threadFromStoppedServer(sandbox, { config }, "hello");
  const second = spawnStdioServer(sandbox, { config });
  try {
    const { client } = second;
    await client.initialize();
    const read = await client.call("thread/read", { threadId, includeTurns: true });
    assertEquals(read.thread.status, { type: "notLoaded" });
    assertEquals(read.thread.preview, "hello");
    assertEquals(read.thread.turns[0].items.map((i: { type: string }) => i.type), ["userMessage", "agentMessage"]);
    const missing = await client.request("thread/read", { threadId: "no-such-thread" });
    assertEquals(missing.error?.code, -32600);

    const resumed = await client.call("thread/resume", { threadId });
    assertEquals(resumed.thread.id, threadId);
    assertEquals(resumed.thread.status, { type: "idle" });
    assertEquals(resumed.thread.turns.length, 1);
    assertEquals(resumed.thread.turns[0].items[1].text, "first answer");
    assertEquals(await client.call("thread/loaded/list", {}), { data: [threadId], nextCursor: null });
    await client.call("turn/start", { threadId, input: text("more") });
    await client.notification("turn/completed");
    assertStringIncludes(JSON.stringify(mock.requests[1].body.input), "first answer");

    const models = await client.call("model/list", {});
    const ids = models.data.map((m: { id: string }) => m.id);
    assertEquals(ids, ["mock-model"]);
    assertEquals(models.data[0].isDefault, true);
    const cfg = await client.call("config/read", { includeLayers: true });
    assertEquals(cfg.config.model, "mock-model");
    assertEquals(cfg.config.approval_policy, "on-request");
    assertEquals(cfg.origins.model.name, { type: "sessionFlags" });
    assert(cfg.layers.length >= 2);
  } finally {
    await second.stop();
    await mock.close();
    await sandbox.cleanup();
  }
});

Deno.test("app-server: on a machine without a sandbox the client gets a configWarning saying what is missing", async () => {
  await withMockedStdioServer({
    responses: [
      turnOf(ev.functionCall("call_1", "shell_command", { command: "echo hi" })),
      turnOf(ev.assistantMessage("msg_1", "Could not run it")),
    ],
    config: ['approval_policy="on-request"'],
    env: { TERN_SANDBOX_BACKEND: "none" },
  }, async ({ client }) => {
    await client.initialize();
    const thread = (await client.call("thread/start", {})).thread;
    await client.call("turn/start", { threadId: thread.id, input: text("say hi") });
    const warning = await client.notification("configWarning");
    assertStringIncludes(warning.params.summary, "No sandbox for shell commands: TERN_SANDBOX_BACKEND=none");
    assertStringIncludes(warning.params.details, "every command needs approval");
    // The command itself asks first, as it must without a sandbox.
    const request = await client.serverRequest("item/commandExecution/requestApproval");
    client.respond(request.id!, { decision: "decline" });
    await client.notification("turn/completed");
  });
});
