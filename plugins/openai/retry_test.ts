import { assert, assertEquals } from "@std/assert";
import { MAX_RETRY_DELAY_MS, retryDelayMs, sleep } from "./retry.ts";

Deno.test("retryDelayMs() doubles per retry, within ±10 % jitter", () => {
  for (const [retry, nominal] of [[1, 200], [2, 400], [3, 800], [4, 1600]]) {
    const delay = retryDelayMs(retry, { baseMs: 200 });
    assert(delay >= nominal * 0.9 && delay <= nominal * 1.1, `retry ${retry}: ${delay} ms is not near ${nominal} ms`);
  }
});

Deno.test("retryDelayMs() never waits more than 10 s, even when the server asks", () => {
  assertEquals(retryDelayMs(30, { baseMs: 200 }), MAX_RETRY_DELAY_MS);
  assertEquals(retryDelayMs(1, { baseMs: 200, retryAfterMs: 60_000 }), MAX_RETRY_DELAY_MS);
  assertEquals(retryDelayMs(3, { baseMs: 200, retryAfterMs: 1500 }), 1500);
});

Deno.test("sleep() resolves false as soon as the signal aborts", async () => {
  const controller = new AbortController();
  const started = performance.now();
  setTimeout(() => controller.abort(), 10);
  assertEquals(await sleep(5000, controller.signal), false);
  assert(performance.now() - started < 1000);
  assertEquals(await sleep(1, new AbortController().signal), true);
});
