import { assertEquals } from "@std/assert";
import { KeyedQueue } from "./keyed_queue.ts";

Deno.test("KeyedQueue runs tasks of one key in order, even when one fails, and other keys alongside", async () => {
  const queue = new KeyedQueue();
  const log: string[] = [];
  const task = (name: string, ms: number, fail = false) => async () => {
    await new Promise((r) => setTimeout(r, ms));
    log.push(name);
    if (fail) throw new Error(name);
  };
  const all = [
    queue.run("t1", task("t1-a", 100, true)).catch(() => {}),
    queue.run("t1", task("t1-b", 1)),
    queue.run("t2", task("t2-a", 5)),
    queue.run(null, task("free", 1)),
  ];
  await Promise.all(all);
  // t1's tasks run one after the other; t2's and the key-free task do not wait for them (their
  // own order depends on timers alone, so it is not asserted).
  assertEquals(log.slice(2), ["t1-a", "t1-b"]);
  assertEquals(log.slice(0, 2).sort(), ["free", "t2-a"]);
  assertEquals(queue.size, 0);
});
