/**
 * `externalAgentConfig/detect` and `externalAgentConfig/import` through a real `tern app-server`:
 * a Claude Code and a Codex setup in the home and a repository are found (hooks, MCP servers,
 * skills, CLAUDE.md), imported into Tern's config (its comments kept), `hooks.json`, skills and
 * AGENTS.md, with `externalAgentConfig/import/completed` listing what went where and what could
 * not (a server that needs an environment variable); importing twice changes nothing.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { spawnStdioServer } from "./support/app_server_process.ts";
import { makeSandbox } from "./support/tern_process.ts";

async function write(path: string, text: string): Promise<void> {
  await Deno.mkdir(join(path, ".."), { recursive: true });
  await Deno.writeTextFile(path, text);
}

const HOOK_GROUP = { matcher: "Bash", hooks: [{ type: "command", command: "echo checked" }] };

Deno.test("app-server: externalAgentConfig finds Claude Code and Codex setups and imports them once, keeping config comments", async () => {
  const sandbox = await makeSandbox();
  const home = sandbox.root; // the sandbox's HOME
  const ws = sandbox.workspace;
  await write(join(home, ".claude", "settings.json"), JSON.stringify({ hooks: { PreToolUse: [HOOK_GROUP] } }));
  await write(
    join(home, ".claude.json"),
    JSON.stringify({
      mcpServers: {
        docs: { type: "stdio", command: "docs-server", args: ["--quiet"] },
        secret: { type: "http", url: "https://mcp.example.com", headers: { Authorization: "Bearer ${TOKEN}" } },
      },
    }),
  );
  await write(
    join(home, ".claude", "skills", "review", "SKILL.md"),
    "---\nname: review\ndescription: Reviews\n---\nGo.\n",
  );
  await write(
    join(home, ".codex", "config.toml"),
    '[mcp_servers.search]\ncommand = "search-mcp"\nargs = ["-v"]\n\n' +
      '[[hooks.Stop]]\n[[hooks.Stop.hooks]]\ntype = "command"\ncommand = "echo done"\n',
  );
  const ccPlugin = join(home, ".claude", "plugins", "cache", "mkt", "cc-notes");
  await write(join(ccPlugin, ".claude-plugin", "plugin.json"), JSON.stringify({ name: "cc-notes" }));
  await write(
    join(home, ".claude", "plugins", "installed_plugins.json"),
    JSON.stringify({ version: 2, plugins: { "cc-notes@mkt": [{ scope: "user", installPath: ccPlugin }] } }),
  );
  await write(join(ws, "CLAUDE.md"), "# Rules\nSee CLAUDE.md for more.\n");
  await write(join(ws, ".mcp.json"), JSON.stringify({ mcpServers: { repo: { command: "repo-mcp" } } }));
  const userConfig = join(sandbox.ternHome, "config.jsonc");
  await write(
    userConfig,
    '{\n  // my own comment\n  "model": "gpt-5",\n  "mcpServers": { "docs": { "command": "my-docs" } }\n}\n',
  );

  const server = spawnStdioServer(sandbox);
  try {
    const { client } = server;
    await client.initialize();
    const detected = await client.call("externalAgentConfig/detect", { includeHome: true, cwds: [ws] });
    // deno-lint-ignore no-explicit-any
    const summary = detected.items.map((i: any) => `${i.itemType} ${i.cwd ?? "~"}`).sort();
    assertEquals(summary, [
      "AGENTS_MD " + ws,
      "HOOKS ~",
      "HOOKS ~",
      "MCP_SERVER_CONFIG " + ws,
      "MCP_SERVER_CONFIG ~",
      "MCP_SERVER_CONFIG ~",
      "PLUGINS ~",
      "SKILLS ~",
    ]);
    // deno-lint-ignore no-explicit-any
    const claudeMcp = detected.items.find((i: any) => i.description.includes(".claude.json"));
    assertEquals(claudeMcp.details.mcpServers, [{ name: "docs" }, { name: "secret" }]);

    const first = await client.call("externalAgentConfig/import", { migrationItems: detected.items });
    const done = await client.notification(
      "externalAgentConfig/import/completed",
      (p) => p.importId === first.importId,
    );
    // deno-lint-ignore no-explicit-any
    const results = new Map<string, any>(done.params.itemTypeResults.map((r: any) => [r.itemType, r]));
    assertEquals(results.get("MCP_SERVER_CONFIG").successes.length, 2);
    const [mine, secret] = results.get("MCP_SERVER_CONFIG").failures;
    assertStringIncludes(mine.message, 'already has a different MCP server "docs"');
    assertStringIncludes(secret.source, "secret");
    assertStringIncludes(secret.message, '"TOKEN"');

    const config = await Deno.readTextFile(userConfig);
    assertStringIncludes(config, "// my own comment");
    const parsed = JSON.parse(config.replace("// my own comment", ""));
    assertEquals(parsed.mcpServers, {
      docs: { command: "my-docs" },
      search: { command: "search-mcp", args: ["-v"] },
    });
    assertEquals(parsed.extraPlugins, [ccPlugin]);
    assertEquals(
      JSON.parse(await Deno.readTextFile(join(ws, ".tern", "config.jsonc"))).mcpServers,
      { repo: { command: "repo-mcp" } },
    );
    assertEquals(JSON.parse(await Deno.readTextFile(join(sandbox.ternHome, "hooks.json"))), {
      hooks: { PreToolUse: [HOOK_GROUP], Stop: [{ hooks: [{ type: "command", command: "echo done" }] }] },
    });
    assertStringIncludes(
      await Deno.readTextFile(join(sandbox.ternHome, "skills", "review", "SKILL.md")),
      "name: review",
    );
    assertEquals(await Deno.readTextFile(join(ws, "AGENTS.md")), "# Rules\nSee AGENTS.md for more.\n");

    // The same import again: nothing added twice.
    const files = [
      userConfig,
      join(sandbox.ternHome, "hooks.json"),
      join(ws, ".tern", "config.jsonc"),
      join(ws, "AGENTS.md"),
    ];
    const before = await Promise.all(files.map((f) => Deno.readTextFile(f)));
    const again = await client.call("externalAgentConfig/import", { migrationItems: detected.items });
    const second = await client.notification(
      "externalAgentConfig/import/completed",
      (p) => p.importId === again.importId,
    );
    assert(second.params.itemTypeResults.length > 0);
    assertEquals(await Promise.all(files.map((f) => Deno.readTextFile(f))), before);

    // `details` choose which servers of an item to import.
    const only = { ...claudeMcp, details: { mcpServers: [{ name: "docs" }] } };
    const third = await client.call("externalAgentConfig/import", { migrationItems: [only] });
    const picked = await client.notification(
      "externalAgentConfig/import/completed",
      (p) => p.importId === third.importId,
    );
    // Only "docs" (whose name the user's config already has), not "secret".
    const [only1] = picked.params.itemTypeResults;
    // deno-lint-ignore no-explicit-any
    assertEquals(only1.failures.map((f: any) => f.source), [`${join(home, ".claude.json")}: docs`]);
    assertEquals(only1.successes, []);
  } finally {
    await server.stop();
    await sandbox.cleanup();
  }
});
