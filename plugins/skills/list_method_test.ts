/**
 * @module
 * Tests for the `skills/list` method: the response shape and the validation of its params.
 */
import { assertEquals, assertRejects } from "@std/assert";
import { skillMd, tree } from "./_testing.ts";
import { createSkillsListHandler } from "./list_method.ts";
import { SkillsManager } from "./manager.ts";

Deno.test("skills/list answers Codex's shape for each cwd, with dependencies, scopes and errors", async () => {
  await using t = await tree({
    "a/.agents/skills/deploy/SKILL.md": skillMd(
      { description: "Deploys" },
    ).replace(
      "---\n\n",
      "metadata:\n  short-description: Deploy it\n  env:\n    - {name: TOKEN, description: API token}\n---\n\n",
    ),
    "a/.agents/skills/bad/SKILL.md": "oops",
    "b/.tern/skills/notes/SKILL.md": skillMd({ description: "Notes" }),
  });
  const manager = new SkillsManager({ ternHome: t.path("home"), home: null, watch: false, disabled: ["notes"] });
  const list = createSkillsListHandler(manager, () => t.path("a"));
  assertEquals(await list({ cwds: [t.path("a"), t.path("b")] }), {
    data: [
      {
        cwd: t.path("a"),
        skills: [{
          name: "deploy",
          description: "Deploys",
          shortDescription: "Deploy it",
          dependencies: { tools: [{ type: "env_var", value: "TOKEN", description: "API token" }] },
          path: t.path("a/.agents/skills/deploy/SKILL.md"),
          scope: "repo",
          origin: "repo",
          enabled: true,
        }],
        errors: [{
          path: t.path("a/.agents/skills/bad/SKILL.md"),
          message: "Cannot read the frontmatter: SKILL.md must start with a --- line",
        }],
      },
      {
        cwd: t.path("b"),
        skills: [{
          name: "notes",
          description: "Notes",
          path: t.path("b/.tern/skills/notes/SKILL.md"),
          scope: "repo",
          origin: "repo",
          enabled: false,
        }],
        errors: [],
      },
    ],
  });
  const byDefault = (await list({})) as { data: { cwd: string }[] };
  assertEquals(byDefault.data.map((d) => d.cwd), [t.path("a")], "no cwds: the workspace");
});

Deno.test("skills/list rejects bad params with a TypeError naming the field", async () => {
  const manager = new SkillsManager({ ternHome: "/nonexistent", home: null, watch: false });
  const list = createSkillsListHandler(manager, () => "/");
  await assertRejects(() => list({ cwds: [3] }), TypeError, '"cwds.0" is invalid');
  await assertRejects(() => list({ forceReload: "yes" }), TypeError, '"forceReload" is invalid');
  await assertRejects(() => list({ cwds: ["relative/dir"] }), TypeError, '"cwds.0" must be an absolute path');
  await assertRejects(() => list("nope"), TypeError, '"params" is invalid');
});
