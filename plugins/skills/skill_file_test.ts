/**
 * @module
 * Tests for reading a `SKILL.md`: its fields, defaults and the errors that name a bad field.
 */
import { assertEquals, assertRejects, assertThrows } from "@std/assert";
import { parseSkillFile, splitFrontmatter } from "./skill_file.ts";

Deno.test("parseSkillFile() reads name, description, short description, env and permissions", async () => {
  const text = [
    "---",
    "name: deploy",
    "description: Deploys the service to staging",
    "metadata:",
    "  short-description: Deploy to staging",
    "  env:",
    "    - name: DEPLOY_TOKEN",
    "      description: token for the deploy API",
    "    - REGION",
    "permissions:",
    "  network: true",
    "license: MIT",
    "---",
    "# Deploy",
  ].join("\n");
  assertEquals(await parseSkillFile(text, "folder"), {
    name: "deploy",
    description: "Deploys the service to staging",
    shortDescription: "Deploy to staging",
    env: [{ name: "DEPLOY_TOKEN", description: "token for the deploy API" }, { name: "REGION", description: null }],
    permissions: { network: true },
  });
});

Deno.test("parseSkillFile() names a skill after its folder when the frontmatter has no name", async () => {
  const meta = await parseSkillFile("---\ndescription: Writes commit messages\n---\nBody", "commit-message");
  assertEquals(meta.name, "commit-message");
});

Deno.test("splitFrontmatter() separates the YAML from the Markdown body, with a BOM and CRLF lines", () => {
  assertEquals(splitFrontmatter("\uFEFF---\r\na: 1\r\n---\r\nbody\r\n"), { frontmatter: "a: 1", body: "body\n" });
});

Deno.test("parseSkillFile() rejects a SKILL.md without frontmatter or with an unclosed one", async () => {
  await assertRejects(() => parseSkillFile("# Just markdown", "x"), SyntaxError, "must start with a --- line");
  await assertRejects(() => parseSkillFile("---\ndescription: d\n", "x"), SyntaxError, "no closing --- line");
});

Deno.test("parseSkillFile() reports YAML it cannot parse", async () => {
  await assertRejects(
    () => parseSkillFile("---\ndescription: [unclosed\n---\n", "x"),
    SyntaxError,
    "Cannot parse the frontmatter as YAML",
  );
  await assertRejects(() => parseSkillFile("---\n- a\n- b\n---\n", "x"), TypeError, "must be a YAML mapping");
});

Deno.test("parseSkillFile() requires a description and names the field that is wrong", async () => {
  await assertRejects(() => parseSkillFile("---\nname: x\n---\n", "x"), TypeError, '"description" is required');
  await assertRejects(
    () => parseSkillFile(`---\nname: ${"n".repeat(65)}\ndescription: d\n---\n`, "x"),
    RangeError,
    '"name": it has 65 characters, more than 64',
  );
  await assertRejects(
    () => parseSkillFile(`---\ndescription: ${"d".repeat(1025)}\n---\n`, "x"),
    RangeError,
    '"description": it has 1025 characters',
  );
  await assertRejects(
    () => parseSkillFile('---\ndescription: d\nmetadata:\n  env: ["not a name"]\n---\n', "x"),
    TypeError,
    '"metadata.env[0].name"',
  );
  await assertRejects(() => parseSkillFile("---\ndescription: 42\n---\n", "x"), TypeError, '"description"');
  await assertRejects(
    () => parseSkillFile(`---\ndescription: d\nmetadata:\n  short-description: ${"s".repeat(1025)}\n---\n`, "x"),
    RangeError,
    '"metadata.short-description": it has 1025 characters',
  );
  await assertRejects(
    () => parseSkillFile('---\nname: "two\\nlines"\ndescription: d\n---\n', "x"),
    TypeError,
    '"name": it must fit on one line',
  );
  assertEquals((await parseSkillFile(`---\nname: ${"n".repeat(64)}\ndescription: d\n---\n`, "x")).name.length, 64);
});

Deno.test("splitFrontmatter() throws SyntaxError for text that does not start with ---", () => {
  assertThrows(() => splitFrontmatter("name: x\n---\n"), SyntaxError);
});
