/**
 * Dynamic tools through a real `tern app-server` and the mock Responses API server: a client
 * declares a tool at `thread/start`, the model calls it, the client answers `item/tool/call`,
 * and the answer reaches the model; a client error fails the call without stalling the turn; bad
 * specs are refused at `thread/start`; a resumed thread gets its tools back from `session_meta`;
 * `thread/read` and `thread/resume` rebuild `dynamicToolCall` items after a restart; and the
 * `examples/dynamic_tools` client script does the whole round trip.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { fromFileUrl, join } from "@std/path";
import { spawnStdioServer } from "./support/app_server_process.ts";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox } from "./support/tern_process.ts";
import { LOOKUP_TOOL } from "./support/tool_calls.ts";

const ROOT = fromFileUrl(new URL("..", import.meta.url));
/** The plugin, unless the defaults already load it. */
const LOOKUP = LOOKUP_TOOL;
const IMAGE = "data:image/png;base64,iVBORw0KGgo=";

function text(value: string) {
  return [{ type: "text", text: value, text_elements: [] }];
}

// deno-lint-ignore no-explicit-any
function callOutput(body: any): unknown {
  // deno-lint-ignore no-explicit-any
  return body.input.findLast((i: any) => i.type === "function_call_output")?.output;
}

Deno.test("app-server: the model calls a client's dynamic tool, the client answers, and the content reaches the model", async () => {
  await using mock = await startMockModelServer({
    responses: [
      turnOf(ev.functionCall("call_1", "jira__lookup", { id: "T-1" })),
      turnOf(ev.assistantMessage("m1", "T-1 is open")),
      turnOf(ev.functionCall("call_2", "jira__lookup", { id: "T-2" })),
      turnOf(ev.assistantMessage("m2", "T-2 is closed")),
    ],
  });
  const sandbox = await makeSandbox();
  const options = { config: [`openai_base_url=${JSON.stringify(mock.url)}`] };
  const server = spawnStdioServer(sandbox, options);
  let threadId = "";
  try {
    const { client } = server;
    await client.initialize({ experimentalApi: true });
    threadId = (await client.call("thread/start", { dynamicTools: [LOOKUP] })).thread.id;
    await client.call("turn/start", { threadId, input: text("is T-1 open?") });

    const request = await client.serverRequest("item/tool/call");
    const { turnId, ...params } = request.params;
    assert(turnId);
    assertEquals(params, { threadId, callId: "call_1", namespace: "jira", tool: "lookup", arguments: { id: "T-1" } });
    const started = await client.notification("item/started", (p) => p.item.type === "dynamicToolCall");
    assertEquals(started.params.item, {
      startedAtMs: started.params.startedAtMs,
      completedAtMs: null,
      type: "dynamicToolCall",
      id: "call_1",
      namespace: "jira",
      tool: "lookup",
      arguments: { id: "T-1" },
      status: "inProgress",
      contentItems: null,
      success: null,
      durationMs: null,
    });
    const contentItems = [{ type: "inputText", text: "T-1: open" }, { type: "inputImage", imageUrl: IMAGE }];
    client.respond(request.id!, { contentItems, success: true });

    const completed = await client.notification("item/completed", (p) => p.item.type === "dynamicToolCall");
    assertEquals(
      [completed.params.item.status, completed.params.item.success, completed.params.item.contentItems],
      ["completed", true, contentItems],
    );
    assertEquals(typeof completed.params.item.durationMs, "number");
    assertEquals((await client.notification("turn/completed")).params.turn.status, "completed");

    // deno-lint-ignore no-explicit-any
    const offered = mock.requests[0].body.tools.find((t: any) => t.name === "jira__lookup");
    assertEquals([offered?.type, offered?.parameters], ["function", LOOKUP.inputSchema]);
    assertEquals(callOutput(mock.requests[1].body), [
      { type: "input_text", text: "T-1: open" },
      { type: "input_image", image_url: IMAGE },
    ]);
  } finally {
    await server.stop();
  }

  // A new server resuming the thread gives the model the tool again (from session_meta).
  const again = spawnStdioServer(sandbox, options);
  try {
    const { client } = again;
    await client.initialize({ experimentalApi: true });
    await client.call("thread/resume", { threadId });
    await client.call("turn/start", { threadId, input: text("and T-2?") });
    const request = await client.serverRequest("item/tool/call");
    assertEquals([request.params.tool, request.params.arguments], ["lookup", { id: "T-2" }]);
    client.respond(request.id!, { contentItems: [{ type: "inputText", text: "T-2: closed" }], success: true });
    assertEquals((await client.notification("turn/completed")).params.turn.status, "completed");
    assertEquals(callOutput(mock.requests[3].body), "T-2: closed");
  } finally {
    await again.stop();
    await sandbox.cleanup();
  }
});

