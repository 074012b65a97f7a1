import { assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { commitPlan } from "./commit.ts";
import { denoPatchFs, type PatchFs } from "./operations.ts";
import { parsePatch } from "./parser.ts";
import { PatchApplyError, planPatch } from "./plan.ts";
import { tempWorkspace } from "./_temp_workspace.ts";

async function listing(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) out.push(entry.name + (entry.isDirectory ? "/" : ""));
  return out.sort();
}

const patch = (...lines: string[]) => parsePatch(["*** Begin Patch", ...lines, "*** End Patch"].join("\n"));

Deno.test("commitPlan() writes every file, creates parents and deletes removed files", async () => {
  await using cwdDir = await tempWorkspace({ "a.txt": "a\n", "gone.txt": "g\n", "m.txt": "m\n" });
  const cwd = cwdDir.path;
  const plan = await planPatch(
    patch(
      "*** Update File: a.txt",
      "-a",
      "+A",
      "*** Delete File: gone.txt",
      "*** Add File: d/e/new.txt",
      "+n",
      "*** Update File: m.txt",
      "*** Move to: moved/m.txt",
      "-m",
      "+M",
    ),
    { cwd, fs: denoPatchFs },
  );
  await commitPlan(plan, denoPatchFs);
  assertEquals(await listing(cwd), ["a.txt", "d/", "moved/"]);
  assertEquals(await Deno.readTextFile(join(cwd, "a.txt")), "A\n");
  assertEquals(await Deno.readTextFile(join(cwd, "d/e/new.txt")), "n\n");
  assertEquals(await Deno.readTextFile(join(cwd, "moved/m.txt")), "M\n");
});

Deno.test("commitPlan() restores written files and removes created directories when a later write fails", async () => {
  await using cwdDir = await tempWorkspace({ "a.txt": "a\n" });
  const cwd = cwdDir.path;
  // Planned separately, "d/x.txt" and "d" both look free; writing the first makes "d" a directory.
  const plan = await planPatch(
    patch("*** Update File: a.txt", "-a", "+A", "*** Add File: d/e/x.txt", "+x", "*** Add File: d", "+d"),
    { cwd, fs: denoPatchFs },
  );
  const error = await assertRejects(() => commitPlan(plan, denoPatchFs), PatchApplyError);
  assertStringIncludes(error.message, "Failed to write file d: ");
  assertStringIncludes(error.message, "No files were changed: the files written before the failure were restored");
  assertEquals(await Deno.readTextFile(join(cwd, "a.txt")), "a\n");
  assertEquals(await listing(cwd), ["a.txt"]);
});

Deno.test("commitPlan() brings back deleted files, with their mode, when a later delete fails", async () => {
  await using cwdDir = await tempWorkspace({ "a.txt": "a\n", "b.sh": "echo b\n", "c.txt": "c\n" });
  const cwd = cwdDir.path;
  await Deno.chmod(join(cwd, "b.sh"), 0o751);
  const failing: PatchFs = {
    ...denoPatchFs,
    remove: (path) => path.endsWith("c.txt") ? Promise.reject(new Error("device busy")) : denoPatchFs.remove(path),
  };
  const plan = await planPatch(
    patch("*** Update File: a.txt", "-a", "+A", "*** Delete File: b.sh", "*** Delete File: c.txt"),
    { cwd, fs: failing },
  );
  await assertRejects(() => commitPlan(plan, failing), PatchApplyError, "Failed to delete file c.txt: device busy");
  assertEquals(await Deno.readTextFile(join(cwd, "a.txt")), "a\n");
  assertEquals(await Deno.readTextFile(join(cwd, "b.sh")), "echo b\n");
  assertEquals((await Deno.stat(join(cwd, "b.sh"))).mode! & 0o777, 0o751);
});

Deno.test("commitPlan() says which files may be left changed when the rollback fails too", async () => {
  await using cwdDir = await tempWorkspace({ "a.txt": "a\n", "b.txt": "b\n" });
  const cwd = cwdDir.path;
  let writes = 0;
  const flaky: PatchFs = {
    ...denoPatchFs,
    write: (path, data, options) =>
      ++writes >= 2 ? Promise.reject(new Error("disk full")) : denoPatchFs.write(path, data, options),
  };
  const plan = await planPatch(patch("*** Update File: a.txt", "-a", "+A", "*** Update File: b.txt", "-b", "+B"), {
    cwd,
    fs: flaky,
  });
  const error = await assertRejects(() => commitPlan(plan, flaky), PatchApplyError);
  assertStringIncludes(error.message, "Failed to write file b.txt: disk full. Rolling back also failed");
  assertStringIncludes(error.message, "a.txt (disk full)");
});
