/**
 * `tern app-server` queued turns (`thread/queue/*`, experimental) against the mock model: an idle
 * thread starts a queued turn at once, a busy one keeps it (listed, paged, reordered, deleted)
 * until its turn ends, queued turns stay separate turns, a just-answered `turn/start` goes first,
 * ephemeral threads refuse, a dispatch a stopped server left behind (or a row it cannot read)
 * comes back `failed` and blocks the queue, and only experimental subscribers hear
 * `thread/queue/changed`. Codex's six `thread_queue.rs` scenarios, plus restart recovery and routing.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import type { TurnStartParams } from "../kernel/mod.ts";
import { IndexedThreadStore } from "../plugins/store/mod.ts";
import { type AppServerClient, type RpcMessage } from "./support/app_server_client.ts";
import {
  spawnStdioServer,
  spawnWsServer,
  type StdioServer,
  withMockedStdioServer,
} from "./support/app_server_process.ts";
import { ev, type MockModelServer, type MockResponse, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox, type Sandbox } from "./support/tern_process.ts";

/** Text input as Codex clients send it. */
function text(value: string) {
  return [{ type: "text", text: value, text_elements: [] }];
}

/** A turn that runs a command needing approval (under `untrusted`), then answers. */
function blockerTurn(callId: string): MockResponse[] {
  return [
    turnOf(ev.functionCall(callId, "shell_command", { command: `touch src/${callId}.txt` })),
    turnOf(ev.assistantMessage(`after_${callId}`, "Command done")),
  ];
}

/** A turn that just answers. */
function answer(id: string): MockResponse {
  return turnOf(ev.assistantMessage(id, `Answer ${id}`));
}

/** What every queue test runs on: the mock model, a sandbox, a server, an experimental client and a thread. */
interface QueueSetup {
  mock: MockModelServer;
  sandbox: Sandbox;
  server: StdioServer;
  client: AppServerClient;
  threadId: string;
  /** Queues a text turn; resolves with the whole response message. */
  add(input: string): Promise<RpcMessage>;
  /** The ids of the visible queued turns. */
  listIds(): Promise<string[]>;
}

/** The config every server of these tests gets (`mock` null: the helper points it at the mock). */
function serverConfig(mock: MockModelServer | null, approvalPolicy: "never" | "untrusted"): string[] {
  const model = mock ? [`openai_base_url=${JSON.stringify(mock.url)}`] : [];
  return [...model, 'model="mock-model"', `approval_policy="${approvalPolicy}"`];
}

/** Runs `fn` against a fresh stdio server and thread, then tears everything down. */
async function withQueueServer(
  options: { approvalPolicy: "never" | "untrusted"; responses: MockResponse[]; ephemeral?: boolean },
  fn: (setup: QueueSetup) => Promise<void>,
): Promise<void> {
  const config = serverConfig(null, options.approvalPolicy);
  await withMockedStdioServer({ responses: options.responses, config }, async ({ mock, sandbox, server, client }) => {
    await Deno.mkdir(join(sandbox.workspace, "src"));
    await client.initialize({ experimentalApi: true });
    const threadId = (await client.call("thread/start", { model: "mock-model", ephemeral: options.ephemeral }))
      .thread.id;
    const add = (input: string) =>
      client.request("thread/queue/add", { threadId, turnStartParams: { threadId, input: text(input) } });
    const listIds = async () =>
      (await client.call("thread/queue/list", { threadId })).data.map((q: { id: string }) => q.id);
    await fn({ mock, sandbox, server, client, threadId, add, listIds });
  });
}

/** The model request bodies as text, for "did this input reach the model". */
function bodies(mock: MockModelServer): string[] {
  return mock.requests.map((request) => JSON.stringify(request.body.input));
}

/** The index of a message in what the client received. */
function at(client: AppServerClient, message: RpcMessage): number {
  return client.messages.indexOf(message);
}

