/**
 * `tern app-server --listen ws://...` with real WebSocket clients: the HTTP surface (health,
 * Origin refused, token), per-connection routing across two connections, subscriptions and
 * global notifications, unsubscribe during a running command (the thread stays loaded until idle), and a pending approval replayed to
 * a resuming connection (and left to it when the first one drops).
 */
import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { spawnWsServer, writeProbePlugin, type WsClient } from "./support/app_server_process.ts";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox, TERN_BIN } from "./support/tern_process.ts";

function text(value: string) {
  return [{ type: "text", text: value, text_elements: [] }];
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test("app-server ws: health endpoints answer, Origin is refused, a non-loopback bind needs a token", async () => {
  const sandbox = await makeSandbox();
  const server = await spawnWsServer(sandbox, { config: ['model_provider="scripted"'] });
  try {
    for (const path of ["/readyz", "/healthz"]) {
      const response = await fetch(server.httpUrl + path);
      assertEquals([response.status, await response.text()], [200, "ok"]);
    }
    const cross = await fetch(server.httpUrl + "/readyz", { headers: { Origin: "https://evil.example" } });
    assertEquals(cross.status, 403);
    await cross.body?.cancel();
    await assertRejects(() => server.connect({ headers: { Origin: "https://evil.example" } }));

    const refused = await new Deno.Command(TERN_BIN, {
      args: ["app-server", "--listen", "ws://0.0.0.0:0"],
      cwd: sandbox.workspace,
      env: sandbox.env,
      clearEnv: true,
      stdin: "null",
    }).output();
    assertEquals(refused.code, 2);
    assertStringIncludes(new TextDecoder().decode(refused.stderr), "needs --ws-token-file");
  } finally {
    await server.stop();
    await sandbox.cleanup();
  }
});

Deno.test("app-server ws: with a token file every connection must present the token", async () => {
  const sandbox = await makeSandbox();
  const tokenFile = join(sandbox.root, "token");
  await Deno.writeTextFile(tokenFile, "s3cret-token\n");
  const server = await spawnWsServer(sandbox, {
    host: "0.0.0.0",
    args: ["--ws-token-file", tokenFile],
    config: ['model_provider="scripted"'],
  });
  try {
    await assertRejects(() => server.connect());
    await assertRejects(() => server.connect({ headers: { Authorization: "Bearer wrong" } }));
    const ok = await server.connect({ headers: { Authorization: "Bearer s3cret-token" } });
    assertEquals((await ok.client.initialize()).platformFamily, "unix");
    await ok.close();
    const health = await fetch(server.httpUrl + "/healthz");
    assertEquals(health.status, 200);
    await health.body?.cancel();
  } finally {
    await server.stop();
    await sandbox.cleanup();
  }
});

Deno.test("app-server ws: two connections are initialized, answered and notified independently", async () => {
  const mock = await startMockModelServer({ responses: [turnOf(ev.assistantMessage("m1", "Hi both"))] });
  const sandbox = await makeSandbox();
  const probe = await writeProbePlugin(sandbox.root);
  const server = await spawnWsServer(sandbox, {
    config: [`openai_base_url=${JSON.stringify(mock.url)}`],
    plugins: [probe],
  });
  const open: WsClient[] = [];
  try {
    const [a, b, c, silent, optOut] = await Promise.all([1, 2, 3, 4, 5].map(() => server.connect()));
    open.push(a, b, c, silent, optOut);
    await a.client.initialize();
    // b is not initialized yet: initialization is per connection.
    assertEquals((await b.client.request("thread/loaded/list", {})).error?.message, "Not initialized");
    await b.client.initialize();
    await c.client.initialize();
    await optOut.client.initialize({ optOutNotificationMethods: ["skills/changed", "item/agentMessage/delta"] });

    const thread = (await a.client.call("thread/start", {})).thread;
    const resumed = await b.client.call("thread/resume", { threadId: thread.id });
    assertEquals(resumed.thread.id, thread.id);
    await optOut.client.call("thread/resume", { threadId: thread.id });

    // The same request id on two connections, different methods: each gets its own answer.
    a.client.send({ id: 7, method: "thread/read", params: { threadId: thread.id } });
    b.client.send({ id: 7, method: "thread/loaded/list", params: {} });
    const [replyA, replyB] = await Promise.all([
      a.client.waitFor((m) => m.id === 7),
      b.client.waitFor((m) => m.id === 7),
    ]);
    assertEquals(replyA.result.thread.id, thread.id);
    assertEquals(replyB.result, { data: [thread.id], nextCursor: null });

    const turnReply = await a.client.request("turn/start", { threadId: thread.id, input: text("hello") });
    for (const peer of [a, b, optOut]) {
      const done = await peer.client.notification("turn/completed");
      assertEquals(done.params.turn.id, turnReply.result.turn.id);
    }
    const agentA = await a.client.notification("item/completed", (p) => p.item.type === "agentMessage");
    const agentB = await b.client.notification("item/completed", (p) => p.item.type === "agentMessage");
    assertEquals([agentA.params.item.text, agentB.params.item.text], ["Hi both", "Hi both"]);
    assertEquals(b.client.messages.filter((m) => m.result?.turn), [], "the turn/start response went only to a");
    assertEquals(optOut.client.notificationMethods().includes("item/agentMessage/delta"), false);
    assert(b.client.notificationMethods().includes("item/agentMessage/delta"));

    // skills/changed goes to every initialized connection that did not opt out of it.
    await c.client.call("probe/emit", { topic: "skills/changed", params: {} });
    await a.client.notification("skills/changed");
    await b.client.notification("skills/changed");
    await c.client.notification("skills/changed");
    assertEquals(c.client.notificationMethods(thread.id), [], "c did not subscribe to the thread");
    await a.client.call("thread/loaded/list", {});
    assertEquals(silent.client.messages, [], "an uninitialized connection gets nothing");
    assertEquals(optOut.client.notificationMethods().includes("skills/changed"), false);
  } finally {
    await Promise.all(open.map((o) => o.close()));
    await server.stop();
    await mock.close();
    await sandbox.cleanup();
  }
});

Deno.test("app-server ws: the last subscriber leaving keeps the thread loaded and its turn running; it unloads once idle", async () => {
  const mock = await startMockModelServer({
    responses: [
      turnOf(ev.functionCall("call_sleep", "shell_command", { command: "sleep 1 && touch src/late.txt" })),
      turnOf(ev.assistantMessage("m1", "done")),
    ],
  });
  const sandbox = await makeSandbox();
  await Deno.mkdir(join(sandbox.workspace, "src")); // a git workspace's top level takes no new entries under Landlock
  const unloadMs = 1500;
  const server = await spawnWsServer(sandbox, {
    config: [`openai_base_url=${JSON.stringify(mock.url)}`, `app-server.threadUnloadDelayMs=${unloadMs}`],
  });
  const a = await server.connect();
  try {
    await a.client.initialize();
    const thread = (await a.client.call("thread/start", {})).thread;
    await a.client.call("turn/start", { threadId: thread.id, input: text("wait") });
    await a.client.notification("item/started", (p) => p.item.type === "commandExecution");
    const reply = await a.client.request("thread/unsubscribe", { threadId: thread.id });
    assertEquals(reply.result, { status: "unsubscribed" });
    assertEquals(await a.client.call("thread/unsubscribe", { threadId: thread.id }), { status: "notSubscribed" });

    // The turn goes on without anyone watching: the command runs to its end, the model answers.
    const deadline = Date.now() + 10_000;
    while (!(await exists(join(sandbox.workspace, "src", "late.txt")))) {
      assert(Date.now() < deadline, "the command ran to its end");
      await new Promise((r) => setTimeout(r, 50));
    }
    while (mock.requests.length < 2) {
      assert(Date.now() < deadline, "the turn went on to its next model request");
      await new Promise((r) => setTimeout(r, 50));
    }
    const idleSince = Date.now();
    assertEquals((await a.client.call("thread/loaded/list", {})).data, [thread.id], "still loaded");
    assertEquals(a.client.notificationMethods(thread.id).includes("turn/completed"), false, "a no longer listens");

    // Idle and unwatched for the unload delay: the thread unloads and every connection hears it.
    const closed = await a.client.notification("thread/closed", (p) => p.threadId === thread.id, { timeoutMs: 15_000 });
    assertEquals(closed.params, { threadId: thread.id });
    assert(Date.now() - idleSince >= unloadMs - 300, "not before the unload delay");
    assertEquals(await a.client.call("thread/loaded/list", {}), { data: [], nextCursor: null });
    assertEquals(await a.client.call("thread/unsubscribe", { threadId: thread.id }), { status: "notLoaded" });

    // The unloaded thread resumes from its rollout, with the turn that finished unwatched.
    const resumed = await a.client.call("thread/resume", { threadId: thread.id });
    assertEquals(resumed.thread.status, { type: "idle" });
    assertEquals(resumed.thread.turns[0].status, "completed");

    // thread/archive of a loaded thread unloads it first.
    await a.client.call("thread/archive", { threadId: thread.id });
    await a.client.notification(
      "thread/status/changed",
      (p) => p.threadId === thread.id && p.status.type === "notLoaded",
    );
    await a.client.notification("thread/archived", (p) => p.threadId === thread.id);
    const order = ["thread/closed", "thread/archived"].map((method) =>
      a.client.messages.findLastIndex((m) => m.method === method && m.params.threadId === thread.id)
    );
    assert(order[0] > a.client.messages.indexOf(closed) && order[0] < order[1], "closed, then archived");
    assertEquals(await a.client.call("thread/loaded/list", {}), { data: [], nextCursor: null });

    // A subscriber arriving during the countdown keeps the thread; its disconnecting starts it again.
    const other = (await a.client.call("thread/start", {})).thread;
    await a.client.call("thread/unsubscribe", { threadId: other.id });
    const b = await server.connect();
    await b.client.initialize();
    await b.client.call("thread/resume", { threadId: other.id });
    await new Promise((r) => setTimeout(r, unloadMs + 500));
    assertEquals((await a.client.call("thread/loaded/list", {})).data, [other.id], "b's resume kept it loaded");
    const left = Date.now();
    await b.close();
    await a.client.notification("thread/closed", (p) => p.threadId === other.id, { timeoutMs: 15_000 });
    assert(Date.now() - left >= unloadMs - 300, "unloaded a delay after b left");
  } finally {
    await a.close();
    await server.stop();
    await mock.close();
    await sandbox.cleanup();
  }
});

Deno.test("app-server ws: a pending approval is replayed to a resuming connection and survives the first one leaving", async () => {
  const mock = await startMockModelServer({
    responses: [
      turnOf(ev.functionCall("call_1", "shell_command", { command: "touch src/approved.txt" })),
      turnOf(ev.assistantMessage("m1", "Done")),
      turnOf(ev.functionCall("call_2", "shell_command", { command: "touch src/orphan.txt" })),
      turnOf(ev.assistantMessage("m2", "Nobody answered")),
    ],
  });
  const sandbox = await makeSandbox();
  await Deno.mkdir(join(sandbox.workspace, "src")); // a git workspace's top level takes no new entries under Landlock
  const server = await spawnWsServer(sandbox, {
    config: [`openai_base_url=${JSON.stringify(mock.url)}`, 'approval_policy="untrusted"'],
  });
  const a = await server.connect();
  const b = await server.connect();
  try {
    await a.client.initialize();
    await b.client.initialize({ experimentalApi: true });
    const thread = (await a.client.call("thread/start", {})).thread;
    await a.client.call("turn/start", { threadId: thread.id, input: text("make it") });
    const original = await a.client.serverRequest("item/commandExecution/requestApproval");

    const resumed = await b.client.call("thread/resume", { threadId: thread.id });
    assertEquals(resumed.thread.status, { type: "active", activeFlags: ["waitingOnApproval"] });
    assertEquals(resumed.thread.turns.at(-1).status, "inProgress");
    const replayed = await b.client.serverRequest("item/commandExecution/requestApproval");
    assertEquals(replayed.id, original.id);
    assertEquals(replayed.params.approvalId, original.params.approvalId);
    assertEquals(replayed.params.availableDecisions, ["accept", "acceptForSession", "decline", "cancel"]);

    await a.close(); // the request stays with b
    b.client.respond(replayed.id!, { decision: "accept" });
    const resolved = await b.client.notification("serverRequest/resolved");
    assertEquals(resolved.params.requestId, original.id);
    const item = await b.client.notification("item/completed", (p) => p.item.type === "commandExecution");
    assertEquals(item.params.item.status, "completed");
    await b.client.notification("turn/completed");
    assert(await exists(join(sandbox.workspace, "src", "approved.txt")));

    // The last connection that could answer leaves: the request fails and the tool hears why.
    await b.client.call("turn/start", { threadId: thread.id, input: text("again") });
    await b.client.serverRequest("item/commandExecution/requestApproval");
    await b.close();
    const deadline = Date.now() + 10_000;
    while (mock.requests.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // deno-lint-ignore no-explicit-any
    const outputs = mock.requests[3].body.input.filter((i: any) => i.type === "function_call_output");
    assertStringIncludes(JSON.stringify(outputs.at(-1)), "disconnected");
    assertEquals(await exists(join(sandbox.workspace, "src", "orphan.txt")), false);
  } finally {
    await a.close();
    await b.close();
    await server.stop();
    await mock.close();
    await sandbox.cleanup();
  }
});