Deno.test("app-server: thread/read and thread/resume rebuild dynamicToolCall items after the server restarts", async () => {
  await using mock = await startMockModelServer({
    responses: [
      turnOf(
        ev.functionCall("call_ok", "jira__lookup", { id: "T-1" }),
        ev.functionCall("call_bad", "jira__lookup", { id: "T-404" }),
      ),
      turnOf(ev.assistantMessage("m1", "T-1 is open; T-404 does not exist")),
    ],
  });
  const sandbox = await makeSandbox();
  const options = { config: [`openai_base_url=${JSON.stringify(mock.url)}`] };
  const contentItems = [{ type: "inputText", text: "T-1: open" }, { type: "inputImage", imageUrl: IMAGE }];
  const missing = [{ type: "inputText", text: "no ticket T-404" }];
  let threadId = "";
  // deno-lint-ignore no-explicit-any
  let live: any[] = [];
  const first = spawnStdioServer(sandbox, options);
  try {
    const { client } = first;
    await client.initialize({ experimentalApi: true });
    threadId = (await client.call("thread/start", { dynamicTools: [LOOKUP] })).thread.id;
    await client.call("turn/start", { threadId, input: text("T-1 and T-404?") });
    for (let i = 0; i < 2; i++) {
      const request = await client.serverRequest("item/tool/call");
      const found = request.params.arguments.id === "T-1";
      client.respond(request.id!, { contentItems: found ? contentItems : missing, success: found });
    }
    for (let i = 0; i < 2; i++) {
      const done = await client.notification("item/completed", (p) => p.item.type === "dynamicToolCall");
      live.push(done.params.item);
    }
    assertEquals((await client.notification("turn/completed")).params.turn.status, "completed");
  } finally {
    await first.stop();
  }
  // deno-lint-ignore no-explicit-any
  const byId = (items: any[]) => items.filter((i) => i.type === "dynamicToolCall").sort((a, b) => a.id < b.id ? -1 : 1);
  live = byId(live);
  const base = { type: "dynamicToolCall", namespace: "jira", tool: "lookup" };
  const times = (i: { startedAtMs: unknown; completedAtMs: unknown }) => ({
    startedAtMs: typeof i.startedAtMs,
    completedAtMs: typeof i.completedAtMs,
  });
  assertEquals(live.map((i) => ({ ...i, ...times(i), durationMs: typeof i.durationMs })), [
    {
      ...base,
      id: "call_bad",
      arguments: { id: "T-404" },
      status: "failed",
      contentItems: missing,
      success: false,
      durationMs: "number",
      startedAtMs: "number",
      completedAtMs: "number",
    },
    {
      ...base,
      id: "call_ok",
      arguments: { id: "T-1" },
      status: "completed",
      contentItems,
      success: true,
      durationMs: "number",
      startedAtMs: "number",
      completedAtMs: "number",
    },
  ]);

  const second = spawnStdioServer(sandbox, options);
  try {
    const { client } = second;
    await client.initialize({ experimentalApi: true });
    const read = await client.call("thread/read", { threadId, includeTurns: true });
    assertEquals(byId(read.thread.turns[0].items), live, "thread/read of the stored thread");
    const resumed = await client.call("thread/resume", { threadId });
    assertEquals(byId(resumed.thread.turns[0].items), live, "thread/resume");
  } finally {
    await second.stop();
    await sandbox.cleanup();
  }
});

