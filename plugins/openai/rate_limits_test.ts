import { assertEquals } from "@std/assert";
import { durationSeconds, rateLimitsFromHeaders } from "./rate_limits.ts";

Deno.test("rate-limit reset durations read as OpenAI writes them", () => {
  assertEquals(durationSeconds("1s"), 1);
  assertEquals(durationSeconds("6m0s"), 360);
  assertEquals(durationSeconds("20ms"), 0.02);
  assertEquals(durationSeconds("1h2m3.5s"), 3723.5);
  assertEquals(durationSeconds("soon"), null);
});

Deno.test("a response without rate-limit headers reports nothing; one with them, the percent used", () => {
  assertEquals(rateLimitsFromHeaders(new Headers({ "content-type": "text/event-stream" })), null);
  const headers = new Headers({
    "x-ratelimit-limit-requests": "200",
    "x-ratelimit-remaining-requests": "50",
    "x-ratelimit-reset-requests": "10s",
  });
  assertEquals(rateLimitsFromHeaders(headers, 1_000_000), {
    limitId: null,
    limitName: null,
    primary: { usedPercent: 75, windowDurationMins: null, resetsAt: 1010 },
    secondary: null,
  });
});
