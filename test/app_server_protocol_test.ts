/**
 * `tern app-server` over stdio, at the JSON-RPC level: the initialize handshake and its errors,
 * the experimental gate, every error code, plugin-registered methods, and malformed input (the
 * server answers with an error and keeps serving).
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { spawnStdioServer, writeProbePlugin } from "./support/app_server_process.ts";
import { makeSandbox } from "./support/tern_process.ts";

const SCRIPTED = ['model_provider="scripted"', "scripted.responses=[]"];

Deno.test("app-server: initialize answers once per connection; requests before it get Not initialized", async () => {
  const sandbox = await makeSandbox();
  const server = spawnStdioServer(sandbox, { config: SCRIPTED });
  try {
    const { client } = server;
    const early = await client.request("thread/loaded/list", {});
    assertEquals(early.error, { code: -32600, message: "Not initialized" });

    const init = await client.initialize();
    assertEquals(init.codexHome, sandbox.ternHome);
    assertEquals(init.platformFamily, "unix");
    assertEquals(init.platformOs, Deno.build.os === "darwin" ? "macos" : Deno.build.os);
    assertMatch(init.userAgent, /^tern\/\S+ .* tern-test\/1\.0\.0$/);

    const again = await client.request("initialize", { clientInfo: { name: "x", version: "1" } });
    assertEquals(again.error, { code: -32600, message: "Already initialized" });
    assertEquals(await client.call("thread/loaded/list", {}), { data: [], nextCursor: null });

    const ephemeral = await client.call("thread/start", { ephemeral: true, serviceName: "my_app_server_client" });
    assertEquals([ephemeral.thread.ephemeral, ephemeral.thread.path], [true, null]);
    assertEquals(await client.call("thread/loaded/list", {}), { data: [ephemeral.thread.id], nextCursor: null });
  } finally {
    await server.stop();
    await sandbox.cleanup();
  }
});

Deno.test("app-server: experimental fields are refused without the capability, and accepted with it", async () => {
  const sandbox = await makeSandbox();
  const plain = spawnStdioServer(sandbox, { config: SCRIPTED });
  const experimental = spawnStdioServer(sandbox, { config: SCRIPTED });
  try {
    await plain.client.initialize();
    const tools = [{ name: "lookup", description: "Looks up", inputSchema: { type: "object" } }];
    const refused = await plain.client.request("thread/start", { dynamicTools: tools });
    assertEquals(refused.error, {
      code: -32600,
      message: "thread/start.dynamicTools requires experimentalApi capability",
    });
    const history = await plain.client.request("thread/start", { persistExtendedHistory: true });
    assertEquals(history.error?.message, "thread/start.persistExtendedHistory requires experimentalApi capability");
    // null counts as not set
    const started = await plain.client.call("thread/start", { dynamicTools: null });
    assert(started.thread.id);

    await experimental.client.initialize({ experimentalApi: true });
    const accepted = await experimental.client.call("thread/start", {
      dynamicTools: tools,
      persistExtendedHistory: true,
    });
    assertEquals(accepted.thread.status, { type: "idle" });
  } finally {
    await plain.stop();
    await experimental.stop();
    await sandbox.cleanup();
  }
});

Deno.test("app-server: every error code, for unknown methods, bad params, plugin methods and overload", async () => {
  const sandbox = await makeSandbox();
  const probe = await writeProbePlugin(sandbox.root);
  const server = spawnStdioServer(sandbox, {
    config: [...SCRIPTED, "app-server.maxPendingRequests=2"],
    plugins: [probe],
  });
  try {
    const { client } = server;
    await client.initialize();
    const unknown = await client.request("thread/frobnicate", {});
    assertEquals(unknown.error?.code, -32601);
    assertStringIncludes(unknown.error!.message, '"thread/frobnicate"');

    const badType = await client.request("thread/start", { cwd: 5 });
    assertEquals(badType.error?.code, -32602);
    assertStringIncludes(badType.error!.message, '"cwd"');
    const badNested = await client.request("turn/start", { threadId: "t", input: [{ type: "text", text: 7 }] });
    assertEquals(badNested.error?.code, -32602);
    assertStringIncludes(badNested.error!.message, '"input.0.text"');
    const badEnum = await client.request("thread/start", { approvalPolicy: "sometimes" });
    assertStringIncludes(badEnum.error!.message, '"approvalPolicy"');
    const badConfig = await client.request("thread/start", { config: { approval_policy: "sometimes" } });
    assertEquals(badConfig.error?.code, -32602);
    assertStringIncludes(badConfig.error!.message, '"config.approval_policy"');
    const notLoaded = await client.request("turn/start", { threadId: "no-such-thread", input: [] });
    assertEquals(notLoaded.error?.code, -32600);

    assertEquals(await client.call("probe/echo", { a: 1 }), { echoed: { a: 1 } });
    const typeError = await client.request("probe/typeError", {});
    assertEquals(typeError.error, { code: -32602, message: 'Invalid "name": expected a string' });
    const crash = await client.request("probe/crash", {});
    assertEquals(crash.error?.code, -32603);
    assertStringIncludes(crash.error!.message, "the probe broke");

    // Four requests in one write: two are in flight, the next two are refused.
    await server.write(
      [1, 2, 3, 4].map((n) => JSON.stringify({ id: `slow-${n}`, method: "probe/slow", params: { ms: 300 } }))
        .join("\n") + "\n",
    );
    const replies = await Promise.all(
      [1, 2, 3, 4].map((n) => client.waitFor((m) => m.id === `slow-${n}`)),
    );
    assertEquals(replies.map((r) => r.error?.code ?? "ok"), ["ok", "ok", -32001, -32001]);
    assertEquals(replies[2].error?.message, "Server overloaded; retry later.");
    assertEquals(await client.call("probe/echo", {}), { echoed: {} });
  } finally {
    await server.stop();
    await sandbox.cleanup();
  }
});

Deno.test("app-server: malformed input gets an error reply and the server keeps serving", async () => {
  const sandbox = await makeSandbox();
  const server = spawnStdioServer(sandbox, { config: SCRIPTED });
  try {
    const { client } = server;
    await client.initialize();
    const next = () => client.waitFor((m) => m.id === null);

    await server.write(new Uint8Array([0xff, 0xfe, 0x00, 0x80, 0x7b, 0x0a]));
    assertEquals((await next()).error?.code, -32700);
    client.sendRaw('{"id": 1, "method": ');
    assertEquals((await next()).error?.code, -32700);
    client.sendRaw("[1, 2]");
    assertStringIncludes((await next()).error!.message, "batches are not supported");
    client.sendRaw('"just a string"');
    assertEquals((await next()).error?.code, -32600);
    client.sendRaw('{"id": 1.5, "method": "thread/read"}');
    assertEquals((await next()).error?.code, -32600);
    client.sendRaw('{"id": true, "method": "thread/read"}');
    assertEquals((await next()).error?.code, -32600);
    client.send({ id: "m", method: 5 });
    assertEquals((await client.waitFor((m) => m.id === "m")).error?.code, -32600);
    client.send({ id: "j", jsonrpc: "1.0", method: "thread/loaded/list" });
    assertEquals((await client.waitFor((m) => m.id === "j")).error?.code, -32600);
    client.send({ id: "nothing" });
    assertEquals((await client.waitFor((m) => m.id === "nothing")).error?.code, -32600);

    // A line over the limit (16 MiB) is dropped whole and answered; the next line is served.
    await server.write(`{"id":"huge","method":"probe","params":"${"x".repeat(17 * 1024 * 1024)}"}\n`);
    const huge = await next();
    assertEquals(huge.error?.code, -32600);
    assertStringIncludes(huge.error!.message, "exceeds the limit");

    // Text over Codex's 1 MiB input limit: invalid params with input_too_large.
    const thread = (await client.call("thread/start", {})).thread;
    const tooLong = await client.request("turn/start", {
      threadId: thread.id,
      input: [{ type: "text", text: "y".repeat((1 << 20) + 1) }],
    });
    assertEquals(tooLong.error?.code, -32602);
    assertEquals(tooLong.error?.data, {
      input_error_code: "input_too_large",
      max_chars: 1 << 20,
      actual_chars: (1 << 20) + 1,
    });

    // An answer to a server request nobody sent is ignored; "jsonrpc": "2.0" is accepted.
    client.send({ id: 424242, result: { decision: "accept" } });
    client.send({ jsonrpc: "2.0", id: "after", method: "thread/loaded/list", params: {} });
    const after = await client.waitFor((m) => m.id === "after");
    assertEquals(after.result, { data: [thread.id], nextCursor: null });
    assertEquals(client.messages.filter((m) => m.id === 424242), []);
  } finally {
    await server.stop();
    await sandbox.cleanup();
  }
});
