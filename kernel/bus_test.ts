import { assertEquals, assertStringIncludes } from "@std/assert";
import { EventBus } from "./bus.ts";

const delta = (i: number) => ({ threadId: "t", turnId: "u", itemId: "i", delta: String(i) });

Deno.test("EventBus.on() delivers one topic's events in emit order", async () => {
  const bus = new EventBus();
  const seen: string[] = [];
  bus.on("item/agentMessage/delta", (p) => void seen.push(p.delta));
  for (let i = 0; i < 5; i++) bus.emit("item/agentMessage/delta", delta(i));
  bus.emit("warning", { threadId: null, message: "other topic" });
  await bus.idle();
  assertEquals(seen, ["0", "1", "2", "3", "4"]);
});

Deno.test("EventBus.on() stops delivering after unsubscribe", async () => {
  const bus = new EventBus();
  const seen: string[] = [];
  const off = bus.on("item/agentMessage/delta", (p) => void seen.push(p.delta));
  bus.emit("item/agentMessage/delta", delta(1));
  await bus.idle();
  off();
  bus.emit("item/agentMessage/delta", delta(2));
  await bus.idle();
  assertEquals(seen, ["1"]);
});

Deno.test("EventBus.emit() does not wait for a slow subscriber, which still sees every event in order", async () => {
  const bus = new EventBus();
  const slow: string[] = [];
  const fast: string[] = [];
  bus.onAny(async (n) => {
    await new Promise((r) => setTimeout(r, 5));
    if (n.method === "item/agentMessage/delta") slow.push(n.params.delta);
  });
  bus.on("item/agentMessage/delta", (p) => void fast.push(p.delta));
  for (let i = 0; i < 10; i++) bus.emit("item/agentMessage/delta", delta(i));
  await new Promise((r) => setTimeout(r, 0));
  assertEquals(fast.length, 10);
  assertEquals(slow.length < 10, true, "the slow subscriber is still behind");
  await bus.idle();
  assertEquals(slow, fast);
});

Deno.test("EventBus reports a throwing subscriber with its owner and keeps delivering to others", async () => {
  const errors: string[] = [];
  const bus = new EventBus({ onError: (e, owner) => errors.push(`${owner}: ${(e as Error).message}`) });
  const seen: string[] = [];
  bus.on("warning", () => {
    throw new Error("boom");
  }, { owner: "acme-jira" });
  bus.on("warning", (p) => void seen.push(p.message));
  bus.emit("warning", { threadId: null, message: "a" });
  bus.emit("warning", { threadId: null, message: "b" });
  await bus.idle();
  assertEquals(seen, ["a", "b"]);
  assertEquals(errors, ["acme-jira: boom", "acme-jira: boom"]);
});

Deno.test("EventBus drops events for a subscriber whose queue overflows and reports the count", async () => {
  const errors: string[] = [];
  const bus = new EventBus({ maxQueue: 4, onError: (e) => errors.push((e as Error).message) });
  const seen: string[] = [];
  bus.on("item/agentMessage/delta", (p) => void seen.push(p.delta));
  for (let i = 0; i < 10; i++) bus.emit("item/agentMessage/delta", delta(i));
  await bus.idle();
  bus.emit("item/agentMessage/delta", delta(99));
  await bus.idle();
  assertEquals(seen, ["0", "1", "2", "3", "99"]);
  assertStringIncludes(errors[0], "6 events dropped");
});

const approval = {
  threadId: "t",
  turnId: "u",
  itemId: "i",
  startedAtMs: 0,
  command: "rm -rf build",
};

Deno.test("EventBus.request() resolves with the responder's answer and emits serverRequest/resolved", async () => {
  const bus = new EventBus();
  const resolved: (string | number)[] = [];
  bus.on("serverRequest/resolved", (p) => void resolved.push(p.requestId));
  bus.attachResponder((req) =>
    req.method === "item/commandExecution/requestApproval" ? Promise.resolve({ decision: "accept" }) : null
  );
  const outcome = await bus.request("item/commandExecution/requestApproval", approval);
  assertEquals(outcome, { status: "answered", response: { decision: "accept" } });
  await bus.idle();
  assertEquals(resolved.length, 1);
  assertEquals(bus.pendingRequests(), []);
});

Deno.test("EventBus.request() is declined by policy when no responder can answer", async () => {
  const bus = new EventBus();
  const outcome = await bus.request("item/commandExecution/requestApproval", approval);
  assertEquals(outcome.status, "declined");
  if (outcome.status === "declined") assertStringIncludes(outcome.reason, "no client is attached");
});

Deno.test("EventBus.request() is cancelled when its signal aborts, even if the client never answers", async () => {
  const bus = new EventBus();
  bus.attachResponder(() => new Promise(() => {}));
  const abort = new AbortController();
  const pending = bus.request("item/commandExecution/requestApproval", approval, { signal: abort.signal });
  assertEquals(bus.pendingRequests().length, 1);
  abort.abort();
  assertEquals((await pending).status, "cancelled");
  assertEquals(bus.pendingRequests(), []);
});

Deno.test("EventBus.request() turns a client error reply into a failed outcome with its message", async () => {
  const bus = new EventBus();
  bus.attachResponder(() => Promise.reject(new Error("client said no such thread")));
  const outcome = await bus.request("item/commandExecution/requestApproval", approval);
  assertEquals(outcome, { status: "failed", message: "client said no such thread" });
});
