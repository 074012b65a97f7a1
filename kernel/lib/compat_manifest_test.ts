import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { ConfigError } from "../base/errors.ts";
import { readCompatManifest, readPluginManifest } from "./compat_manifest.ts";

/** Writes `files` (relative path → text) under a new temp folder named `name`. */
async function pluginFolder(name: string, files: Record<string, string>): Promise<{ dir: string; root: string }> {
  const root = await Deno.makeTempDir();
  const dir = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(join(dir, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, path), text);
  }
  return { dir, root };
}

const hooksJson = JSON.stringify(
  {
    hooks: {
      PostToolUse: [{ matcher: "Edit|Write", hooks: [{ type: "command", command: '"${CLAUDE_PLUGIN_ROOT}/fmt.sh"' }] }],
      Notification: [{ hooks: [{ type: "command", command: "notify-send hi" }] }],
      Stop: [{ hooks: [{ type: "prompt", prompt: "done?" }, { type: "command", command: "x", async: true }] }],
    },
  },
  null,
  2,
);

Deno.test("readCompatManifest() maps a Claude Code plugin's skills, hooks file and .mcp.json onto a manifest-only plugin", async () => {
  const { dir, root } = await pluginFolder("commit-helper", {
    ".claude-plugin/plugin.json": JSON.stringify({
      name: "commit-helper",
      version: "1.2.0",
      description: "Writes commit messages",
      author: { name: "Ada" },
      license: "MIT",
    }),
    "skills/commit-message/SKILL.md": "---\ndescription: Writes commit messages\n---\nBody\n",
    "hooks/hooks.json": hooksJson,
    ".mcp.json": JSON.stringify({
      mcpServers: {
        files: {
          command: "${CLAUDE_PLUGIN_ROOT}/bin/server",
          args: ["--root", "${CLAUDE_PLUGIN_ROOT}"],
          type: "stdio",
        },
        remote: { type: "http", url: "https://example.com/mcp", headers: { "X-Key": "${TERN_TEST_UNSET_VAR:-none}" } },
        legacy: { type: "sse", url: "https://example.com/sse" },
        tuned: { command: "srv", timeout: 5 },
      },
    }),
  });
  try {
    const manifest = await readCompatManifest(dir);
    assert(manifest);
    assertEquals([manifest.name, manifest.version, manifest.description, manifest.entry], [
      "commit-helper",
      "1.2.0",
      "Writes commit messages",
      null,
    ]);
    assertEquals(manifest.contributes.skills, ["./skills"]);
    assertEquals(manifest.contributes.hooksFiles, ["./hooks/hooks.json"]);
    assertEquals(manifest.contributes.mcpServers, {
      files: { command: `${dir}/bin/server`, args: ["--root", dir] },
      remote: { url: "https://example.com/mcp", headers: { "X-Key": "none" } },
      tuned: { command: "srv" },
    });
    assertEquals(manifest.source?.format, "claude");
    assertEquals(manifest.source?.metadata, { author: { name: "Ada" }, license: "MIT" });
    const unmapped = manifest.source!.unmapped.map((u) => [u.file.slice(dir.length + 1), u.field]);
    assertEquals(unmapped, [
      ["hooks/hooks.json", "hooks.Notification"],
      ["hooks/hooks.json", "hooks.Stop[0].hooks[0]"],
      ["hooks/hooks.json", "hooks.Stop[0].hooks[1].async"],
      [".mcp.json", "mcpServers.legacy.type"],
      [".mcp.json", "mcpServers.tuned.timeout"],
    ]);
    const notification = manifest.source!.unmapped[0];
    assertEquals(notification.line, 14);
    assertStringIncludes(notification.reason, 'Tern has no "Notification" event');
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("readCompatManifest() maps commands/ to prompt commands; lists agents and fields Tern has no counterpart for, and hooks written inline", async () => {
  const { dir, root } = await pluginFolder("reviewer", {
    ".claude-plugin/plugin.json": JSON.stringify(
      {
        name: "reviewer",
        userConfig: { token: { type: "string" } },
        skills: ["./extra-skills", "../outside"],
        hooks: { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "check" }] }] },
        commands: ["./more-commands/deploy.md"],
        frobnicate: true,
      },
      null,
      2,
    ),
    "commands/review.md": "---\ndescription: Review\n---\nReview $ARGUMENTS\n",
    "agents/critic.md": "---\ndescription: Critic\n---\n",
  });
  try {
    const manifest = await readCompatManifest(dir);
    assert(manifest);
    assertEquals(manifest.contributes.skills, ["./extra-skills"]);
    assertEquals(manifest.contributes.hooksFiles, ["./.claude-plugin/plugin.json"]);
    assertEquals(manifest.contributes.promptCommands, ["./commands", "./more-commands/deploy.md"]);
    const fields = manifest.source!.unmapped.map((u) => u.field);
    assertEquals(fields, ["userConfig", "frobnicate", "skills", "agents/"]);
    assertStringIncludes(manifest.source!.unmapped[2].reason, '"../outside" must be a relative path');
    assertEquals(manifest.source!.unmapped[0].line, 3);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("readCompatManifest() reads a Codex plugin, its name defaulting to the folder's, and returns null for other folders", async () => {
  const { dir, root } = await pluginFolder("lint-kit", {
    ".codex-plugin/plugin.json": JSON.stringify({ skills: "./skills", interface: { displayName: "Lint kit" } }),
    "skills/lint/SKILL.md": "---\ndescription: Lints\n---\n",
    ".app.json": "{}",
  });
  try {
    const manifest = await readCompatManifest(dir);
    assertEquals(manifest?.name, "lint-kit");
    assertEquals(manifest?.source?.format, "codex");
    assertEquals(manifest?.contributes.skills, ["./skills"]);
    assertEquals(manifest?.source?.metadata, { interface: { displayName: "Lint kit" } });
    assertEquals(manifest?.source?.unmapped.map((u) => u.field), [".app.json"]);
    assertEquals(await readCompatManifest(root), null);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("readPluginManifest() prefers plugin.jsonc, and names the file and line of a broken Claude manifest", async () => {
  const { dir, root } = await pluginFolder("both", {
    "plugin.jsonc": '{ "name": "native" }',
    ".claude-plugin/plugin.json": '{ "name": "claude" }',
  });
  const broken = await pluginFolder("broken", {
    ".claude-plugin/plugin.json": '{\n  "name": "x",\n  "version": 1,,\n}',
  });
  const empty = await pluginFolder("empty", { "README.md": "hi" });
  try {
    assertEquals((await readPluginManifest(dir)).name, "native");
    const error = await assertRejects(() => readPluginManifest(broken.dir), ConfigError);
    assertStringIncludes(error.message, `${join(broken.dir, ".claude-plugin/plugin.json")}:3:`);
    const none = await assertRejects(() => readPluginManifest(empty.dir), ConfigError);
    assertStringIncludes(none.message, "no plugin.jsonc, .claude-plugin/plugin.json or .codex-plugin/plugin.json");
  } finally {
    for (const r of [root, broken.root, empty.root]) await Deno.remove(r, { recursive: true });
  }
});
