import { assert, assertEquals, assertLess, assertStringIncludes } from "@std/assert";
import type { ModelEvent } from "../../kernel/mod.ts";
import { ev, startMockModelServer, turnOf } from "../../test/support/mock_model.ts";
import { modelError, run, testProvider, userRequest } from "./_testing.ts";
import { createOpenAIProvider } from "./provider.ts";

const retryingEvents = (events: ModelEvent[]) => events.filter((e) => e.type === "retrying");

Deno.test("createOpenAIProvider() retries 429 and 503, announcing each retry, then succeeds", async () => {
  await using server = await startMockModelServer({
    responses: [{ status: 429 }, { status: 503 }, turnOf(ev.assistantMessage("m", "finally"))],
  });
  const { events, error } = await run(testProvider(server.url), userRequest());
  assertEquals(error, undefined);
  assertEquals(server.requests.length, 3);
  const retries = retryingEvents(events);
  assertEquals(retries.map((e) => e.type === "retrying" && [e.attempt, e.maxAttempts]), [[2, 5], [3, 5]]);
  assertStringIncludes(retries[0].type === "retrying" ? retries[0].message : "", "HTTP 429");
  assertStringIncludes(retries[1].type === "retrying" ? retries[1].message : "", "HTTP 503");
  assertEquals(events.at(-1)?.type, "completed");
});

Deno.test("createOpenAIProvider() waits as long as retry-after-ms asks", async () => {
  await using server = await startMockModelServer({
    responses: [{ status: 429, headers: { "retry-after-ms": "40" } }, turnOf(ev.assistantMessage("m", "ok"))],
  });
  const started = performance.now();
  const { events } = await run(testProvider(server.url), userRequest());
  const [retry] = retryingEvents(events);
  assertEquals(retry.type === "retrying" && retry.delayMs, 40);
  assert(performance.now() - started >= 40, "the retry waited for the requested delay");
});

Deno.test("createOpenAIProvider() does not retry a 400 and says it made 1 attempt", async () => {
  await using server = await startMockModelServer({
    responses: [{ status: 400, body: { error: { message: "Unknown parameter: 'foo'", code: "unknown_parameter" } } }],
  });
  const result = await run(testProvider(server.url), userRequest());
  const error = modelError(result);
  assertEquals(server.requests.length, 1);
  assertEquals(retryingEvents(result.events), []);
  assertEquals(error.info, "badRequest");
  assertEquals(error.attempts, 1);
  assertEquals(error.httpStatus, 400);
  assertEquals(
    error.message,
    `Model request to ${server.url}/responses failed after 1 attempt: HTTP 400 Bad Request: Unknown parameter: 'foo'`,
  );
});

Deno.test("createOpenAIProvider() maps 401 to unauthorized and insufficient_quota to usageLimitExceeded", async () => {
  await using server = await startMockModelServer({
    responses: [
      { status: 401, body: { error: { message: "Incorrect API key provided" } } },
      { status: 429, body: { error: { message: "You exceeded your current quota", code: "insufficient_quota" } } },
    ],
  });
  const unauthorized = modelError(await run(testProvider(server.url), userRequest()));
  assertEquals(unauthorized.info, "unauthorized");
  const quota = modelError(await run(testProvider(server.url), userRequest()));
  assertEquals(quota.info, "usageLimitExceeded");
  assertStringIncludes(
    quota.message,
    "failed after 1 attempt: HTTP 429 Too Many Requests: You exceeded your current quota",
  );
  assertEquals(server.requests.length, 2);
});

Deno.test("createOpenAIProvider() fails after the last retry, naming the attempt count and the status", async () => {
  await using server = await startMockModelServer({
    fallback: { status: 503, body: { error: { message: "Overloaded, try later" } } },
  });
  const result = await run(testProvider(server.url, { requestMaxRetries: 2 }), userRequest());
  const error = modelError(result);
  assertEquals(server.requests.length, 3);
  assertEquals(retryingEvents(result.events).length, 2);
  assertEquals(error.attempts, 3);
  assertEquals(error.info, { responseTooManyFailedAttempts: { httpStatusCode: 503 } });
  assertEquals(
    error.message,
    `Model request to ${server.url}/responses failed after 3 attempts: HTTP 503 Service Unavailable: Overloaded, try later`,
  );
});

Deno.test("createOpenAIProvider() retries a stream cut before anything but created was streamed", async () => {
  await using server = await startMockModelServer({
    responses: [
      { ...turnOf({ responseId: "r1" }, ev.assistantMessage("m1", "lost")), dropAfter: 1 },
      turnOf({ responseId: "r2" }, ev.assistantMessage("m2", "kept")),
    ],
  });
  const { events, error } = await run(testProvider(server.url), userRequest());
  assertEquals(error, undefined);
  assertEquals(server.requests.length, 2);
  assertEquals(events.map((e) => e.type === "created" ? `created ${e.responseId}` : e.type), [
    "created r1",
    "retrying",
    "created r2",
    "itemAdded",
    "textDelta",
    "itemDone",
    "completed",
  ]);
  const [retry] = retryingEvents(events);
  assertStringIncludes(retry.type === "retrying" ? retry.message : "", "ended before the response was complete");
  assertEquals(retry.type === "retrying" && retry.maxAttempts, 6);
});

