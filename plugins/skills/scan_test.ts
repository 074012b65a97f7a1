/**
 * @module
 * Tests for the breadth-first scan of one root: hidden folders, symlinks and loops, limits.
 */
import { assertEquals } from "@std/assert";
import { tree } from "./_testing.ts";
import { scanRoot } from "./scan.ts";

const SKILL = "---\ndescription: d\n---\n";

Deno.test("scanRoot() finds skill folders breadth-first, skipping hidden folders and skills' own subfolders", async () => {
  await using t = await tree({
    "root/b-skill/SKILL.md": SKILL,
    "root/b-skill/nested/SKILL.md": SKILL, // inside a skill: its resources, not a skill
    "root/group/a-skill/SKILL.md": SKILL,
    "root/a-skill/SKILL.md": SKILL,
    "root/.hidden/secret/SKILL.md": SKILL,
    "root/notes.txt": "",
  });
  const { skills, truncated } = await scanRoot(t.path("root"));
  assertEquals(skills.map((s) => s.dir), [
    t.path("root/a-skill"),
    t.path("root/b-skill"),
    t.path("root/group/a-skill"),
  ]);
  assertEquals(truncated, false);
});

Deno.test("scanRoot() follows symlinked folders once, even when links form a loop", async () => {
  await using t = await tree({ "elsewhere/linked/SKILL.md": SKILL, "root/own/SKILL.md": SKILL });
  await Deno.symlink(t.path("elsewhere"), t.path("root/link"));
  await Deno.symlink(t.path("root"), t.path("elsewhere/back-to-root")); // a loop
  const { skills, linkedDirs } = await scanRoot(t.path("root"));
  assertEquals(skills, [
    { dir: t.path("root/own"), realDir: t.path("root/own") },
    { dir: t.path("root/link/linked"), realDir: t.path("elsewhere/linked") },
  ]);
  assertEquals(linkedDirs, [t.path("elsewhere")]);
});

Deno.test("scanRoot() stops at maxDepth and reports when maxDirs cut the search short", async () => {
  await using t = await tree({
    "root/1/2/3/deep/SKILL.md": SKILL,
    "root/1/shallow/SKILL.md": SKILL,
    "root/x/y/SKILL.md": SKILL,
  });
  const shallow = await scanRoot(t.path("root"), { maxDepth: 2 });
  assertEquals(shallow.skills.map((s) => s.dir), [t.path("root/1/shallow"), t.path("root/x/y")]);
  const capped = await scanRoot(t.path("root"), { maxDirs: 3 });
  assertEquals(capped.truncated, true);
  assertEquals(capped.skills, []);
});

Deno.test("scanRoot() finds nothing under a root that does not exist or is a file", async () => {
  await using t = await tree({ "file.txt": "" });
  assertEquals((await scanRoot(t.path("missing"))).skills, []);
  assertEquals((await scanRoot(t.path("file.txt"))).skills, []);
});