Deno.test("app-server queue: an idle thread starts a queued turn at once, and a later one after it", async () => {
  await withQueueServer(
    { approvalPolicy: "never", responses: [answer("m1"), answer("m2")] },
    async ({ mock, client, threadId, add }) => {
      const reply = await add("queued serialized input");
      const { queuedTurn } = reply.result;
      assertEquals(queuedTurn.status, { type: "pending" });
      assertEquals(queuedTurn.turnStartParams, { threadId, input: text("queued serialized input") });
      const first = await client.notification("thread/queue/changed");
      assertEquals(first.params, { threadId, queuedTurns: [queuedTurn] });
      const claimed = await client.notification("thread/queue/changed");
      assertEquals(claimed.params, { threadId, queuedTurns: [] });
      const started = await client.notification("turn/started");
      await client.notification("turn/completed");
      assert(at(client, reply) < at(client, first), "the response comes before thread/queue/changed");
      assert(at(client, claimed) < at(client, started), "the claim is announced before the turn starts");
      assertEquals(await client.call("thread/queue/list", { threadId }), { data: [], nextCursor: null });

      await add("second queued serialized input");
      await client.notification("turn/completed");
      assertEquals(await client.call("thread/queue/list", { threadId }), { data: [], nextCursor: null });
      assertEquals(mock.requests.length, 2);
      assertStringIncludes(bodies(mock)[0], "queued serialized input");
      assertStringIncludes(bodies(mock)[1], "second queued serialized input", "a later queued turn still drains");
    },
  );
});

Deno.test("app-server queue: thread/queue/add refuses an ephemeral thread and a mismatched threadId", async () => {
  await withQueueServer(
    { approvalPolicy: "never", responses: [], ephemeral: true },
    async ({ client, threadId, add }) => {
      const refused = await add("never queued");
      assertEquals(refused.error?.code, -32600);
      assertEquals(refused.error?.message, `ephemeral thread does not support queued turns: ${threadId}`);
      const mismatch = await client.request("thread/queue/add", {
        threadId,
        turnStartParams: { threadId: "another-thread", input: text("x") },
      });
      assertEquals(mismatch.error?.message, "`threadId` must match `turnStartParams.threadId`");
      const unknown = await client.request("thread/queue/add", {
        threadId: "no-such-thread",
        turnStartParams: { threadId: "no-such-thread", input: text("x") },
      });
      assertEquals(unknown.error, { code: -32600, message: "thread not found: no-such-thread" });
    },
  );
});

Deno.test("app-server queue: a busy thread's queued turns can be listed, paged, reordered and deleted", async () => {
  await withQueueServer(
    { approvalPolicy: "untrusted", responses: blockerTurn("call_block") },
    async ({ mock, client, threadId, add, listIds }) => {
      await client.call("turn/start", { threadId, input: text("run the blocker") });
      const approval = await client.serverRequest("item/commandExecution/requestApproval");
      const first = (await add("first")).result.queuedTurn.id;
      const second = (await add("second")).result.queuedTurn.id;
      assertEquals(await listIds(), [first, second]);

      const page1 = await client.call("thread/queue/list", { threadId, limit: 1 });
      assertEquals([page1.data.map((q: { id: string }) => q.id), page1.nextCursor], [[first], "1"]);
      const page2 = await client.call("thread/queue/list", { threadId, limit: 1, cursor: page1.nextCursor });
      assertEquals([page2.data.map((q: { id: string }) => q.id), page2.nextCursor], [[second], null]);
      const badCursor = await client.request("thread/queue/list", { threadId, cursor: "abc" });
      assertEquals(badCursor.error, { code: -32600, message: "invalid cursor: abc" });

      const reordered = await client.call("thread/queue/reorder", { threadId, queuedTurnIds: [second, first] });
      assertEquals(reordered.queuedTurns.map((q: { id: string }) => q.id), [second, first]);
      const announced = await client.notification("thread/queue/changed", (p) => p.queuedTurns[0]?.id === second);
      assertEquals(announced.params.queuedTurns, reordered.queuedTurns);
      const partial = await client.request("thread/queue/reorder", { threadId, queuedTurnIds: [second] });
      assertEquals(partial.error, {
        code: -32600,
        message: "failed to reorder queued turns: queue reorder must include every visible queued turn exactly once",
      });

      assertEquals(await client.call("thread/queue/delete", { threadId, queuedTurnId: second }), { deleted: true });
      assertEquals(await client.call("thread/queue/delete", { threadId, queuedTurnId: second }), { deleted: false });
      assertEquals(await client.call("thread/queue/delete", { threadId, queuedTurnId: first }), { deleted: true });
      assertEquals(await listIds(), []);
      await client.notification("thread/queue/changed", (p) => p.queuedTurns.length === 0);

      client.respond(approval.id!, { decision: "accept" });
      await client.notification("turn/completed");
      assertEquals(mock.requests.length, 2, "no queued turn ran");
    },
  );
});

