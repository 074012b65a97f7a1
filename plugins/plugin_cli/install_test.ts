import { assertEquals, assertStringIncludes } from "@std/assert";
import { fromFileUrl, join } from "@std/path";
import { makeSandbox, runTern } from "../../test/support/tern_process.ts";

const EXAMPLE = fromFileUrl(new URL("../../examples/claude_plugin", import.meta.url));

Deno.test("tern plugin install adds a Claude Code plugin to the user config, keeping its comments, and it loads", async () => {
  const sandbox = await makeSandbox();
  try {
    const config = join(sandbox.ternHome, "config.jsonc");
    const original = '{\n  // My model, chosen with care\n  "model": "o3", // keep this\n  /* plugins below */\n}\n';
    await Deno.writeTextFile(config, original);
    const run = await runTern(sandbox, ["plugin", "install", EXAMPLE]);
    assertEquals(run.code, 0, run.stderr);
    assertStringIncludes(run.stdout, `Installed plugin "git-guard" (a Claude Code plugin): added "${EXAMPLE}"`);
    assertStringIncludes(run.stdout, '2 of its parts cannot be loaded by Tern; "tern doctor" lists them');
    const text = await Deno.readTextFile(config);
    for (const kept of ["// My model, chosen with care", '"model": "o3", // keep this', "/* plugins below */"]) {
      assertStringIncludes(text, kept);
    }
    assertEquals(JSON.parse(text.replace(/\/\/.*|\/\*.*\*\//g, "")), { model: "o3", extraPlugins: [EXAMPLE] });

    const skills = await runTern(sandbox, ["skills", "list", "--json"]);
    assertEquals(JSON.parse(skills.stdout).data[0].skills[0].name, "git-guard:release-checklist");
    const again = await runTern(sandbox, ["plugin", "install", EXAMPLE]);
    assertEquals(again.code, 1);
    assertStringIncludes(again.stderr, 'a plugin named "git-guard" is already loaded');
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("tern plugin install --project writes a path relative to the project, and refuses a folder that is no plugin", async () => {
  const sandbox = await makeSandbox();
  try {
    // A manifest-only plugin: data only, no entry module.
    const plugin = join(sandbox.workspace, "tools", "team-notes");
    await Deno.mkdir(join(plugin, "skills", "notes"), { recursive: true });
    await Deno.writeTextFile(
      join(plugin, "plugin.jsonc"),
      '{ "name": "team-notes", "entry": null, "contributes": { "skills": ["./skills"] } }',
    );
    await Deno.writeTextFile(join(plugin, "skills", "notes", "SKILL.md"), "---\ndescription: Team notes\n---\n");
    const projectConfig = join(sandbox.workspace, ".tern", "config.jsonc");
    await Deno.mkdir(join(projectConfig, ".."));
    await Deno.writeTextFile(
      projectConfig,
      '{\n  // team settings\n  "extraPlugins": [\n    "./other" // ours\n  ]\n}\n',
    );
    const run = await runTern(sandbox, ["plugin", "install", "tools/team-notes", "--project"]);
    assertEquals(run.code, 0, run.stderr);
    assertStringIncludes(run.stdout, `added "./tools/team-notes" to "extraPlugins" in ${projectConfig}`);
    assertStringIncludes(run.stdout, "The project is not trusted");
    await runTern(sandbox, ["trust"]);
    const skills = await runTern(sandbox, ["skills", "list", "--json"]);
    assertEquals(JSON.parse(skills.stdout).data[0].skills.map((s: { name: string }) => s.name), ["team-notes:notes"]);
    assertEquals(
      await Deno.readTextFile(projectConfig),
      '{\n  // team settings\n  "extraPlugins": [\n    "./other", // ours\n    "./tools/team-notes"\n  ]\n}\n',
    );

    const empty = join(sandbox.workspace, "empty");
    await Deno.mkdir(empty);
    const refused = await runTern(sandbox, ["plugin", "install", "empty"]);
    assertEquals(refused.code, 1);
    assertStringIncludes(
      refused.stderr,
      `Cannot install "empty": ${join(empty, "plugin.jsonc")}: Cannot read plugin manifest`,
    );
    assertEquals((await Deno.readTextFile(join(sandbox.ternHome, "config.jsonc"))).includes("empty"), false);
    assertEquals((await runTern(sandbox, ["plugin", "install"])).code, 2);
  } finally {
    await sandbox.cleanup();
  }
});
