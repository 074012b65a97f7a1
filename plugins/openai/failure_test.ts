import { assertEquals } from "@std/assert";
import { classifyHttpError, classifyStreamError, parseRetryAfter } from "./failure.ts";

Deno.test("parseRetryAfter() reads retry-after-ms, retry-after seconds and HTTP dates", () => {
  assertEquals(parseRetryAfter(new Headers({ "retry-after-ms": "250", "retry-after": "9" })), 250);
  assertEquals(parseRetryAfter(new Headers({ "retry-after": "1.5" })), 1500);
  const now = Date.parse("2025-01-01T00:00:00Z");
  assertEquals(parseRetryAfter(new Headers({ "retry-after": "Wed, 01 Jan 2025 00:00:03 GMT" }), now), 3000);
  assertEquals(parseRetryAfter(new Headers({ "retry-after": "soon" })), undefined);
  assertEquals(parseRetryAfter(new Headers()), undefined);
});

Deno.test("classifyHttpError() retries 429 and 5xx, and not other 4xx", () => {
  const classify = (status: number, body = "") => classifyHttpError(new Response(null, { status }), body);
  assertEquals([classify(429).kind, classify(500).kind, classify(502).kind], ["request", "request", "request"]);
  assertEquals([classify(400).kind, classify(401).kind, classify(404).kind], ["fatal", "fatal", "fatal"]);
  const tooLong = classify(400, JSON.stringify({ error: { message: "too long", code: "context_length_exceeded" } }));
  assertEquals([tooLong.kind, tooLong.info], ["fatal", "contextWindowExceeded"]);
  assertEquals(classify(502, "<html>Bad gateway</html>").message, "HTTP 502: <html>Bad gateway</html>");
});

Deno.test("classifyStreamError() reads the retry hint of a rate-limit failure", () => {
  const failure = classifyStreamError(
    { code: "rate_limit_exceeded", message: "Rate limit reached. Please try again in 1.2s." },
    200,
  );
  assertEquals([failure.kind, failure.retryAfterMs], ["stream", 1200]);
  assertEquals(classifyStreamError({ code: "server_is_overloaded", message: "busy" }, 200).info, "serverOverloaded");
});
