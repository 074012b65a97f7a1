/**
 * @module
 * Every message `tern app-server` sends in a broad scripted session, validated against the JSON
 * Schema Codex 0.169 generates (`test/fixtures/codex_schema/`, with ajv): responses against the
 * response type of the method they answer, notifications and server requests against theirs,
 * error replies against JSON-RPC's error object. The session covers threads (start, resume, fork,
 * list, read, name, archive, rollback, loaded list, unsubscribe), turns with messages, reasoning,
 * commands (approved, declined, with no output, interrupted), apply_patch with its approval, MCP
 * and dynamic tool calls, request_user_input, plan updates, the queue in both shapes, a failing
 * turn, compaction, a shell command, file search and bad requests; then every other method in
 * Tern's table that Codex's schema knows is called with what its params require, so methods added
 * later are checked too. Each failure is printed with its method and JSON path.
 */
import { assert, assertEquals } from "@std/assert";
import { join } from "@std/path";
import { ClientRequests, PluginClientRequests } from "../kernel/mod.ts";
import type { AppServerClient, RpcMessage } from "./support/app_server_client.ts";
import { spawnStdioServer } from "./support/app_server_process.ts";
import { CodexSchema, formatReport } from "./support/codex_schema.ts";
import { EVERYTHING_STDIO, preinstallNpx } from "./support/mcp_servers.ts";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox } from "./support/tern_process.ts";
import { databaseQuestionCall, LOOKUP_TOOL, planCall } from "./support/tool_calls.ts";

const text = (value: string) => [{ type: "text", text: value, text_elements: [] }];
const PATCH = "*** Begin Patch\n*** Add File: notes.txt\n+hello\n*** End Patch\n";

/**
 * Answers every server request as it arrives: approvals by `decide` (accept unless it says
 * otherwise), questions, dynamic tool calls and elicitations with a canned answer. Returns a stop
 * function.
 */
function autoAnswer(client: AppServerClient, decide: (request: RpcMessage) => string = () => "accept"): () => void {
  let stopped = false;
  (async () => {
    while (!stopped) {
      let request: RpcMessage;
      try {
        request = await client.waitFor((m) => m.method !== undefined && m.id !== undefined && m.id !== null, {
          timeoutMs: 500,
        });
      } catch (error) {
        if (String(error).includes("connection closed")) return; // the server is gone: nothing more to answer
        continue;
      }
      const answers: Record<string, unknown> = {
        "item/commandExecution/requestApproval": { decision: decide(request) },
        "item/fileChange/requestApproval": { decision: decide(request) },
        "item/tool/requestUserInput": { answers: { db: { answers: ["SQLite"] } } },
        "item/tool/call": { contentItems: [{ type: "inputText", text: "T-1 is open" }], success: true },
        "mcpServer/elicitation/request": { action: "accept", content: {} },
      };
      client.respond(request.id!, answers[request.method!] ?? {});
    }
  })();
  return () => void (stopped = true);
}

/** Resolves when the thread's turn completes; returns the `turn/completed` params. */
// deno-lint-ignore no-explicit-any
async function turnDone(client: AppServerClient, threadId: string): Promise<any> {
  return (await client.notification("turn/completed", (p) => p.threadId === threadId, { timeoutMs: 60_000 })).params;
}

/** Starts a turn and waits for it to end. */
async function turn(client: AppServerClient, threadId: string, prompt: string, overrides: object = {}) {
  await client.call("turn/start", { threadId, input: text(prompt), ...overrides });
  return await turnDone(client, threadId);
}

/**
 * Params for `method` built from what its params type requires: a thread id, or nothing. Null
 * when it requires anything else (the sweep cannot invent it).
 */
function sweepParams(schema: CodexSchema, method: string, threadId: string): object | null {
  const spec = schema.methods.clientRequests.find((m) => m.method === method);
  if (!spec?.params) return {};
  const required: string[] = schema.definition(spec.params)?.required ?? [];
  if (required.some((field) => field !== "threadId")) return null;
  return required.includes("threadId") ? { threadId } : {};
}

