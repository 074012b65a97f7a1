/**
 * @module
 * The size limits of request fields (`WIRE_LIMITS`, kernel/protocol/limits.ts), against a real
 * `tern app-server`: an oversized or too deeply nested field is refused with `-32602` naming the
 * method and the field, nothing of it is stored, and a `cwd` that is not a directory is refused.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import {
  spawnStdioServer,
  spawnWsServer,
  withMockedStdioServer,
  writeProbePlugin,
} from "./support/app_server_process.ts";
import { makeSandbox } from "./support/tern_process.ts";
import type { AppServerClient } from "./support/app_server_client.ts";

const MB = 1024 * 1024;

/** `{type: "object", properties: {a: ...}}` nested `depth` times. */
function deepSchema(depth: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: "object" };
  for (let i = 0; i < depth; i++) schema = { type: "object", properties: { a: schema } };
  return schema;
}

/** Sends the request and asserts a `-32602` whose message names `method` and `field`. */
async function assertRefused(client: AppServerClient, method: string, params: unknown, field: string, why: string) {
  const reply = await client.request(method, params);
  assertEquals(reply.error?.code, -32602, `${method} ${field}: ${JSON.stringify(reply).slice(0, 300)}`);
  assertStringIncludes(reply.error!.message, `Invalid params for "${method}" at "${field}"`);
  assertStringIncludes(reply.error!.message, why);
}

Deno.test("app-server: oversized and too deeply nested fields get -32602 naming the method and field", async () => {
  await withMockedStdioServer({ responses: [] }, async ({ server, client }) => {
    await client.initialize({ experimentalApi: true });
    const threadId = (await client.call("thread/start", {})).thread.id as string;
    const huge = "x".repeat(10 * MB);

    await assertRefused(client, "thread/start", { cwd: `/${huge}` }, "cwd", "longer than 4096");
    await assertRefused(client, "thread/start", { model: huge }, "model", "longer than 1024");
    await assertRefused(client, "thread/name/set", { threadId, name: huge }, "name", "longer than 1024");
    await assertRefused(client, "thread/list", { searchTerm: "a".repeat(50_000) }, "searchTerm", "longer than 1024");
    await assertRefused(client, "thread/read", { threadId: huge }, "threadId", "longer than 256");
    await assertRefused(
      client,
      "turn/start",
      { threadId, input: [], outputSchema: deepSchema(10_000) },
      "outputSchema",
      "nested deeper than 128",
    );
    const tool = { name: "deep", description: "d", inputSchema: deepSchema(10_000) };
    await assertRefused(
      client,
      "thread/start",
      { dynamicTools: [tool] },
      "dynamicTools.0.inputSchema",
      "nested deeper than 128",
    );
    await assertRefused(
      client,
      "thread/start",
      { config: { model: "m".repeat(2000) } },
      "config.model",
      "longer than 1024",
    );

    // Within the limits, the same fields are served: a 4 KB name, a 1 KB search, 60 nested schemas.
    assertEquals((await client.request("thread/name/set", { threadId, name: "n".repeat(1024) })).error, undefined);
    assertEquals((await client.request("thread/list", { searchTerm: "s".repeat(1024) })).error, undefined);
    const deepOk = { name: "deep_ok", description: "d", inputSchema: deepSchema(60) };
    const started = await client.request("thread/start", { ephemeral: true, dynamicTools: [deepOk] });
    assertEquals(started.error, undefined);

    // Nothing oversized was stored: every thread/list answer stays small.
    const list = await client.request("thread/list", {});
    assert(JSON.stringify(list).length < 64 * 1024, `thread/list answered ${JSON.stringify(list).length} chars`);
    assert(server.stderr().indexOf("Internal error") === -1, server.stderr());
  });
});

Deno.test("app-server: a cwd that does not exist or is not a directory gets -32602 naming cwd", async () => {
  await withMockedStdioServer({ responses: [] }, async ({ sandbox, client }) => {
    await client.initialize();
    const missing = `${sandbox.workspace}/no/such/dir`;
    const file = `${sandbox.workspace}/a-file.txt`;
    await Deno.writeTextFile(file, "not a directory");

    await assertRefused(client, "thread/start", { cwd: missing }, "cwd", `"${missing}" does not exist`);
    await assertRefused(client, "thread/start", { cwd: file }, "cwd", "is not a directory");
    await assertRefused(client, "thread/start", { config: { cwd: missing } }, "config.cwd", "does not exist");
    await assertRefused(client, "thread/start", { cwd: "relative/missing" }, "cwd", "does not exist");

    const thread = (await client.call("thread/start", { cwd: sandbox.workspace })).thread;
    await assertRefused(client, "thread/resume", { threadId: thread.id, cwd: missing }, "cwd", "does not exist");
    await assertRefused(client, "turn/start", { threadId: thread.id, input: [], cwd: file }, "cwd", "not a directory");

    // No thread was made for the refused requests.
    assertEquals((await client.call("thread/loaded/list", {})).data, [thread.id]);
  });
});

Deno.test("app-server: params of a plugin's method nested past 128 levels get -32602 at once", async () => {
  const sandbox = await makeSandbox();
  const server = spawnStdioServer(sandbox, { plugins: [await writeProbePlugin(sandbox.root)] });
  try {
    await server.client.initialize();
    // Four million levels fit in a message; the plugin's worker could not receive them (no answer came).
    const levels = 4_000_000;
    await server.write(
      `{"id":"deep","method":"probe/echo","params":{"a":${"[".repeat(levels)}${"]".repeat(levels)}}}\n`,
    );
    const deep = await server.client.waitFor((m) => m.id === "deep", { timeoutMs: 20_000 });
    assertEquals(deep.error?.code, -32602);
    assertStringIncludes(deep.error!.message, 'Invalid params for "probe/echo": nested deeper than 128 levels');
    const shallow = await server.client.call("probe/echo", { a: [[["ok"]]] });
    assertEquals(shallow, { echoed: { a: [[["ok"]]] } });
  } finally {
    await server.stop();
    await sandbox.cleanup();
  }
});

Deno.test("app-server ws: a frame over 64 MiB ends its connection, and the server says why on stderr", async () => {
  const sandbox = await makeSandbox();
  const server = await spawnWsServer(sandbox);
  try {
    // Up to Deno's own cap a frame over maxMessageBytes (16 MiB) is answered -32600 (see the stdio test).
    const big = await server.connect();
    await big.client.initialize();
    const closed = new Promise<void>((resolve) => big.socket.addEventListener("close", () => resolve()));
    big.socket.send(`{"id":"big","method":"thread/list","params":{"searchTerm":"${"x".repeat(65 * MB)}"}}`);
    await closed;
    const deadline = Date.now() + 10_000;
    while (!server.stderr().includes("Frame too large") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assertStringIncludes(server.stderr(), "Closing connection ws#1: the socket failed: Frame too large");
    // The server keeps serving other connections.
    const next = await server.connect();
    await next.client.initialize();
    assertEquals((await next.client.call("thread/loaded/list", {})).data, []);
    await next.close();
  } finally {
    await server.stop();
    await sandbox.cleanup();
  }
});
