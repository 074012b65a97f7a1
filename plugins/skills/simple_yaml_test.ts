/**
 * @module
 * Tests for the simple-frontmatter fast path, against `@std/yaml` itself.
 */
import { assertEquals } from "@std/assert";
import { parse } from "@std/yaml";
import { parseSimpleYaml } from "./simple_yaml.ts";

/** Frontmatter the fast path must read, exactly as YAML does. */
const SIMPLE = [
  "name: commit-message\ndescription: Writes a commit message. Use it for commits, amends and so on.",
  "description: Uses C# and {braces} and [brackets] inside, 100% fine\nname: x",
  "name: a\nmetadata:\n  short-description: Short one\n  owner: team-a\nlicense: MIT",
  "metadata:\n    short-description: four spaces\n\ndescription:   padded value   ",
  "description: a value with a colon:inside and a hash#inside",
  "description: ünïcödé — and “quotes” inside",
];

/** Frontmatter outside the subset: the full parser must take it. */
const NOT_SIMPLE = [
  "description: 'quoted'",
  'description: "double quoted"',
  "description: >\n  folded text",
  "description: |\n  literal text",
  "description: first line\n  continued on the next",
  "env:\n  - A\n  - B",
  "metadata:\n  env:\n    - name: A",
  "name: 42",
  "name: 1.5",
  "name: .5",
  "name: true",
  "name: yes",
  "name: null",
  "name: ~",
  "name: 2024-01-01",
  "description: value # a comment",
  "description: key: value inside",
  "description: ends with colon:",
  "description: -starts with a dash",
  "description: *alias",
  "description: &anchor text",
  "description: !tag text",
  "description: [a, b]",
  "description: {a: b}",
  "empty:",
  "empty:\nname: x",
  "name: a\nname: b",
  "metadata:\n  a: 1x\n   b: misaligned",
  "# a comment\nname: x",
  "name:\tvalue",
  "true: x",
];

Deno.test("parseSimpleYaml() reads simple frontmatter exactly as @std/yaml does", () => {
  for (const text of SIMPLE) {
    const fast = parseSimpleYaml(text);
    assertEquals(fast === undefined, false, `the fast path should take: ${JSON.stringify(text)}`);
    assertEquals(fast, parse(text), JSON.stringify(text));
  }
});

Deno.test("parseSimpleYaml() hands anything outside the subset to the full parser", () => {
  for (const text of NOT_SIMPLE) {
    assertEquals(parseSimpleYaml(text), undefined, JSON.stringify(text));
  }
});
