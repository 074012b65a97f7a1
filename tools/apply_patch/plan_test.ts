import { assertEquals, assertRejects } from "@std/assert";
import { join } from "@std/path";
import { denoPatchFs } from "./operations.ts";
import { parsePatch } from "./parser.ts";
import { PatchApplyError, planPatch } from "./plan.ts";
import { tempWorkspace } from "./_temp_workspace.ts";

const patch = (...lines: string[]) => parsePatch(["*** Begin Patch", ...lines, "*** End Patch"].join("\n"));

Deno.test("planPatch() computes final contents without writing anything", async () => {
  await using cwdDir = await tempWorkspace({ "a.txt": "a\n", "gone.txt": "bye\n" });
  const cwd = cwdDir.path;
  const plan = await planPatch(
    patch("*** Update File: a.txt", "-a", "+A", "*** Delete File: gone.txt", "*** Add File: sub/new.txt", "+n"),
    { cwd, fs: denoPatchFs },
  );
  assertEquals([...plan.files.values()].map((f) => [f.displayPath, f.original?.text ?? null, f.final]), [
    ["a.txt", "a\n", "A\n"],
    ["gone.txt", "bye\n", null],
    ["sub/new.txt", null, "n\n"],
  ]);
  assertEquals(await Deno.readTextFile(join(cwd, "a.txt")), "a\n");
  assertEquals(await Deno.readTextFile(join(cwd, "gone.txt")), "bye\n");
});

Deno.test("planPatch() lets a later hunk see an earlier hunk's result on the same file", async () => {
  await using cwdDir = await tempWorkspace({});
  const cwd = cwdDir.path;
  const plan = await planPatch(
    patch("*** Add File: x.txt", "+one", "*** Update File: x.txt", "-one", "+two", "*** Delete File: x.txt"),
    { cwd, fs: denoPatchFs },
  );
  assertEquals(plan.hunks.map((h) => [h.before, h.after]), [[null, "one\n"], ["one\n", "two\n"], ["two\n", null]]);
  assertEquals(plan.files.get(join(cwd, "x.txt"))?.final, null);
});

Deno.test("planPatch() resolves relative paths against cwd and keeps absolute ones", async () => {
  await using cwdDir = await tempWorkspace({ "in.txt": "i\n" });
  const cwd = cwdDir.path;
  await using otherDir = await tempWorkspace({ "out.txt": "o\n" });
  const other = otherDir.path;
  const plan = await planPatch(
    patch("*** Delete File: in.txt", `*** Delete File: ${join(other, "out.txt")}`),
    { cwd, fs: denoPatchFs },
  );
  assertEquals([...plan.files.keys()], [join(cwd, "in.txt"), join(other, "out.txt")]);
});

Deno.test("planPatch() moves carry the source file's mode to a new destination", async () => {
  await using cwdDir = await tempWorkspace({ "run.sh": "echo hi\n" });
  const cwd = cwdDir.path;
  await Deno.chmod(join(cwd, "run.sh"), 0o755);
  const plan = await planPatch(
    patch("*** Update File: run.sh", "*** Move to: bin/run.sh", "-echo hi", "+echo hello"),
    { cwd, fs: denoPatchFs },
  );
  const target = plan.files.get(join(cwd, "bin/run.sh"));
  assertEquals([target?.final, target?.createMode], ["echo hello\n", 0o755]);
  assertEquals(plan.files.get(join(cwd, "run.sh"))?.final, null);
});

Deno.test("planPatch() refuses directories and missing files with the path as written", async () => {
  await using cwdDir = await tempWorkspace({ "dir/f.txt": "f\n", "a.txt": "a\n" });
  const cwd = cwdDir.path;
  const fs = denoPatchFs;
  await assertRejects(
    () => planPatch(patch("*** Delete File: dir"), { cwd, fs }),
    PatchApplyError,
    "delete file dir: it is a directory",
  );
  await assertRejects(
    () => planPatch(patch("*** Update File: dir", "-x", "+y"), { cwd, fs }),
    PatchApplyError,
    "Failed to read file to update dir: it is a directory",
  );
  await assertRejects(
    () => planPatch(patch("*** Update File: a.txt", "*** Move to: dir", "-a", "+b"), { cwd, fs }),
    PatchApplyError,
    "Failed to move a.txt to dir: the destination is a directory",
  );
  await assertRejects(
    () => planPatch(patch("*** Delete File: nope.txt"), { cwd, fs }),
    PatchApplyError,
    "Failed to delete file nope.txt: no such file",
  );
  await assertRejects(() => planPatch({ hunks: [] }, { cwd, fs }), PatchApplyError, "No files were modified");
});
