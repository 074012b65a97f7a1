/**
 * @module
 * Tests for `$name` mentions and the `<skill>` block.
 */
import { assertEquals } from "@std/assert";
import type { Skill } from "./catalog.ts";
import { findMentions, renderSkillBlock } from "./mentions.ts";

const skill = (name: string, enabled = true) => ({ name, enabled, path: `/s/${name}/SKILL.md` }) as Skill;
const skills = [skill("commit-message"), skill("release-notes"), skill("acme:deploy"), skill("off", false)];

Deno.test("findMentions() finds $name mentions of enabled skills, once each, in order", () => {
  const found = findMentions("Use $release-notes, then $commit-message. Again: $release-notes!", skills);
  assertEquals(found.map((s) => s.name), ["release-notes", "commit-message"]);
});

Deno.test("findMentions() matches plugin skills and ignores shell variables, prices and disabled skills", () => {
  const found = findMentions("Run $acme:deploy with $HOME for $5 (not $off, not a$commit-message)", skills);
  assertEquals(found.map((s) => s.name), ["acme:deploy"]);
});

Deno.test("renderSkillBlock() wraps the whole SKILL.md in Codex's <skill> form", () => {
  assertEquals(
    renderSkillBlock({ name: "x", path: "/s/x/SKILL.md" }, "---\ndescription: d\n---\nBody\n"),
    "<skill>\n<name>x</name>\n<path>/s/x/SKILL.md</path>\n---\ndescription: d\n---\nBody\n</skill>",
  );
});
