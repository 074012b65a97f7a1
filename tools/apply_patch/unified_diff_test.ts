import { assertEquals } from "@std/assert";
import { join } from "@std/path";
import { diffLines, editsFromReplacements, formatHunks, renderFileDiff } from "./unified_diff.ts";
import { applyChunks, splitText } from "./apply_chunks.ts";

const side = (text: string) => {
  const { lines, finalNewline } = splitText(text);
  return { lines, finalNewline };
};

/** Applies `diff` with `git apply` in a temp dir holding `files`; returns the files afterwards. */
async function gitApply(files: Record<string, string>, diff: string): Promise<Record<string, string | null>> {
  const dir = await Deno.makeTempDir({ prefix: "tern-diff-" });
  try {
    for (const [path, text] of Object.entries(files)) await Deno.writeTextFile(join(dir, path), text);
    await Deno.writeTextFile(join(dir, "change.diff"), diff);
    const out = await new Deno.Command("git", { args: ["apply", "change.diff"], cwd: dir, stderr: "piped" }).output();
    if (!out.success) throw new Error(`git apply failed: ${new TextDecoder().decode(out.stderr)}\n${diff}`);
    const result: Record<string, string | null> = {};
    for (const path of Object.keys(files)) {
      result[path] = await Deno.readTextFile(join(dir, path)).catch(() => null);
    }
    return result;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("renderFileDiff() writes a git-style diff with 3 lines of context", async () => {
  const before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  const after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
  const diff = await renderFileDiff({ oldPath: "f.txt", newPath: "f.txt", old: side(before), new: side(after) });
  assertEquals(
    diff,
    "diff --git a/f.txt b/f.txt\n--- a/f.txt\n+++ b/f.txt\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n",
  );
});

Deno.test("renderFileDiff() marks new, deleted and renamed files, and absolute labels keep no prefix", async () => {
  assertEquals(
    await renderFileDiff({ oldPath: "n.txt", newPath: "n.txt", old: null, new: side("a\n") }),
    "diff --git a/n.txt b/n.txt\nnew file mode 100644\n--- /dev/null\n+++ b/n.txt\n@@ -0,0 +1,1 @@\n+a\n",
  );
  assertEquals(
    await renderFileDiff({ oldPath: "/abs/d.txt", newPath: "/abs/d.txt", old: side("a\nb"), new: null }),
    "diff --git /abs/d.txt /abs/d.txt\ndeleted file mode 100644\n--- /abs/d.txt\n+++ /dev/null\n" +
      "@@ -1,2 +0,0 @@\n-a\n-b\n\\ No newline at end of file\n",
  );
  assertEquals(
    await renderFileDiff({ oldPath: "old.txt", newPath: "new.txt", old: side("x\n"), new: side("x\n") }),
    "diff --git a/old.txt b/new.txt\nrename from old.txt\nrename to new.txt\n",
  );
});

Deno.test("formatHunks() shows a final line that gains a newline as changed", () => {
  const out = formatHunks(side("a\nb"), side("a\nb\nc\n"), [{ oldStart: 2, oldEnd: 2, newStart: 2, newEnd: 3 }]);
  assertEquals(out, "@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n");
  const unchangedTail = formatHunks(side("x\ny"), side("X\ny"), [{ oldStart: 0, oldEnd: 1, newStart: 0, newEnd: 1 }]);
  assertEquals(unchangedTail, "@@ -1,2 +1,2 @@\n-x\n+X\n y\n\\ No newline at end of file\n");
});

Deno.test("editsFromReplacements() reduces a chunk's replacement to the lines that changed", async () => {
  const before = "a\nb\nc\nd\ne\n";
  const patchChunk = {
    context: null,
    oldLines: ["a", "b", "c", "d"],
    newLines: ["a", "B", "c", "D"],
    endOfFile: false,
    line: 3,
  };
  const updated = applyChunks(before, [patchChunk], "f");
  const edits = await editsFromReplacements(updated.oldLines, updated.newLines, updated.replacements);
  assertEquals(edits, [
    { oldStart: 1, oldEnd: 2, newStart: 1, newEnd: 2 },
    { oldStart: 3, oldEnd: 4, newStart: 3, newEnd: 4 },
  ]);
  assertEquals(await diffLines(updated.oldLines, updated.newLines), edits);
});

Deno.test("diffs from replacements apply cleanly with git apply", async () => {
  const lines = Array.from({ length: 60 }, (_, i) => `line ${i}`);
  const before = lines.join("\n");
  const chunks = [
    { context: "line 3", oldLines: ["line 5", "line 6"], newLines: ["line 5", "six"], endOfFile: false, line: 3 },
    { context: null, oldLines: ["line 10"], newLines: [], endOfFile: false, line: 6 },
    { context: null, oldLines: ["line 12"], newLines: ["line 12", "twelve and a half"], endOfFile: false, line: 8 },
    { context: null, oldLines: ["line 59"], newLines: ["last"], endOfFile: true, line: 10 },
  ];
  const updated = applyChunks(before, chunks, "f.txt");
  const diff = await renderFileDiff({
    oldPath: "f.txt",
    newPath: "f.txt",
    old: { lines: updated.oldLines, finalNewline: updated.oldFinalNewline },
    new: { lines: updated.newLines, finalNewline: true },
    edits: await editsFromReplacements(updated.oldLines, updated.newLines, updated.replacements),
  });
  assertEquals(await gitApply({ "f.txt": before }, diff), { "f.txt": updated.text });
});
