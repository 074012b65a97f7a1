import { assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { makeSandbox, runTern } from "../../test/support/tern_process.ts";

// deno-lint-ignore no-explicit-any
type Report = any;

Deno.test("tern doctor reports a broken config layer, a broken hooks.json, an invalid skill and a failed plugin with file and line, and exits 1", async () => {
  const sandbox = await makeSandbox();
  try {
    const config = join(sandbox.ternHome, "config.jsonc");
    await Deno.writeTextFile(config, '{\n  // my settings\n  "approvalPolicy": "sometimes"\n}\n');
    const hooks = join(sandbox.ternHome, "hooks.json");
    await Deno.writeTextFile(hooks, '{\n  "hooks": {\n    "Stop": []\n    "PreToolUse": []\n  }\n}\n');
    const skill = join(sandbox.workspace, ".agents", "skills", "bad", "SKILL.md");
    await Deno.mkdir(join(skill, ".."), { recursive: true });
    await Deno.writeTextFile(skill, "---\nname: bad\ndescription: [1, 2]\n---\nBody\n");
    const plugin = join(sandbox.root, "broken-plugin");
    await Deno.mkdir(plugin);
    await Deno.writeTextFile(join(plugin, "plugin.jsonc"), '{\n  "name": "Broken Plugin"\n}\n');

    const run = await runTern(sandbox, ["-c", `extraPlugins=${JSON.stringify([plugin])}`, "doctor", "--json"]);
    assertEquals(run.code, 1, run.stderr);
    const report: Report = JSON.parse(run.stdout);
    assertEquals(report.ok, false);
    const places = report.problems
      .filter((p: Report) => p.severity === "error")
      .map((p: Report) => [p.section, p.file, p.line]);
    assertEquals(places, [
      ["config", config, 3],
      ["plugins", join(plugin, "plugin.jsonc"), 2],
      ["hooks", hooks, 4],
      ["skills", skill, 3],
    ]);
    assertEquals(report.config.layers.map((l: Report) => l.kind), ["default", "cli"], "the broken layer is left out");
    assertEquals(report.plugins.find((p: Report) => p.spec === plugin).status, "failed");

    const human = await runTern(sandbox, ["-C", sandbox.workspace, "doctor"]);
    assertEquals(human.code, 1);
    assertStringIncludes(human.stdout, `error   [config] ${config}:3:`);
    assertStringIncludes(human.stdout, `error   [hooks] ${hooks}:4:5: Cannot parse hooks file: expected ","`);
    assertStringIncludes(human.stdout, `error   [skills] ${skill}:3: Invalid skill`);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("tern doctor shows config hooks at their line, the tools they fire for, invalid MCP servers, and exits 0 without errors", async () => {
  const sandbox = await makeSandbox();
  try {
    const config = join(sandbox.ternHome, "config.jsonc");
    await Deno.writeTextFile(
      config,
      JSON.stringify(
        {
          hooks: { PostToolUse: [{ matcher: "apply_patch", hooks: [{ type: "command", command: "./fmt.sh" }] }] },
          mcpServers: { both: { command: "x", url: "http://localhost/mcp" } },
        },
        null,
        2,
      ),
    );
    const broken = await runTern(sandbox, ["doctor", "--json"]);
    assertEquals(broken.code, 1);
    const report: Report = JSON.parse(broken.stdout);
    assertEquals([report.hooks.hooks[0].file, report.hooks.hooks[0].line], [config, 7]);
    const applyPatch = report.hooks.byTool.find((t: Report) => t.tool === "apply_patch");
    assertEquals([applyPatch.PreToolUse, applyPatch.PostToolUse], [[], [0]]);
    assertEquals(report.hooks.byTool.find((t: Report) => t.tool === "shell_command").PostToolUse, []);
    const server = report.mcp.servers[0];
    assertEquals([server.name, server.from, server.file, server.line], ["both", "config", config, 16]);
    assertStringIncludes(server.error, 'set exactly one of "command" (stdio) or "url"');

    await Deno.writeTextFile(config, "{}\n");
    const clean = await runTern(sandbox, ["doctor"]);
    assertEquals(clean.code, 0, clean.stdout);
    assertStringIncludes(clean.stdout, "No problems found.");
    assertEquals((await runTern(sandbox, ["doctor", "--bogus"])).code, 2);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("tern doctor gives a plugin's skill the scope tern skills list gives it (plugin, not user)", async () => {
  const sandbox = await makeSandbox();
  try {
    const plugin = join(sandbox.root, "skilled");
    await Deno.mkdir(join(plugin, "skills", "greet"), { recursive: true });
    await Deno.writeTextFile(
      join(plugin, "plugin.jsonc"),
      JSON.stringify({ name: "skilled", entry: null, contributes: { skills: ["./skills"] } }),
    );
    await Deno.writeTextFile(
      join(plugin, "skills", "greet", "SKILL.md"),
      "---\nname: greet\ndescription: Greets people\n---\nSay hello.\n",
    );
    const load = ["-c", `extraPlugins=${JSON.stringify([plugin])}`];
    const listed = await runTern(sandbox, [...load, "skills", "list"]);
    assertEquals(listed.code, 0, listed.stderr);
    assertStringIncludes(listed.stdout, "skilled:greet  plugin");

    const doctor = await runTern(sandbox, [...load, "doctor", "--json"]);
    const report: Report = JSON.parse(doctor.stdout);
    assertEquals(report.skills.skills.find((s: Report) => s.name === "skilled:greet")?.scope, "plugin", doctor.stdout);
    const human = await runTern(sandbox, [...load, "doctor"]);
    assertStringIncludes(human.stdout, `  skilled:greet  plugin  ${join(plugin, "skills", "greet", "SKILL.md")}`);
  } finally {
    await sandbox.cleanup();
  }
});
