/**
 * `tern app-server` accounts for API keys: `account/login/start` stores the key in
 * `$TERN_HOME/auth.json` (0600), the model requests use it at once, `account/read` and
 * `account/updated` follow it, `account/logout` removes it; a model response's `x-ratelimit-*`
 * headers become `account/rateLimits/updated` and `account/rateLimits/read`.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { withMockedStdioServer } from "./support/app_server_process.ts";
import { ev, turnOf } from "./support/mock_model.ts";

const RATE_LIMIT_HEADERS = {
  "x-ratelimit-limit-requests": "100",
  "x-ratelimit-remaining-requests": "75",
  "x-ratelimit-reset-requests": "30s",
  "x-ratelimit-limit-tokens": "10000",
  "x-ratelimit-remaining-tokens": "9000",
  "x-ratelimit-reset-tokens": "6m0s",
};

Deno.test("account/login/start stores an API key the model requests then use; logout removes it", async () => {
  const responses = [{ ...turnOf(ev.assistantMessage("m1", "hi")), headers: RATE_LIMIT_HEADERS }];
  // No key in the environment: the account comes from the login alone.
  const options = { responses, config: ['model="mock-model"'], env: { OPENAI_API_KEY: "" } };
  await withMockedStdioServer(options, async ({ client, mock, sandbox }) => {
    await client.initialize();
    assertEquals(await client.call("account/read", {}), { account: null, requiresOpenaiAuth: true, userId: null });

    const refused = await client.request("account/login/start", { type: "chatgpt" });
    assertEquals(refused.error?.code, -32602);
    assertStringIncludes(refused.error?.message ?? "", "apiKey");

    assertEquals(await client.call("account/login/start", { type: "apiKey", apiKey: "sk-stored-123" }), {
      type: "apiKey",
    });
    const updated = await client.notification("account/updated");
    assertEquals(updated.params.authMode, "apikey");
    assertEquals((await client.notification("account/login/completed")).params.success, true);
    const file = join(sandbox.ternHome, "auth.json");
    assertEquals(JSON.parse(await Deno.readTextFile(file)), { OPENAI_API_KEY: "sk-stored-123" });
    assertEquals((await Deno.stat(file)).mode! & 0o777, 0o600, "only the user reads the key");
    assertEquals((await client.call("account/read", {})).account, { type: "apiKey" });

    const before = await client.call("account/rateLimits/read");
    assertEquals(before.rateLimits.primary, null, "nothing reported before the first response");
    const threadId = (await client.call("thread/start", { model: "mock-model" })).thread.id;
    await client.call("turn/start", { threadId, input: [{ type: "text", text: "hello" }] });
    const limits = await client.notification("account/rateLimits/updated");
    await client.notification("turn/completed");
    assertEquals(mock.requests[0].headers.authorization, "Bearer sk-stored-123");
    const now = Date.now() / 1000;
    assertEquals(limits.params.rateLimits.primary.usedPercent, 25);
    assertEquals(limits.params.rateLimits.secondary.usedPercent, 10);
    const resetsAt = limits.params.rateLimits.secondary.resetsAt;
    assert(resetsAt > now + 300 && resetsAt < now + 420, `tokens reset in about 6 minutes: ${resetsAt - now}`);
    const read = await client.call("account/rateLimits/read");
    assertEquals(read.rateLimits, limits.params.rateLimits);

    assertEquals(await client.call("account/logout"), {});
    assertEquals((await client.notification("account/updated", (p) => p.authMode === null)).params.authMode, null);
    assertEquals(JSON.parse(await Deno.readTextFile(file)), {});
    assertEquals((await client.call("account/read", {})).account, null);
  });
});
