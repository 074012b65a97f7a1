import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { fakeContext } from "./_fake_context.ts";
import { createApplyPatchTool } from "./apply_patch_tool.ts";
import { TurnDiffs } from "./turn_diff.ts";
import { tempWorkspace } from "./_temp_workspace.ts";

const patch = (...lines: string[]) => ["*** Begin Patch", ...lines, "*** End Patch"].join("\n") + "\n";
const read = (dir: string, path: string) => Deno.readTextFile(join(dir, path)).catch(() => null);

Deno.test("`apply_patch` applies a patch between item/started and item/completed and tells the model what changed", async () => {
  await using cwdDir = await tempWorkspace({
    "src/app.py": "def main():\n    print('hi')\n",
    "old.txt": "x\n",
    "mv.txt": "m\n",
  });
  const cwd = cwdDir.path;
  const fake = fakeContext({ cwd, callId: "call-7" });
  const result = await createApplyPatchTool().execute(
    patch(
      "*** Add File: notes/todo.txt",
      "+write tests",
      "*** Update File: src/app.py",
      "@@ def main():",
      "-    print('hi')",
      "+    print('hello')",
      "*** Delete File: old.txt",
      "*** Update File: mv.txt",
      "*** Move to: moved/mv.txt",
      "-m",
      "+M",
    ),
    fake.ctx,
  );
  assertEquals(result, {
    output: "Success. Updated the following files:\nA notes/todo.txt\nM src/app.py\nM moved/mv.txt\nD old.txt\n",
    success: true,
  });
  assertEquals(fake.events.map((e) => e.kind === "notification" ? e.topic : e.kind), [
    "started",
    "completed",
    "turn/diff/updated",
  ]);
  const started = fake.events[0];
  assert(started.kind === "started");
  assertEquals(started.item.id, "call-7");
  assertEquals(started.item.status, "inProgress");
  assertEquals(started.item.changes.map((c) => [c.path, c.kind]), [
    [join(cwd, "notes/todo.txt"), { type: "add" }],
    [join(cwd, "src/app.py"), { type: "update", move_path: null }],
    [join(cwd, "old.txt"), { type: "delete" }],
    [join(cwd, "mv.txt"), { type: "update", move_path: join(cwd, "moved/mv.txt") }],
  ]);
  assertEquals(
    started.item.changes[1].diff,
    "diff --git a/src/app.py b/src/app.py\n--- a/src/app.py\n+++ b/src/app.py\n" +
      "@@ -1,2 +1,2 @@\n def main():\n-    print('hi')\n+    print('hello')\n",
  );
  assertStringIncludes(started.item.changes[3].diff, "rename from mv.txt\nrename to moved/mv.txt\n");
  assertEquals(fake.completed(), { ...started.item, status: "completed" });
  assertEquals(await read(cwd, "src/app.py"), "def main():\n    print('hello')\n");
  assertEquals(await read(cwd, "notes/todo.txt"), "write tests\n");
  assertEquals([await read(cwd, "old.txt"), await read(cwd, "mv.txt"), await read(cwd, "moved/mv.txt")], [
    null,
    null,
    "M\n",
  ]);
  assertEquals(fake.requests(), []);
});

Deno.test("`apply_patch` reports a bad patch without an item and without touching files", async () => {
  await using cwdDir = await tempWorkspace({ "a.txt": "a\n" });
  const cwd = cwdDir.path;
  const fake = fakeContext({ cwd });
  const result = await createApplyPatchTool().execute(
    "*** Begin Patch\n*** Update File: a.txt\n*** End Patch",
    fake.ctx,
  );
  assertEquals(result, {
    output: "Invalid patch hunk on line 2: Update file hunk for path 'a.txt' is empty",
    success: false,
  });
  assertEquals(fake.events, []);
});

Deno.test("`apply_patch` changes nothing when a later hunk does not match, and says which file and lines", async () => {
  await using cwdDir = await tempWorkspace({ "a.txt": "a\n", "b.txt": "b1\nb2\n" });
  const cwd = cwdDir.path;
  const fake = fakeContext({ cwd });
  const result = await createApplyPatchTool().execute(
    patch(
      "*** Update File: a.txt",
      "-a",
      "+A",
      "*** Add File: c.txt",
      "+c",
      "*** Update File: b.txt",
      "@@",
      " b1",
      "-b3",
      "+B3",
    ),
    fake.ctx,
  );
  assertEquals(result.success, false);
  assertEquals(
    result.output,
    "Failed to find expected lines in b.txt:\nb1\nb3\nNo files were changed; fix the patch and send all of it again.",
  );
  assertEquals([await read(cwd, "a.txt"), await read(cwd, "c.txt")], ["a\n", null]);
  assertEquals(fake.events, []);
});

