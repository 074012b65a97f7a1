/**
 * @module
 * Tests for the skills listing in the prompt and its byte budget.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import type { Skill } from "./catalog.ts";
import { renderSkillsList } from "./prompt.ts";

const skill = (name: string, description: string): Skill => ({
  name,
  description,
  shortDescription: null,
  path: `/ws/.agents/skills/${name}/SKILL.md`,
  dir: `/ws/.agents/skills/${name}`,
  realDir: `/ws/.agents/skills/${name}`,
  scope: "repo",
  env: [],
  permissions: null,
  enabled: true,
});
const size = (text: string | null) => new TextEncoder().encode(text ?? "").length;

Deno.test("renderSkillsList() lists every skill's name, description and path when they fit", () => {
  const { text, truncatedTo, omitted } = renderSkillsList([skill("lint", "Runs  the\nlinters")], 8192);
  assertStringIncludes(text!, "- lint: Runs the linters (file: /ws/.agents/skills/lint/SKILL.md)");
  assert(text!.startsWith("<skills_instructions>") && text!.endsWith("</skills_instructions>"));
  assertEquals([truncatedTo, omitted], [null, 0]);
});

Deno.test("renderSkillsList() shortens descriptions first to stay within the budget", () => {
  const skills = Array.from({ length: 10 }, (_, i) => skill(`s${i}`, "word ".repeat(100).trim()));
  const full = renderSkillsList(skills, 1_000_000).text!;
  const budget = size(full) - 2000;
  const { text, truncatedTo, omitted } = renderSkillsList(skills, budget);
  assert(size(text) <= budget, `${size(text)} > ${budget}`);
  assertEquals(omitted, 0);
  assert(truncatedTo! > 0 && truncatedTo! < 499);
  assertStringIncludes(text!, "…");
  for (let i = 0; i < 10; i++) assertStringIncludes(text!, `- s${i}: word`);
});

Deno.test("renderSkillsList() leaves out the last skills when even bare names and paths do not fit", () => {
  const skills = Array.from({ length: 50 }, (_, i) => skill(`skill-${i}`, "desc"));
  const { text, truncatedTo, omitted } = renderSkillsList(skills, 2000);
  assert(size(text) <= 2000);
  assertEquals(truncatedTo, 0);
  assert(omitted > 0 && omitted < 50);
  assertStringIncludes(text!, "- skill-0 (file: ");
  assertEquals(text!.includes(`skill-49`), false, "the lowest-precedence skills go first");
});

Deno.test("renderSkillsList() renders nothing without skills or with a zero budget", () => {
  assertEquals(renderSkillsList([], 8192).text, null);
  assertEquals(renderSkillsList([skill("a", "b")], 0).text, null);
  assertEquals(renderSkillsList([skill("a", "b")], 10), { text: null, truncatedTo: 0, omitted: 1 });
});
