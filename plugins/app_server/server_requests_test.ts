import { assertEquals, assertStringIncludes } from "@std/assert";
import { EventBus } from "../../kernel/mod.ts";
import { Connection } from "./connection.ts";
import { ServerRequestRouter } from "./server_requests.ts";

/** A connection whose transport keeps the messages it was given. */
function memoryConnection(label: string, experimentalApi = false) {
  // deno-lint-ignore no-explicit-any
  const sent: any[] = [];
  const connection = new Connection({
    label,
    transport: {
      write: (batch) => Promise.resolve(void sent.push(...batch.map((t) => JSON.parse(t)))),
      close: () => {},
    },
    maxQueued: 100,
    maxQueuedBytes: 1024 * 1024,
    maxWriteStallMs: 30_000,
    warn: () => {},
  });
  connection.experimentalApi = experimentalApi;
  return { connection, sent };
}

const params = {
  threadId: "t1",
  turnId: "u1",
  itemId: "i1",
  startedAtMs: 1,
  command: "touch x",
  availableDecisions: ["accept" as const, "decline" as const],
};

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
}

function setup(subscribers: Connection[]) {
  const bus = new EventBus();
  const flags: string[][] = [];
  const router = new ServerRequestRouter({
    subscribers: () => subscribers.filter((c) => !c.closed),
    onFlagsChanged: (threadId) => flags.push(router.flags(threadId)),
    log: () => {},
  });
  bus.attachResponder(router.responder);
  return { bus, router, flags };
}

Deno.test("ServerRequestRouter sends to every subscriber; the first answer wins and the flags follow", async () => {
  const a = memoryConnection("a");
  const b = memoryConnection("b", true);
  const { bus, router, flags } = setup([a.connection, b.connection]);
  const outcome = bus.request("item/commandExecution/requestApproval", params);
  await until(() => a.sent.length > 0 && b.sent.length > 0);
  assertEquals(a.sent[0].params.availableDecisions, undefined);
  assertEquals(b.sent[0].params.availableDecisions, ["accept", "decline"]);
  assertEquals(a.sent[0].id, b.sent[0].id);
  router.answer(b.connection, b.sent[0].id, { result: { decision: "accept" } });
  router.answer(a.connection, a.sent[0].id, { result: { decision: "decline" } });
  assertEquals(await outcome, { status: "answered", response: { decision: "accept" } });
  // The flag clears a macrotask after the request settles (after serverRequest/resolved, as in Codex).
  await until(() => flags.length === 2);
  assertEquals(flags, [["waitingOnApproval"], []]);
});

Deno.test("ServerRequestRouter turns a client error or an invalid result into a failed outcome with the reason", async () => {
  const a = memoryConnection("a");
  const { bus, router } = setup([a.connection]);
  const first = bus.request("item/commandExecution/requestApproval", params);
  await until(() => a.sent.length === 1);
  router.answer(a.connection, a.sent[0].id, { error: { code: -32000, message: "refresh failed" } });
  const failed = await first;
  assertEquals(failed.status, "failed");
  if (failed.status === "failed") assertStringIncludes(failed.message, "error -32000: refresh failed");

  const second = bus.request("item/commandExecution/requestApproval", params);
  await until(() => a.sent.length === 2);
  router.answer(a.connection, a.sent[1].id, { result: { decision: "maybe" } });
  const invalid = await second;
  if (invalid.status === "failed") assertStringIncludes(invalid.message, 'invalid result at "decision"');
  else throw new Error(`expected failed, got ${invalid.status}`);
});

Deno.test("ServerRequestRouter replays to a new subscriber, keeps a request when one recipient drops, fails it when all do", async () => {
  const a = memoryConnection("a");
  const b = memoryConnection("b");
  const subscribers = [a.connection];
  const { bus, router } = setup(subscribers);
  const outcome = bus.request("item/commandExecution/requestApproval", params);
  await until(() => a.sent.length === 1);
  subscribers.push(b.connection);
  router.replay("t1", b.connection);
  await until(() => b.sent.length === 1);
  assertEquals(b.sent[0].id, a.sent[0].id);
  a.connection.close("gone");
  router.connectionClosed(a.connection);
  assertEquals(router.size, 1, "b can still answer");
  b.connection.close("gone");
  router.connectionClosed(b.connection);
  const result = await outcome;
  assertEquals(result.status, "failed");
  if (result.status === "failed") assertStringIncludes(result.message, "disconnected");
});

Deno.test("ServerRequestRouter leaves requests of threads nobody subscribed to to the bus policy", async () => {
  const { bus } = setup([]);
  const outcome = await bus.request("item/commandExecution/requestApproval", params);
  assertEquals(outcome.status, "declined");
});
