import { assertEquals } from "@std/assert";
import { Outbox } from "./outbox.ts";

Deno.test("Outbox writes in order, in batches, without making push() wait", async () => {
  const written: string[][] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => release = r);
  const outbox = new Outbox({
    maxQueued: 10,
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

Deno.test("Outbox closes on overflow when the client does not read, instead of dropping messages", async () => {
  const overflows: number[] = [];
  const outbox = new Outbox({
    maxQueued: 3,
    write: () => new Promise(() => {}), // a client that never reads
    onOverflow: (n) => overflows.push(n),
    onError: () => {},
  });
  const accepted = ["1", "2", "3", "4", "5"].map((m) => outbox.push(m));
  assertEquals(accepted, [true, true, true, true, false]);
  assertEquals([overflows, outbox.closed, outbox.queued], [[3], true, 0]);
  await Promise.resolve();
});

Deno.test("Outbox closes and reports when the transport fails", async () => {
  const errors: string[] = [];
  const outbox = new Outbox({
    maxQueued: 3,
    write: () => Promise.reject(new Error("broken pipe")),
    onOverflow: () => {},
    onError: (e) => errors.push((e as Error).message),
  });
  outbox.push("x");
  await outbox.drained();
  assertEquals([errors, outbox.closed, outbox.push("y")], [["broken pipe"], true, false]);
});