/** What a turn's notifications look like in Codex 0.169 beyond what its schema requires (seen from its app-server). */
function assertCodexShapes(messages: RpcMessage[], threadId: string): void {
  const notifications = messages.filter((m) => m.method !== undefined && m.id === undefined);
  assertEquals(notifications.filter((m) => !Number.isInteger((m as { emittedAtMs?: number }).emittedAtMs)), []);
  const ours = notifications.filter((m) => (m.params?.threadId ?? m.params?.thread?.id) === threadId);
  const item = (method: string, id: string) => ours.find((m) => m.method === method && m.params.item?.id === id)!;

  const usage = ours.find((m) => m.method === "thread/tokenUsage/updated")!.params.tokenUsage;
  assertEquals([usage.last.cachedInputTokens, usage.last.cacheWriteInputTokens], [20, 0]);

  // The thread's status changes before turn/completed: idle, or systemError after a failed turn.
  const completions = ours.flatMap((m, i) => m.method === "turn/completed" ? [i] : []);
  for (const at of completions) {
    const before = ours[at - 1];
    const expected = ours[at].params.turn.status === "failed" ? "systemError" : "idle";
    assertEquals([before.method, before.params.status?.type], ["thread/status/changed", expected]);
  }
  // turn/completed carries the final agent message, as a summary.
  const first = ours[completions[0]].params.turn;
  assertEquals([first.itemsView, first.items.map((i: { id: string }) => i.id)], ["summary", ["m1"]]);
  assertEquals(first.items[0].text, "Hello there");

  // Items carry their times; a command without output has null output; a declined one no duration.
  const started = item("item/started", "c1").params;
  assertEquals([started.item.startedAtMs, started.item.completedAtMs], [started.startedAtMs, null]);
  const done = item("item/completed", "c1").params;
  assertEquals([done.item.startedAtMs, done.item.completedAtMs], [started.startedAtMs, done.completedAtMs]);
  assertEquals(item("item/completed", "c2").params.item.aggregatedOutput, null);
  const declined = item("item/completed", "c4").params.item;
  assertEquals([declined.status, declined.durationMs, declined.aggregatedOutput], ["declined", null, null]);

  // Around a declined command's approval: waitingOnApproval, item/started, the request, serverRequest/resolved,
  // item/completed, then the flag cleared.
  const at = (m: RpcMessage) => messages.indexOf(m);
  const request = messages.find((m) =>
    m.method === "item/commandExecution/requestApproval" && m.params.itemId === "c4"
  )!;
  const flagged = (m: RpcMessage) => m.method === "thread/status/changed" && m.params.threadId === threadId;
  const waiting = messages.slice(0, at(request)).findLast((m) => flagged(m) && m.params.status.activeFlags?.length)!;
  const resolved = messages.find((m) => m.method === "serverRequest/resolved" && m.params.requestId === request.id)!;
  const cleared = messages.slice(at(request)).find((m) => flagged(m))!;
  const order = [waiting, item("item/started", "c4"), request, resolved, item("item/completed", "c4"), cleared];
  assertEquals(order.map(at), order.map(at).toSorted((a, b) => a - b), order.map((m) => m.method).join(" → "));
  assertEquals(cleared.params.status, { type: "active", activeFlags: [] });
}

