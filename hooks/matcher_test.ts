import { assertEquals } from "@std/assert";
import { compileMatcher } from "./matcher.ts";

const matches = (matcher: string | undefined, ...inputs: string[]) => {
  const compiled = compileMatcher(matcher);
  if (!compiled.ok) throw new Error(compiled.error);
  return compiled.matcher.matchesAny(inputs);
};

Deno.test("compileMatcher() treats absent, empty and * as match-all", () => {
  for (const m of [undefined, "", "*"]) assertEquals(matches(m, "Bash"), true);
});

Deno.test("compileMatcher() matches [A-Za-z0-9_|] matchers as exact alternatives", () => {
  assertEquals(matches("Edit|Write", "Write"), true);
  assertEquals(matches("Edit|Write", "Bash"), false);
  assertEquals(matches("Bash", "BashOutput"), false, "no prefix match");
  assertEquals(matches("mcp__memory", "mcp__memory__create"), false);
  assertEquals(matches("mcp__memory__create", "mcp__memory__create"), true);
});

Deno.test("compileMatcher() uses an unanchored regex for anything else, with (?i) as a flag", () => {
  assertEquals(matches("^Bash", "BashOutput"), true);
  assertEquals(matches("^Bash$", "BashOutput"), false);
  assertEquals(matches("mcp__.*__write.*", "mcp__fs__write_file"), true);
  assertEquals(matches("mcp__.*__write.*", "mcp__fs__read_file"), false);
  assertEquals(matches("(?i)^bash$", "Bash"), true);
  assertEquals(matches("startup|resume", "resume"), true);
});

Deno.test("compileMatcher() reports an invalid regex instead of throwing", () => {
  const compiled = compileMatcher("Bash(");
  assertEquals(compiled.ok, false);
  if (!compiled.ok) assertEquals(compiled.error.startsWith('invalid matcher regex "Bash(":'), true);
});

Deno.test("a matcher tested against several aliases matches once if any alias matches", () => {
  assertEquals(matches("^Edit$", "apply_patch", "Write", "Edit"), true);
  assertEquals(matches("Bash", "apply_patch", "Write", "Edit"), false);
});
