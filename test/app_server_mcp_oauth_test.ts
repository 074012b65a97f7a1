/**
 * `mcpServer/oauth/login` through a real `tern app-server` against a real HTTP MCP server that
 * needs OAuth (with a minimal authorization server, `support/oauth_mcp_server.ts`): the server
 * fails without tokens; the login answers the authorization URL, the test plays the browser
 * (follows it to the loopback callback), `mcpServer/oauthLogin/completed` reports success, the
 * tokens are stored 0600 under `$TERN_HOME`, the server starts with its tools, and a new
 * app-server uses the stored tokens at once.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { spawnStdioServer } from "./support/app_server_process.ts";
import { startOAuthMcpServer } from "./support/oauth_mcp_server.ts";
import { makeSandbox } from "./support/tern_process.ts";

Deno.test("app-server: mcpServer/oauth/login logs in to an HTTP MCP server, stores its tokens 0600, and the client uses them", async () => {
  const oauth = startOAuthMcpServer();
  const sandbox = await makeSandbox();
  await Deno.writeTextFile(
    join(sandbox.ternHome, "config.jsonc"),
    JSON.stringify({ mcpServers: { secure: { url: oauth.url, startupTimeoutSec: 20 } } }),
  );
  let server = spawnStdioServer(sandbox);
  try {
    await server.client.initialize();
    const before = (await server.client.call("mcpServerStatus/list", {})).data[0];
    assertEquals([before.name, before.status], ["secure", "failed"]);
    assertStringIncludes(before.error, "mcpServer/oauth/login");
    assert(oauth.refused > 0);

    const unknown = await server.client.request("mcpServer/oauth/login", { name: "nope" });
    assertStringIncludes(unknown.error!.message, 'Unknown MCP server "nope"');

    // A login nobody completes fails when its time is up.
    const abandoned = await server.client.call("mcpServer/oauth/login", { name: "secure", timeoutSecs: 1 });
    const timedOut = await server.client.notification("mcpServer/oauthLogin/completed");
    assertEquals([timedOut.params.loginId, timedOut.params.success], [abandoned.loginId, false]);
    assertStringIncludes(timedOut.params.error, "no answer from the browser");

    const login = await server.client.call("mcpServer/oauth/login", { name: "secure", scopes: ["tools"] });
    const authorize = new URL(login.authorizationUrl);
    assertEquals(`${authorize.origin}${authorize.pathname}`, `${oauth.issuer}/authorize`);
    assertEquals(authorize.searchParams.get("scope"), "tools");
    const redirectUri = new URL(authorize.searchParams.get("redirect_uri")!);
    assertEquals(redirectUri.hostname, "127.0.0.1");

    // The browser: the authorization server approves and sends it back to Tern's loopback listener.
    const approved = await fetch(login.authorizationUrl, { redirect: "manual" });
    await approved.body?.cancel();
    assertEquals(approved.status, 302);
    const back = await fetch(approved.headers.get("location")!);
    assertEquals(back.status, 200);
    assertStringIncludes(await back.text(), "logged in");

    const done = await server.client.notification("mcpServer/oauthLogin/completed", (p) => p.loginId === login.loginId);
    assertEquals(done.params, { name: "secure", success: true, error: null, loginId: login.loginId, threadId: null });

    const file = join(sandbox.ternHome, "mcp-oauth", "secure.json");
    assertEquals((await Deno.stat(file)).mode! & 0o777, 0o600);
    const stored = JSON.parse(await Deno.readTextFile(file));
    assertEquals(stored.tokens.access_token, oauth.issued[0]);
    assertEquals(stored.serverUrl, oauth.url);

    await server.client.notification(
      "mcpServer/startupStatus/updated",
      (p) => p.name === "secure" && p.status === "ready",
      { timeoutMs: 30_000 },
    );
    const called = await server.client.call("mcpServer/tool/call", { server: "secure", tool: "whoami" });
    assertEquals(called.content[0].text, `called with ${oauth.issued[0]}`);
    await server.stop();

    // A new server starts with the stored tokens: no login needed.
    server = spawnStdioServer(sandbox);
    await server.client.initialize();
    const after = (await server.client.call("mcpServerStatus/list", {})).data[0];
    assertEquals([after.status, after.tools.map((t: { tool: string }) => t.tool)], ["ready", ["whoami"]]);
    assertEquals(oauth.issued.length, 1);
  } finally {
    await server.stop();
    await sandbox.cleanup();
    await oauth.stop();
  }
});