Deno.test("app-server queue: queued turns stay serial, each its own turn, after the first one starts", async () => {
  await withQueueServer(
    { approvalPolicy: "untrusted", responses: [...blockerTurn("call_first"), answer("m_second")] },
    async ({ mock, client, add, listIds }) => {
      await add("first queued");
      const approval = await client.serverRequest("item/commandExecution/requestApproval");
      const second = (await add("second queued")).result.queuedTurn.id;
      assertEquals(await listIds(), [second], "the started row left the queue; the second waits");

      client.respond(approval.id!, { decision: "accept" });
      const done = [await client.notification("turn/completed"), await client.notification("turn/completed")];
      assertEquals(await listIds(), []);
      assertEquals(new Set(done.map((m) => m.params.turn.id)).size, 2);
      assertEquals(mock.requests.length, 3);
      assertEquals(bodies(mock)[1].includes("second queued"), false, "the second turn did not steer the first");
      assertStringIncludes(bodies(mock)[2], "second queued");
    },
  );
});

Deno.test("app-server queue: a turn queued right after a turn/start answer waits for that turn", async () => {
  await withQueueServer(
    { approvalPolicy: "untrusted", responses: [...blockerTurn("call_direct"), answer("m_queued")] },
    async ({ mock, client, threadId, add, listIds }) => {
      const direct = client.request("turn/start", { threadId, input: text("direct turn") });
      const queued = add("queued turn after direct");
      const directTurn = (await direct).result.turn;
      const queuedId = (await queued).result.queuedTurn.id;
      assertEquals(await listIds(), [queuedId]);

      const approval = await client.serverRequest("item/commandExecution/requestApproval");
      client.respond(approval.id!, { decision: "accept" });
      const firstDone = await client.notification("turn/completed");
      assertEquals(firstDone.params.turn.id, directTurn.id, "the direct turn ran first");
      await client.notification("turn/completed");
      assertEquals(await listIds(), []);
      assertEquals(mock.requests.length, 3);
      assertStringIncludes(bodies(mock)[2], "queued turn after direct");
    },
  );
});

Deno.test("app-server queue: a turn queued after a direct turn completed starts at once", async () => {
  await withQueueServer(
    { approvalPolicy: "never", responses: [answer("m_direct"), answer("m_queued")] },
    async ({ mock, client, threadId, add, listIds }) => {
      await client.call("turn/start", { threadId, input: text("direct") });
      await client.notification("turn/completed");
      await add("queued turn after completion");
      await client.notification("turn/completed");
      assertEquals(await listIds(), []);
      assertEquals(mock.requests.length, 2);
      assertStringIncludes(bodies(mock)[1], "queued turn after completion");
    },
  );
});

