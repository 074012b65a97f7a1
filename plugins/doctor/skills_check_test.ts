import { assertEquals } from "@std/assert";
import { lineOfSkillError } from "./skills_check.ts";

const SKILL = "---\nname: deploy\ndescription: [1]\nmetadata:\n  env:\n    - name: 1TOKEN\n---\nBody\n";

Deno.test("lineOfSkillError() points at the frontmatter key the message names, else the first line", () => {
  assertEquals(lineOfSkillError(SKILL, 'Cannot use "description": it must be a string'), 3);
  assertEquals(lineOfSkillError(SKILL, 'Cannot use "metadata.env[0].name": it must be an environment variable'), 6);
  assertEquals(lineOfSkillError(SKILL, "Cannot read the frontmatter: no closing --- line"), 1);
  assertEquals(lineOfSkillError(SKILL, 'Cannot use "Body": unknown'), 1, "only frontmatter lines count");
});
