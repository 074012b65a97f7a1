/**
 * @module
 * Tests for the `skills` context contributor: the listing, the budget warning and broken skills.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import type { ContextRequest } from "../../kernel/mod.ts";
import { skillMd, tree } from "./_testing.ts";
import { createSkillsContributor } from "./listing.ts";
import { SkillsManager } from "./manager.ts";

const request = (cwd: string) => ({ cwd, threadId: "t", turnId: "u" }) as ContextRequest;

Deno.test("the skills contributor lists enabled skills in a developer message every turn", async () => {
  await using t = await tree({
    "ws/.agents/skills/lint/SKILL.md": skillMd({ description: "Runs the linters" }),
    "ws/.agents/skills/off/SKILL.md": skillMd({ description: "Turned off" }),
  });
  const manager = new SkillsManager({ ternHome: t.path("home"), home: null, watch: false, disabled: ["off"] });
  const contributor = createSkillsContributor({ manager, budgetBytes: 8192, warn: () => {} });
  const [fragment] = await contributor.contribute(request(t.path("ws")));
  assertEquals(fragment.role, "developer");
  assertStringIncludes(fragment.text, `- lint: Runs the linters (file: ${t.path("ws/.agents/skills/lint/SKILL.md")})`);
  assertEquals(fragment.text.includes("- off"), false);
});

Deno.test("the skills contributor warns once when the list is over budget, and once per broken skill", async () => {
  const files: Record<string, string> = { "ws/.agents/skills/broken/SKILL.md": "no frontmatter" };
  for (let i = 0; i < 20; i++) files[`ws/.agents/skills/s${i}/SKILL.md`] = skillMd({ description: "x ".repeat(200) });
  await using t = await tree(files);
  const warnings: string[] = [];
  const manager = new SkillsManager({ ternHome: t.path("home"), home: null, watch: false });
  const contributor = createSkillsContributor({ manager, budgetBytes: 4000, warn: (m) => warnings.push(m) });
  for (let turn = 0; turn < 3; turn++) {
    const [fragment] = await contributor.contribute(request(t.path("ws")));
    assertEquals(new TextEncoder().encode(fragment.text).length <= 4000, true);
  }
  assertEquals(warnings.length, 2);
  assertStringIncludes(warnings[0], "broken/SKILL.md: Cannot read the frontmatter");
  assertStringIncludes(warnings[1], "over skills.promptBudgetBytes (4000 bytes)");
});

Deno.test("the skills contributor adds nothing where there are no skills", async () => {
  await using t = await tree({ "ws/x.txt": "" });
  const manager = new SkillsManager({ ternHome: t.path("home"), home: null, watch: false });
  const contributor = createSkillsContributor({ manager, budgetBytes: 8192, warn: () => {} });
  assertEquals(await contributor.contribute(request(t.path("ws"))), []);
});
