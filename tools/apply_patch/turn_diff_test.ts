import { assertEquals } from "@std/assert";
import { labelFor, TurnDiffs } from "./turn_diff.ts";

const cwd = "/work/project";

Deno.test("TurnDiffs diffs each file against its content before the turn first touched it", async () => {
  const diffs = new TurnDiffs();
  await diffs.record("t1", "turn-1", cwd, [{ absPath: `${cwd}/a.txt`, before: { text: "1\n" }, after: "2\n" }]);
  const diff = await diffs.record("t1", "turn-1", cwd, [
    { absPath: `${cwd}/a.txt`, before: { text: "2\n" }, after: "3\n" },
    { absPath: `${cwd}/0.txt`, before: null, after: "new\n" },
  ]);
  assertEquals(
    diff,
    "diff --git a/0.txt b/0.txt\nnew file mode 100644\n--- /dev/null\n+++ b/0.txt\n@@ -0,0 +1,1 @@\n+new\n" +
      "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1,1 +1,1 @@\n-1\n+3\n",
  );
});

Deno.test("TurnDiffs drops a file from the diff once it is back to its content before the turn", async () => {
  const diffs = new TurnDiffs();
  await diffs.record("t1", "turn-1", cwd, [{ absPath: `${cwd}/a.txt`, before: { text: "1\n" }, after: "2\n" }]);
  assertEquals(
    await diffs.record("t1", "turn-1", cwd, [{ absPath: `${cwd}/a.txt`, before: { text: "2\n" }, after: "1\n" }]),
    "",
  );
  assertEquals(
    await diffs.record("t1", "turn-1", cwd, [{ absPath: `${cwd}/b.txt`, before: null, after: null }]),
    "",
  );
});

Deno.test("TurnDiffs starts over when the thread's turn changes, and forget() keeps only the given turn", async () => {
  const diffs = new TurnDiffs();
  await diffs.record("t1", "turn-1", cwd, [{ absPath: `${cwd}/a.txt`, before: { text: "1\n" }, after: "2\n" }]);
  const next = await diffs.record("t1", "turn-2", cwd, [{
    absPath: `${cwd}/a.txt`,
    before: { text: "2\n" },
    after: "3\n",
  }]);
  assertEquals(next.includes("-2\n+3\n"), true, next);
  diffs.forget("t1", "turn-2");
  assertEquals(diffs.size, 1);
  diffs.forget("t1", "turn-3");
  assertEquals(diffs.size, 0);
});

Deno.test("TurnDiffs keeps at most maxThreads threads, dropping the least recently patched", async () => {
  const diffs = new TurnDiffs({ maxThreads: 2 });
  const touch = (thread: string) =>
    diffs.record(thread, "turn", cwd, [{ absPath: `${cwd}/a.txt`, before: { text: "1\n" }, after: "2\n" }]);
  await touch("a");
  await touch("b");
  await touch("a");
  await touch("c");
  assertEquals(diffs.size, 2);
  // "b" was dropped: its next patch in the same turn diffs against the new "before".
  const diff = await diffs.record("b", "turn", cwd, [{
    absPath: `${cwd}/a.txt`,
    before: { text: "2\n" },
    after: "3\n",
  }]);
  assertEquals(diff.includes("-2\n+3\n"), true, diff);
});

Deno.test("TurnDiffs shows binary files without their bytes", async () => {
  const diff = await new TurnDiffs().record("t", "turn", cwd, [{
    absPath: `${cwd}/x.bin`,
    before: { binary: true },
    after: null,
  }]);
  assertEquals(
    diff,
    "diff --git a/x.bin b/x.bin\ndeleted file mode 100644\nBinary files a/x.bin and /dev/null differ\n",
  );
});

Deno.test("labelFor() is relative inside cwd and absolute outside it", () => {
  assertEquals(labelFor(cwd, `${cwd}/src/a.ts`), "src/a.ts");
  assertEquals(labelFor(cwd, "/etc/hosts"), "/etc/hosts");
  assertEquals(labelFor(cwd, `${cwd}/..foo/x`), "..foo/x");
});