Deno.test("app-server queue: after a restart an interrupted dispatch is failed and blocks until moved; an unreadable row fails", async () => {
  // The first server stops while its turn waits for approval: only the blocker's first request is made.
  const mock = await startMockModelServer({ responses: [blockerTurn("call_before")[0], answer("m_after")] });
  const sandbox = await makeSandbox();
  let threadId = "";
  let interrupted = "";
  let waiting = "";
  const before = spawnStdioServer(sandbox, { config: serverConfig(mock, "untrusted") });
  try {
    await before.client.initialize({ experimentalApi: true });
    threadId = (await before.client.call("thread/start", {})).thread.id;
    await before.client.call("turn/start", { threadId, input: text("keep the thread busy") });
    await before.client.serverRequest("item/commandExecution/requestApproval");
    const add = (input: string) =>
      before.client.call("thread/queue/add", { threadId, turnStartParams: { threadId, input: text(input) } });
    interrupted = (await add("interrupted dispatch")).queuedTurn.id;
    waiting = (await add("after recovery")).queuedTurn.id;
  } finally {
    await before.stop();
  }
  // The server stopped between claiming the head and starting its turn: the row stays claimed.
  const store = new IndexedThreadStore({ ternHome: sandbox.ternHome, warn: () => {} });
  assertEquals((await store.queue.claimHead(threadId))?.id, interrupted);
  store.close();

  const after = spawnStdioServer(sandbox, { config: serverConfig(mock, "never") });
  try {
    const { client } = after;
    await client.initialize({ experimentalApi: true });
    await client.call("thread/resume", { threadId });
    const recovered = await client.notification("thread/queue/changed");
    const failed = { message: "queued turn dispatch was interrupted while app-server restarted" };
    assertEquals(
      recovered.params.queuedTurns.map((q: { id: string; status: unknown }) => [q.id, q.status]),
      [
        [interrupted, { type: "failed", error: { ...failed, codexErrorInfo: null, additionalDetails: null } }],
        [waiting, { type: "pending" }],
      ],
    );
    const listed = await client.call("thread/queue/list", { threadId });
    assertEquals(listed.data, recovered.params.queuedTurns, "the failed head blocks the queue");
    assertEquals(mock.requests.length, 1, "nothing was dispatched");

    await client.call("thread/queue/reorder", { threadId, queuedTurnIds: [waiting, interrupted] });
    await client.notification("turn/completed");
    assertStringIncludes(bodies(mock)[1], "after recovery");
    const left = await client.call("thread/queue/list", { threadId });
    assertEquals(left.data.map((q: { id: string }) => q.id), [interrupted]);
    assertEquals(await client.call("thread/queue/delete", { threadId, queuedTurnId: interrupted }), { deleted: true });
    assertEquals((await client.call("thread/queue/list", { threadId })).data, []);

    // A row this server cannot read (another process wrote it) fails when its turn comes.
    const other = new IndexedThreadStore({ ternHome: sandbox.ternHome, warn: () => {} });
    const unreadable = { threadId, input: "not a list" } as unknown as TurnStartParams;
    const bad = (await other.queue.append(threadId, unreadable)).id;
    other.close();
    await client.call("thread/queue/reorder", { threadId, queuedTurnIds: [bad] });
    const failedRow = (await client.notification("thread/queue/changed", (p) =>
      p.queuedTurns[0]?.id === bad && p.queuedTurns[0].status.type === "failed")).params.queuedTurns[0];
    assertStringIncludes(failedRow.status.error.message, "queued turn payload could not be read: ");
    assertEquals(mock.requests.length, 2);
  } finally {
    await after.stop();
    await mock.close();
    await sandbox.cleanup();
  }
});

Deno.test("app-server queue: only experimental connections subscribed to the thread hear thread/queue/changed", async () => {
  const mock = await startMockModelServer({ responses: [answer("m1")] });
  const sandbox = await makeSandbox();
  const server = await spawnWsServer(sandbox, { config: serverConfig(mock, "never") });
  const owner = await server.connect();
  const plain = await server.connect();
  const bystander = await server.connect();
  try {
    await owner.client.initialize({ experimentalApi: true });
    await plain.client.initialize();
    await bystander.client.initialize({ experimentalApi: true });
    const threadId = (await owner.client.call("thread/start", {})).thread.id;
    await plain.client.call("thread/resume", { threadId });

    const refused = await plain.client.request("thread/queue/list", { threadId });
    assertEquals(refused.error, { code: -32600, message: "thread/queue/list requires experimentalApi capability" });
    await owner.client.call("thread/queue/add", { threadId, turnStartParams: { threadId, input: text("hello") } });
    await owner.client.notification("thread/queue/changed");
    await plain.client.notification("turn/completed");
    // A round trip on each connection: anything sent to it before is in by then.
    await plain.client.call("thread/loaded/list", {});
    assertEquals((await bystander.client.call("thread/queue/list", { threadId })).data, []);
    assertEquals(plain.client.notificationMethods().includes("thread/queue/changed"), false);
    assertEquals(bystander.client.notificationMethods(), []);
  } finally {
    await Promise.all([owner.close(), plain.close(), bystander.close()]);
    await server.stop();
    await mock.close();
    await sandbox.cleanup();
  }
});