Deno.test("`apply_patch` refuses an empty patch", async () => {
  await using dir = await tempWorkspace();
  const fake = fakeContext({ cwd: dir.path });
  const result = await createApplyPatchTool().execute("*** Begin Patch\n*** End Patch\n", fake.ctx);
  assertEquals(result, { output: "No files were modified: the patch contains no hunks", success: false });
});

Deno.test('`apply_patch` unwraps a patch that a Chat Completions model wrapped as {"input": ...}', async () => {
  await using cwdDir = await tempWorkspace();
  const cwd = cwdDir.path;
  const input = JSON.stringify({ input: patch("*** Add File: w.txt", "+w") });
  const result = await createApplyPatchTool().execute(input, fakeContext({ cwd }).ctx);
  assertEquals(result.success, true);
  assertEquals(await read(cwd, "w.txt"), "w\n");
});

Deno.test("`apply_patch` publishes the turn's aggregated diff against the files before the turn", async () => {
  await using cwdDir = await tempWorkspace({ "a.txt": "1\n2\n3\n", "gone.txt": "g\n" });
  const cwd = cwdDir.path;
  const baseline = { "a.txt": "1\n2\n3\n", "gone.txt": "g\n", "new.txt": null };
  const tool = createApplyPatchTool({ turnDiffs: new TurnDiffs() });
  const fake = fakeContext({ cwd });
  await tool.execute(patch("*** Update File: a.txt", "-1", "+one"), fake.ctx);
  await tool.execute(patch("*** Update File: a.txt", "-3", "+three", "*** Delete File: gone.txt"), fake.ctx);
  await tool.execute(patch("*** Add File: new.txt", "+n"), fake.ctx);
  const diffs = fake.turnDiffs();
  assertEquals(diffs.length, 3);
  assertEquals(diffs[0], "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n-1\n+one\n 2\n 3\n");
  // The last diff, applied to the files as they were before the turn, gives the files now.
  await using replayDir = await tempWorkspace(
    Object.fromEntries(Object.entries(baseline).filter(([, v]) => v !== null)) as Record<string, string>,
  );
  const replay = replayDir.path;
  await Deno.writeTextFile(join(replay, "turn.diff"), diffs[2]);
  const git = await new Deno.Command("git", { args: ["apply", "turn.diff"], cwd: replay, stderr: "piped" }).output();
  assert(git.success, new TextDecoder().decode(git.stderr) + diffs[2]);
  for (const path of Object.keys(baseline)) assertEquals(await read(replay, path), await read(cwd, path), path);

  const nextTurn = fakeContext({ cwd, turnId: "turn-2" });
  await tool.execute(patch("*** Update File: a.txt", "-2", "+two"), nextTurn.ctx);
  assertEquals(
    nextTurn.turnDiffs(),
    ["diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n one\n-2\n+two\n three\n"],
  );
});

Deno.test("`apply_patch` runs parallel calls one after the other, so both patches land", async () => {
  await using cwdDir = await tempWorkspace({ "a.txt": "1\n2\n3\n4\n5\n6\n7\n8\n" });
  const cwd = cwdDir.path;
  const tool = createApplyPatchTool();
  const [first, second] = await Promise.all([
    tool.execute(patch("*** Update File: a.txt", "-1", "+one"), fakeContext({ cwd, callId: "c1" }).ctx),
    tool.execute(patch("*** Update File: a.txt", "-8", "+eight"), fakeContext({ cwd, callId: "c2" }).ctx),
  ]);
  assertEquals([first.success, second.success], [true, true]);
  assertEquals(await read(cwd, "a.txt"), "one\n2\n3\n4\n5\n6\n7\neight\n");
});

Deno.test("`apply_patch` tells the model when a write fails and leaves the other files as they were", async () => {
  await using cwdDir = await tempWorkspace({ "a.txt": "a\n" });
  const cwd = cwdDir.path;
  const fake = fakeContext({ cwd });
  const result = await createApplyPatchTool().execute(
    patch("*** Update File: a.txt", "-a", "+A", "*** Add File: d/x.txt", "+x", "*** Add File: d", "+d"),
    fake.ctx,
  );
  assertEquals(result.success, false);
  assertStringIncludes(result.output as string, "Failed to write file d: ");
  assertEquals(fake.completed().status, "failed");
  assertEquals(await read(cwd, "a.txt"), "a\n");
  assertEquals(fake.turnDiffs(), []);
});