Deno.test("createOpenAIProvider() fails without retrying when a stream is cut after output started", async () => {
  await using server = await startMockModelServer({
    responses: [{ ...turnOf(ev.assistantMessage("m1", "partial")), dropAfter: 3 }],
    fallback: turnOf(ev.assistantMessage("m2", "should not be asked for")),
  });
  const result = await run(testProvider(server.url), userRequest());
  const error = modelError(result);
  assertEquals(server.requests.length, 1);
  assertEquals(error.info, { responseStreamDisconnected: { httpStatusCode: 200 } });
  assertStringIncludes(error.message, "not retried: output had already streamed");
  assertEquals(result.events.map((e) => e.type), ["created", "itemAdded"]);
});

Deno.test("createOpenAIProvider() gives up on a stream that stays idle", async () => {
  await using server = await startMockModelServer({ responses: [{ events: [ev.created("r1")], holdOpen: true }] });
  const provider = testProvider(server.url, { streamIdleTimeoutMs: 50, streamMaxRetries: 0 });
  const error = modelError(await run(provider, userRequest()));
  assertStringIncludes(
    error.message,
    "failed after 1 attempt: Stream disconnected before completion: no data for 50 ms",
  );
  assertEquals(error.info, { responseStreamDisconnected: { httpStatusCode: 200 } });
});

Deno.test("createOpenAIProvider() retries network errors and reports httpConnectionFailed", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close(); // nothing listens there now
  const provider = testProvider(`http://127.0.0.1:${port}/v1`, { requestMaxRetries: 1 });
  const result = await run(provider, userRequest());
  const error = modelError(result);
  assertEquals(retryingEvents(result.events).length, 1);
  assertEquals(error.info, { httpConnectionFailed: { httpStatusCode: null } });
  assertStringIncludes(error.message, "failed after 2 attempts: Network error:");
});

Deno.test("createOpenAIProvider() stops at once when the signal aborts mid-stream", async () => {
  await using server = await startMockModelServer({
    responses: [{ events: [ev.created("r1"), ev.messageAdded("m1"), ev.textDelta("m1", "Hi")], holdOpen: true }],
  });
  const controller = new AbortController();
  const events: ModelEvent[] = [];
  const started = performance.now();
  for await (const event of testProvider(server.url).stream(userRequest(), { signal: controller.signal })) {
    events.push(event);
    if (event.type === "textDelta") controller.abort();
  }
  assertEquals(events.map((e) => e.type), ["created", "itemAdded", "textDelta"]);
  assertLess(performance.now() - started, 1000);
  assertEquals(server.requests.length, 1);
});

Deno.test("createOpenAIProvider() releases the connection when the caller stops reading", async () => {
  await using server = await startMockModelServer({
    responses: [{ events: [ev.created("r1"), ev.messageAdded("m1")], holdOpen: true }],
  });
  for await (const event of testProvider(server.url).stream(userRequest(), { signal: new AbortController().signal })) {
    if (event.type === "itemAdded") break;
  }
  assertEquals(server.openStreams, 1);
  for (let waited = 0; server.openStreams > 0 && waited < 2000; waited += 10) {
    await new Promise((r) => setTimeout(r, 10));
  }
  assertEquals(server.openStreams, 0, "the client closed the held stream");
});

Deno.test("createOpenAIProvider() stops waiting to retry when the signal aborts", async () => {
  await using server = await startMockModelServer({ fallback: { status: 503, headers: { "retry-after": "5" } } });
  const controller = new AbortController();
  const events: ModelEvent[] = [];
  const started = performance.now();
  for await (const event of testProvider(server.url).stream(userRequest(), { signal: controller.signal })) {
    events.push(event);
    if (event.type === "retrying") setTimeout(() => controller.abort(), 20);
  }
  assertEquals(events.map((e) => e.type), ["retrying"]);
  assertLess(performance.now() - started, 2000);
  assertEquals(server.requests.length, 1);
});

Deno.test("createOpenAIProvider() fails a request without a required key, naming the variable", async () => {
  await using server = await startMockModelServer({ fallback: turnOf(ev.assistantMessage("m", "ok")) });
  const provider = createOpenAIProvider({
    id: "openai",
    baseUrl: server.url,
    keyEnv: ["TERN_TEST_MISSING_KEY"],
    keyRequired: true,
    env: () => undefined,
  });
  const error = modelError(await run(provider, userRequest()));
  assertEquals(
    error.message,
    'Cannot call model provider "openai": no API key. Set the environment variable TERN_TEST_MISSING_KEY',
  );
  assertEquals(error.info, "unauthorized");
  assertEquals(server.requests.length, 0);
});

Deno.test("createOpenAIProvider() sends the key from the first set variable", async () => {
  await using server = await startMockModelServer({ fallback: turnOf(ev.assistantMessage("m", "ok")) });
  const env: Record<string, string> = { CODEX_API_KEY: "sk-codex" };
  const provider = createOpenAIProvider({
    id: "openai",
    baseUrl: server.url,
    keyEnv: ["OPENAI_API_KEY", "CODEX_API_KEY"],
    keyRequired: true,
    env: (name) => env[name],
  });
  await run(provider, userRequest());
  assertEquals(server.requests[0].headers.authorization, "Bearer sk-codex");
});

Deno.test("listModels() lists the server's models", async () => {
  await using server = await startMockModelServer();
  assertEquals(await testProvider(server.url).listModels?.(), ["mock-model"]);
});
