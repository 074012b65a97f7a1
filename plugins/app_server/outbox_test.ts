import { assertEquals } from "@std/assert";
import { delay } from "../../kernel/mod.ts";
import { Outbox, type OutboxOptions, type OverflowReport, utf8Length } from "./outbox.ts";

/** An outbox whose transport never finishes a write (a client that does not read). */
function stalledOutbox(options: Partial<OutboxOptions> = {}) {
  const overflows: OverflowReport[] = [];
  const written: string[][] = [];
  const outbox = new Outbox({
    maxQueued: 1_000,
    maxBytes: 800,
    maxStallMs: 60_000,
    write: (batch) => {
      written.push(batch);
      return new Promise(() => {});
    },
    onOverflow: (report) => overflows.push(report),
    onError: () => {},
    ...options,
  });
  return { outbox, overflows, written };
}

Deno.test("Outbox writes in order, in batches, without making push() wait", async () => {
  const written: string[][] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => release = r);
  const outbox = new Outbox({
    maxQueued: 10,
    maxBytes: 1024,
    maxStallMs: 60_000,
    write: async (batch) => {
      written.push(batch);
      await gate;
    },
    onOverflow: () => {},
    onError: () => {},
  });
  outbox.push("a");
  outbox.push("b");
  outbox.push("c");
  assertEquals(written, [["a"]], "the first write is still in progress");
  release();
  await outbox.drained();
  assertEquals(written, [["a"], ["b", "c"]]);
});

Deno.test("Outbox closes on overflow when the client does not read, instead of dropping messages", () => {
  const { outbox, overflows } = stalledOutbox({ maxQueued: 3 });
  const accepted = ["1", "2", "3", "4", "5"].map((m) => outbox.push(m));
  // "1" is being written; "2" to "4" wait; "5" would be the fourth waiting message.
  assertEquals(accepted, ["queued", "queued", "queued", "queued", "closed"]);
  assertEquals([overflows.map((o) => o.cause), outbox.closed, outbox.queued], [["messages"], true, 0]);
});

Deno.test("Outbox bounds what waits in bytes, the batch being written included", () => {
  const { outbox, overflows } = stalledOutbox({ maxBytes: 800 });
  const hundred = "x".repeat(100);
  const results = Array.from({ length: 9 }, () => outbox.push(hundred));
  assertEquals(results, [...Array(8).fill("queued"), "closed"]);
  assertEquals(overflows, [{ cause: "bytes", messages: 7, bytes: 800, skippedBytes: 0 }]);
  assertEquals([outbox.queuedBytes, outbox.push("y")], [0, "closed"], "what was queued is freed");
});

Deno.test("Outbox accepts one message larger than the bound when nothing else waits", async () => {
  const written: string[][] = [];
  const outbox = new Outbox({
    maxQueued: 10,
    maxBytes: 10,
    maxStallMs: 60_000,
    write: (batch) => Promise.resolve(void written.push(batch)),
    onOverflow: () => {},
    onError: () => {},
  });
  assertEquals(outbox.push("a large response"), "queued");
  await outbox.drained();
  assertEquals(outbox.push("another large one"), "queued");
  await outbox.drained();
  assertEquals(written, [["a large response"], ["another large one"]]);
});

Deno.test("Outbox skips droppable messages while the client lags, and keeps the others", () => {
  const { outbox, overflows } = stalledOutbox({ maxBytes: 800 });
  assertEquals(outbox.push("x".repeat(150)), "queued"); // being written: over 800 / 8, the client lags
  assertEquals(outbox.push("delta", { droppable: true }), "skipped");
  assertEquals(outbox.push("item/completed"), "queued");
  assertEquals([outbox.queued, overflows], [1, []]);
});

Deno.test("Outbox closes a lagging client that takes nothing for maxStallMs, even when nothing more is sent", async () => {
  const { outbox, overflows } = stalledOutbox({ maxBytes: 800, maxStallMs: 50 });
  outbox.push("x".repeat(150));
  assertEquals(outbox.push("delta", { droppable: true }), "skipped");
  for (let waited = 0; overflows.length === 0 && waited < 5_000; waited += 10) await delay(10);
  assertEquals(overflows, [{ cause: "stalled", messages: 0, bytes: 150, skippedBytes: 5 }]);
  assertEquals(outbox.closed, true);
});

Deno.test("Outbox closes a client that takes nothing for maxStallMs while a backlog under the lag mark waits", async () => {
  // Output filled the socket and ended with less than maxBytes / 8 waiting: the client never
  // lagged, but it has stopped reading all the same.
  const { outbox, overflows } = stalledOutbox({ maxBytes: 800, maxStallMs: 50 });
  outbox.push("x".repeat(60));
  outbox.push("y".repeat(30));
  for (let waited = 0; overflows.length === 0 && waited < 5_000; waited += 10) await delay(10);
  assertEquals(overflows, [{ cause: "stalled", messages: 1, bytes: 90, skippedBytes: 0 }]);
});

Deno.test("Outbox keeps a client that reads slowly with nothing waiting, past maxStallMs", async () => {
  const overflows: OverflowReport[] = [];
  const outbox = new Outbox({
    maxQueued: 10,
    maxBytes: 800,
    maxStallMs: 30,
    write: () => delay(5),
    onOverflow: (report) => overflows.push(report),
    onError: () => {},
  });
  for (let i = 0; i < 5; i++) {
    outbox.push("m");
    await delay(60); // idle longer than maxStallMs between messages: nothing waits meanwhile
  }
  await outbox.drained();
  assertEquals([overflows, outbox.closed], [[], false]);
});

Deno.test("Outbox keeps a client that lags but reads, however long the output goes on", async () => {
  const overflows: OverflowReport[] = [];
  const outbox = new Outbox({
    maxQueued: 1_000,
    maxBytes: 800,
    maxStallMs: 1_000,
    write: () => delay(5), // a slow reader: 5 ms a batch
    onOverflow: (report) => overflows.push(report),
    onError: () => {},
  });
  const results: string[] = [];
  const until = performance.now() + 1_500;
  while (performance.now() < until) {
    for (let i = 0; i < 20; i++) results.push(outbox.push("d".repeat(60), { droppable: true }));
    await delay(1);
  }
  assertEquals(overflows, []);
  assertEquals(results.includes("queued") && results.includes("skipped"), true);
  outbox.close();
});

Deno.test("Outbox closes and reports when the transport fails", async () => {
  const errors: string[] = [];
  const outbox = new Outbox({
    maxQueued: 3,
    maxBytes: 1024,
    maxStallMs: 60_000,
    write: () => Promise.reject(new Error("broken pipe")),
    onOverflow: () => {},
    onError: (e) => errors.push((e as Error).message),
  });
  outbox.push("x");
  await outbox.drained();
  assertEquals([errors, outbox.closed, outbox.push("y")], [["broken pipe"], true, "closed"]);
});

Deno.test("utf8Length counts UTF-8 bytes, as TextEncoder writes them", () => {
  for (const text of ["", "ascii", "héllo", "€uro", "😀 emoji", "lone \ud800 high", "lone \udc00 low", "\ud800"]) {
    assertEquals(utf8Length(text), new TextEncoder().encode(text).length, JSON.stringify(text));
  }
});
