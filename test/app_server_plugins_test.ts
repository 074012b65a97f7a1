/**
 * `plugin/list` and `plugin/read` through a real `tern app-server`: every plugin with its status
 * (loaded, failed with the error, a built-in left out of the list as disabled, an untrusted
 * project's plugin as untrusted), grouped by the config that lists it, in Codex's shapes; and a
 * Claude Code plugin's skills, hooks and MCP servers in `plugin/read`.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { DEFAULT_PLUGINS } from "../plugins/default_plugins.ts";
import { spawnStdioServer } from "./support/app_server_process.ts";
import { makeSandbox } from "./support/tern_process.ts";

async function write(path: string, text: string): Promise<void> {
  await Deno.mkdir(join(path, ".."), { recursive: true });
  await Deno.writeTextFile(path, text);
}

/** A Claude Code plugin: a skill, a PreToolUse hook and an MCP server. */
async function claudePlugin(dir: string): Promise<void> {
  await write(
    join(dir, ".claude-plugin", "plugin.json"),
    JSON.stringify({ name: "cc-notes", version: "1.2.0", description: "Notes" }),
  );
  await write(
    join(dir, "skills", "jot", "SKILL.md"),
    "---\nname: jot\ndescription: Jots a note down\n---\nWrite it.\n",
  );
  await write(
    join(dir, "hooks", "hooks.json"),
    JSON.stringify({ hooks: { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "true" }] }] } }),
  );
  await write(join(dir, ".mcp.json"), JSON.stringify({ mcpServers: { notes: { command: "notes-server" } } }));
}

Deno.test("app-server: plugin/list gives each plugin's status and contributions; plugin/read a plugin's skills, hooks and MCP servers", async () => {
  const sandbox = await makeSandbox();
  const cc = join(sandbox.root, "cc-notes");
  await claudePlugin(cc);
  const broken = join(sandbox.root, "broken");
  await write(join(broken, "plugin.jsonc"), JSON.stringify({ name: "broken", timeouts: { setupSec: "soon" } }));
  const userConfig = join(sandbox.ternHome, "config.jsonc");
  await write(
    userConfig,
    JSON.stringify({
      plugins: DEFAULT_PLUGINS.filter((p) => p !== "builtin:doctor"),
      extraPlugins: [cc, broken],
    }),
  );
  const projectConfig = join(sandbox.workspace, ".tern", "config.jsonc");
  await write(projectConfig, JSON.stringify({ extraPlugins: ["./tools/evil"] }));
  const server = spawnStdioServer(sandbox);
  try {
    const { client } = server;
    await client.initialize();
    const list = await client.call("plugin/list", {});
    // deno-lint-ignore no-explicit-any
    const byName = new Map<string, any>(
      // deno-lint-ignore no-explicit-any
      list.marketplaces.flatMap((m: any) => m.plugins.map((p: any) => [p.name, { ...p, marketplace: m }])),
    );
    const shell = byName.get("shell");
    assertEquals([shell.status, shell.enabled, shell.installed, shell.id], ["loaded", true, true, "shell@builtin"]);
    assertEquals(shell.contributions.tools, ["shell_command"]);
    assertEquals(shell.source.type, "local");
    assertEquals(shell.marketplace.path, null);

    const doctor = byName.get("doctor");
    assertEquals([doctor.status, doctor.enabled], ["disabled", false]);

    const notes = byName.get("cc-notes");
    assertEquals([notes.status, notes.enabled, notes.version], ["loaded", true, "1.2.0"]);
    assertEquals(notes.marketplace.name, "user");
    assertEquals(notes.marketplace.path, userConfig);
    assertEquals(notes.contributions.mcpServers, ["notes"]);
    assertEquals(notes.source, { type: "local", path: cc });

    const failed = byName.get("broken");
    assertEquals([failed.status, failed.enabled], ["failed", false]);
    assertStringIncludes(failed.error, "setupSec");
    assert(
      // deno-lint-ignore no-explicit-any
      list.marketplaceLoadErrors.some((e: any) => e.message.includes("broken")),
      JSON.stringify(list.marketplaceLoadErrors),
    );

    const evil = byName.get("evil");
    assertEquals([evil.status, evil.enabled, evil.installed], ["untrusted", false, false]);
    assertEquals(evil.marketplace.path, projectConfig);
    assertStringIncludes(evil.error, "not trusted");

    const skills = byName.get("skills");
    assert(skills.contributions.methods.includes("skills/list"), JSON.stringify(skills.contributions));

    const read = (await client.call("plugin/read", { pluginName: "cc-notes" })).plugin;
    assertEquals(read.summary.name, "cc-notes");
    assertEquals([read.marketplaceName, read.marketplacePath, read.description], ["user", userConfig, "Notes"]);
    // deno-lint-ignore no-explicit-any
    assertEquals(read.skills.map((s: any) => [s.name, s.description, s.enabled]), [[
      "cc-notes:jot",
      "Jots a note down",
      true,
    ]]);
    // deno-lint-ignore no-explicit-any
    assertEquals(read.hooks.map((h: any) => h.eventName), ["preToolUse"]);
    assertEquals(read.mcpServers, ["notes"]);

    const unknown = await client.request("plugin/read", { pluginName: "nope" });
    assertStringIncludes(unknown.error!.message, 'Unknown plugin "nope"');
  } finally {
    await server.stop();
    await sandbox.cleanup();
  }
});
