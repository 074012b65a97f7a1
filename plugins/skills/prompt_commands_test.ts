/**
 * Tests for `prompts/list`: a Tern plugin's `contributes.promptCommands` (files and folders) read
 * with their frontmatter, and a broken command file reported with its path.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { readPluginManifest } from "../../kernel/mod.ts";
import { listPromptCommands } from "./prompt_commands.ts";

Deno.test("listPromptCommands() reads a Tern plugin's contributes.promptCommands and reports a broken file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tern-prompt-commands-" });
  try {
    await Deno.mkdir(join(dir, "prompts/nested"), { recursive: true });
    await Deno.writeTextFile(
      join(dir, "plugin.jsonc"),
      JSON.stringify({ name: "deployer", entry: null, contributes: { promptCommands: ["./deploy.md", "./prompts"] } }),
    );
    await Deno.writeTextFile(
      join(dir, "deploy.md"),
      "---\ndescription: Deploy\nargument-hint: ENV\n---\nDeploy to $1.\n",
    );
    await Deno.writeTextFile(join(dir, "prompts/nested/plain.md"), "Just text, no frontmatter.\n");
    await Deno.writeTextFile(join(dir, "prompts/broken.md"), "---\ndescription: never closed\n");
    await Deno.writeTextFile(join(dir, "prompts/notes.txt"), "not a command");
    const manifest = await readPluginManifest(dir);
    const { data, errors } = await listPromptCommands([
      { name: manifest.name, dir, status: "loaded", contributes: manifest.contributes },
    ]);
    assertEquals(data.map((c) => [c.plugin, c.name, c.description, c.argumentHint, c.content]), [
      ["deployer", "deploy", "Deploy", "ENV", "Deploy to $1."],
      ["deployer", "plain", null, null, "Just text, no frontmatter."],
    ]);
    assertEquals(errors.map((e) => e.path), [join(dir, "prompts/broken.md")]);
    assertStringIncludes(errors[0].message, "no closing --- line");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