Deno.test("app-server: every message of a broad session matches Codex 0.169's JSON Schema", async () => {
  await preinstallNpx("@modelcontextprotocol/server-everything", ["stdio"]);
  await using mock = await startMockModelServer();
  const sandbox = await makeSandbox();
  await Deno.mkdir(join(sandbox.workspace, "src"));
  await Deno.writeTextFile(join(sandbox.workspace, "src", "main.ts"), "console.log(1);\n");
  await Deno.writeTextFile(
    join(sandbox.ternHome, "config.jsonc"),
    JSON.stringify({ mcpServers: { everything: { ...EVERYTHING_STDIO, enabledTools: ["echo"] } } }),
  );
  const server = spawnStdioServer(sandbox, {
    config: [`openai_base_url=${JSON.stringify(mock.url)}`, 'approval_policy="never"'],
  });
  const { client } = server;
  const stop = autoAnswer(client, (r) => String(r.params?.command ?? "").includes("declined") ? "decline" : "accept");
  try {
    await client.initialize({ experimentalApi: true });
    const threadId = (await client.call("thread/start", { dynamicTools: [LOOKUP_TOOL] })).thread.id as string;

    // Messages, reasoning, token usage.
    mock.enqueue(turnOf(
      { usage: { inputTokens: 120, outputTokens: 30, cachedInputTokens: 20, reasoningOutputTokens: 5 } },
      ev.reasoning("rs_1", ["Thinking about it", "Still thinking"]),
      ev.assistantMessage("m1", "Hello there", { deltas: ["Hello ", "there"] }),
    ));
    await turn(client, threadId, "hello");

    // Commands: with output, with none, approved, declined.
    mock.enqueue(
      turnOf(ev.functionCall("c1", "shell_command", { command: "echo hello-from-shell" })),
      turnOf(ev.functionCall("c2", "shell_command", { command: "true" })),
      turnOf(ev.assistantMessage("m2", "Ran them")),
    );
    await turn(client, threadId, "run commands");
    mock.enqueue(
      turnOf(ev.functionCall("c3", "shell_command", { command: "touch src/approved.txt" })),
      turnOf(ev.functionCall("c4", "shell_command", { command: "touch src/declined.txt" })),
      turnOf(ev.assistantMessage("m3", "One of two")),
    );
    await turn(client, threadId, "ask first", { approvalPolicy: "untrusted" });

    // apply_patch, asked for in a read-only sandbox.
    mock.enqueue(
      turnOf(ev.customToolCall("p1", "apply_patch", PATCH)),
      turnOf(ev.assistantMessage("m4", "Patched")),
    );
    await turn(client, threadId, "patch", { approvalPolicy: "on-request", sandboxPolicy: { type: "readOnly" } });

    // Plan, a question, a dynamic tool and an MCP tool.
    mock.enqueue(
      turnOf(planCall("u1")),
      turnOf(databaseQuestionCall("q1")),
      turnOf(ev.functionCall("d1", "jira__lookup", { id: "T-1" })),
      turnOf(ev.functionCall("e1", "mcp__everything__echo", { message: "ping" })),
      turnOf(ev.assistantMessage("m5", "All tools done")),
    );
    await turn(client, threadId, "use the tools");

    // A failing turn, then one that works again.
    mock.enqueue({ status: 400, body: { error: { message: "bad request body", type: "invalid_request_error" } } });
    const failed = await turn(client, threadId, "this one fails");
    assertEquals(failed.turn.status, "failed");
    mock.enqueue(turnOf(ev.assistantMessage("m6", "Back again")));
    await turn(client, threadId, "recover");

    // Interrupt a running command.
    mock.enqueue(turnOf(ev.functionCall("s1", "shell_command", { command: "sleep 30" })));
    const { turn: running } = await client.call("turn/start", { threadId, input: text("wait") });
    await client.notification("item/started", (p) => p.item.type === "commandExecution" && p.item.id === "s1");
    await client.call("turn/steer", { threadId, expectedTurnId: running.id, input: text("hurry") });
    await client.call("turn/interrupt", { threadId, turnId: running.id });
    await turnDone(client, threadId);

    // The queue, in the reference's shape and in Codex 0.169's.
    mock.enqueue(turnOf(ev.assistantMessage("m7", "Queued one")), turnOf(ev.assistantMessage("m8", "Queued two")));
    await client.call("thread/queue/add", { threadId, turnStartParams: { threadId, input: text("queued one") } });
    await turnDone(client, threadId);
    const added = await client.call("thread/queue/add", {
      threadId,
      clientUserMessageId: "cm-1",
      input: text("queued two"),
    });
    assertEquals(added.queuedSubmission, {
      id: added.queuedTurn.id,
      clientUserMessageId: "cm-1",
      input: text("queued two"),
    });
    await turnDone(client, threadId);
    await client.call("thread/queue/list", { threadId });

    // Compaction, a user shell command.
    mock.enqueue(turnOf(ev.assistantMessage("sum", "SUMMARY: the user said hello")));
    await client.call("thread/compact/start", { threadId });
    await turnDone(client, threadId);
    await client.call("thread/shellCommand", { threadId, command: "echo from-the-user" });
    await turnDone(client, threadId);

    // Threads: read, list, name, fork, resume, rollback, archive, loaded list, unsubscribe.
    await client.call("thread/read", { threadId, includeTurns: true });
    await client.call("thread/name/set", { threadId, name: "Schema session" });
    await client.call("thread/list", {});
    const forked = (await client.call("thread/fork", { threadId })).thread.id;
    await client.call("thread/resume", { threadId });
    await client.call("thread/rollback", { threadId: forked, numTurns: 1 });
    await client.call("thread/loaded/list", {});
    await client.call("thread/unsubscribe", { threadId: forked });
    await client.call("thread/archive", { threadId: forked });
    await client.call("thread/unarchive", { threadId: forked });
    await client.call("model/list", {});
    await client.call("config/read", {});
    await client.call("fuzzyFileSearch", { query: "main", roots: [sandbox.workspace], cancellationToken: null });

    // Bad requests: an unknown method, bad params, an unknown thread, a wrong turn id.
    await client.request("thread/doesNotExist", {});
    await client.request("turn/start", { threadId });
    await client.request("thread/read", { threadId: "00000000-0000-0000-0000-000000000000" });
    await client.request("turn/interrupt", { threadId, turnId: "nope" });

    // Every other method Tern answers that Codex's schema knows, with what its params require; each on a
    // fresh thread, so that one that deletes or closes its thread leaves the others something to act on.
    const schema = new CodexSchema();
    const called = new Set(client.sent.map((m) => m.method));
    const tern = new Set([...Object.keys(ClientRequests), ...Object.keys(PluginClientRequests)]);
    const skipped: string[] = [];
    for (const { method } of schema.methods.clientRequests) {
      if (!tern.has(method) || called.has(method)) continue;
      const fresh = (await client.call("thread/start", {})).thread.id as string;
      const params = sweepParams(schema, method, fresh);
      if (params === null) skipped.push(method);
      else await client.request(method, params);
    }
    if (skipped.length) console.log(`Not swept (their params need more than a thread id): ${skipped.join(", ")}`);
    await new Promise((r) => setTimeout(r, 200)); // notifications that follow the last responses

    assertCodexShapes(client.messages, threadId);
    const report = schema.validateConversation(client.sent, client.messages);
    console.log(formatReport(report));
    const mustSee = [
      "notification item/reasoning/summaryTextDelta",
      "notification item/agentMessage/delta",
      "notification item/commandExecution/outputDelta",
      "notification thread/tokenUsage/updated",
      "notification turn/plan/updated",
      "notification turn/diff/updated",
      "notification thread/status/changed",
      "server request item/commandExecution/requestApproval",
      "server request item/fileChange/requestApproval",
      "server request item/tool/requestUserInput",
      "server request item/tool/call",
      "error reply to thread/doesNotExist",
    ];
    assertEquals(mustSee.filter((what) => !report.seen[what]), [], "the session exercised all of these");
    assert(report.failures.length === 0, `${report.failures.length} of ${report.checked} messages fail (above)`);
  } finally {
    stop();
    await server.stop();
    await sandbox.cleanup();
  }
});