Deno.test("app-server: a client error fails the dynamic tool call, the model reads why, and the turn completes", async () => {
  await using mock = await startMockModelServer({
    responses: [
      turnOf(ev.functionCall("call_1", "lookup_ticket", { id: "T-9" })),
      turnOf(ev.assistantMessage("m1", "The tracker is down")),
    ],
  });
  const sandbox = await makeSandbox();
  const server = spawnStdioServer(sandbox, {
    config: [`openai_base_url=${JSON.stringify(mock.url)}`],
  });
  try {
    const { client } = server;
    await client.initialize({ experimentalApi: true });
    const spec = { ...LOOKUP, namespace: undefined, name: "lookup_ticket" };
    const { thread } = await client.call("thread/start", { dynamicTools: [spec] });
    await client.call("turn/start", { threadId: thread.id, input: text("look up T-9") });
    const request = await client.serverRequest("item/tool/call");
    client.respondError(request.id!, -32000, "the tracker is down");

    const completed = await client.notification("item/completed", (p) => p.item.type === "dynamicToolCall");
    assertEquals(
      [completed.params.item.status, completed.params.item.success, completed.params.item.contentItems],
      ["failed", false, null],
    );
    assertEquals((await client.notification("turn/completed")).params.turn.status, "completed");
    const output = String(callOutput(mock.requests[1].body));
    assertStringIncludes(output, 'Dynamic tool "lookup_ticket" failed:');
    assertStringIncludes(output, "the tracker is down");
  } finally {
    await server.stop();
    await sandbox.cleanup();
  }
});

Deno.test("app-server: thread/start refuses a bad dynamic tool spec with -32602 naming the field", async () => {
  const sandbox = await makeSandbox();
  const server = spawnStdioServer(sandbox, { config: ['model_provider="scripted"'] });
  try {
    const { client } = server;
    await client.initialize({ experimentalApi: true });
    const badName = await client.request("thread/start", { dynamicTools: [{ ...LOOKUP, name: "look up" }] });
    assertEquals(badName.error, {
      code: -32602,
      message: 'Invalid params for "thread/start" at "dynamicTools.0.name": must be 1-64 characters of [a-zA-Z0-9_-]',
    });
    const badSchema = await client.request("thread/start", {
      dynamicTools: [{ ...LOOKUP, inputSchema: { type: "array" } }],
    });
    assertEquals(badSchema.error?.code, -32602);
    assertStringIncludes(badSchema.error?.message ?? "", '"dynamicTools.0.inputSchema"');
    const taken = await client.request("thread/start", {
      dynamicTools: [{ name: "shell_command", description: "mine", inputSchema: { type: "object" } }],
    });
    assertEquals(taken.error, {
      code: -32602,
      message: 'Invalid params for "thread/start" at "dynamicTools.0.name": "shell_command" is already a tool\'s name',
    });
    assertEquals(await client.call("thread/loaded/list", {}), { data: [], nextCursor: null });
  } finally {
    await server.stop();
    await sandbox.cleanup();
  }
});

Deno.test("examples/dynamic_tools/client.ts registers lookup_ticket and answers the model's call", async () => {
  const sandbox = await makeSandbox();
  try {
    const script = [[{ call: "lookup_ticket", args: { id: "T-1" } }], [{ say: "Found: {{output}}" }]];
    const ternArgs = [
      "-c",
      'model_provider="scripted"',
      "-c",
      `scripted.responses=${JSON.stringify(script)}`,
    ];
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", join(ROOT, "examples/dynamic_tools/client.ts"), ...ternArgs, "what is T-1?"],
      cwd: sandbox.workspace,
      env: sandbox.env,
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assertEquals(out.code, 0, stderr);
    assertStringIncludes(stderr, 'tool call: lookup_ticket {"id":"T-1"}');
    assertEquals(new TextDecoder().decode(out.stdout), "Found: T-1: Login page times out (open, assigned to Ada)\n");
  } finally {
    await sandbox.cleanup();
  }
});
