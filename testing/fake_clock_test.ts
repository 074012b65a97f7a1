import { assertEquals, assertRejects } from "@std/assert";
import { FakeClock } from "./fake_clock.ts";

Deno.test("FakeClock.tick() fires due timers in time order and stops at the new time", async () => {
  const clock = new FakeClock({ start: 1_000 });
  const fired: string[] = [];
  clock.setTimeout(() => fired.push(`b@${clock.now()}`), 200);
  clock.setTimeout(() => fired.push(`a@${clock.now()}`), 100);
  clock.setTimeout(() => fired.push("late"), 500);
  await clock.tick(300);
  assertEquals(fired, ["a@1100", "b@1200"]);
  assertEquals(clock.now(), 1_300);
  assertEquals(clock.pending, 1);
});

Deno.test("FakeClock.sleep() resolves only once the clock reaches its time, and code after it runs in between", async () => {
  const clock = new FakeClock({ start: 0 });
  const log: string[] = [];
  const task = (async () => {
    await clock.sleep(1_000);
    log.push(`woke at ${clock.now()}`);
    await clock.sleep(1_000);
    log.push(`woke again at ${clock.now()}`);
  })();
  await clock.tick(999);
  assertEquals(log, []);
  await clock.tick(1_001);
  await task;
  assertEquals(log, ["woke at 1000", "woke again at 2000"]);
});

Deno.test("FakeClock.sleep() rejects with the signal's reason when aborted, and its timer is gone", async () => {
  const clock = new FakeClock();
  const abort = new AbortController();
  const sleeping = clock.sleep(60_000, { signal: abort.signal });
  abort.abort(new Error("interrupted"));
  await assertRejects(() => sleeping, Error, "interrupted");
  assertEquals(clock.pending, 0);
});

Deno.test("FakeClock with autoAdvance finishes an hour of sleeping at once, with the time moved", async () => {
  const clock = new FakeClock({ start: 0, autoAdvance: true });
  const started = performance.now();
  for (let i = 0; i < 4; i++) await clock.sleep(15 * 60_000);
  assertEquals(clock.now(), 60 * 60_000);
  assertEquals(performance.now() - started < 1_000, true);
});

Deno.test("FakeClock.clearTimeout() keeps a timer from firing", async () => {
  const clock = new FakeClock();
  let fired = false;
  const id = clock.setTimeout(() => (fired = true), 10);
  clock.clearTimeout(id);
  await clock.tick(100);
  assertEquals(fired, false);
});
