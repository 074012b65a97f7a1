import { assertEquals, assertThrows } from "@std/assert";
import { applyChunks, applyReplacements, ChunkMatchError, splitText } from "./apply_chunks.ts";
import type { UpdateChunk } from "./parser.ts";

function chunk(oldLines: string[], newLines: string[], more: Partial<UpdateChunk> = {}): UpdateChunk {
  return { context: null, oldLines, newLines, endOfFile: false, line: 3, ...more };
}

Deno.test("splitText() drops the piece after a final newline and detects CRLF only when every newline is CRLF", () => {
  assertEquals(splitText("a\nb\n"), { lines: ["a", "b"], eol: "\n", finalNewline: true });
  assertEquals(splitText("a\r\nb"), { lines: ["a", "b"], eol: "\r\n", finalNewline: false });
  assertEquals(splitText("a\r\nb\n"), { lines: ["a\r", "b"], eol: "\n", finalNewline: true });
  assertEquals(splitText(""), { lines: [], eol: "\n", finalNewline: false });
  assertEquals(splitText("\n"), { lines: [""], eol: "\n", finalNewline: true });
});

Deno.test("applyChunks() replaces matched lines and always ends the file with a newline", () => {
  assertEquals(applyChunks("a\nb\nc", [chunk(["b"], ["B"])], "f").text, "a\nB\nc\n");
  assertEquals(applyChunks("a\r\nb\r\n", [chunk(["b"], ["B", "C"])], "f").text, "a\r\nB\r\nC\r\n");
  assertEquals(applyChunks("only\n", [chunk(["only"], [])], "f").text, "");
});

Deno.test("applyChunks() locates @@ context first and searches the old lines after it", () => {
  const text = "def a():\n    return 1\ndef b():\n    return 1\n";
  const out = applyChunks(text, [chunk(["    return 1"], ["    return 2"], { context: "def b():" })], "f");
  assertEquals(out.text, "def a():\n    return 1\ndef b():\n    return 2\n");
  assertEquals(out.replacements, [{ start: 3, oldLength: 1, newLines: ["    return 2"] }]);
});

Deno.test("applyChunks() appends pure additions at the end, before a final blank line, in patch order", () => {
  assertEquals(applyChunks("a\n", [chunk([], ["x"]), chunk([], ["y"])], "f").text, "a\nx\ny\n");
  assertEquals(applyChunks("a\n\n", [chunk([], ["x"])], "f").text, "a\nx\n\n");
});

Deno.test("applyChunks() retries without a trailing empty old line", () => {
  assertEquals(applyChunks("a\nx\n", [chunk(["x", ""], ["y", ""])], "f").text, "a\ny\n");
});

Deno.test("applyChunks() names the file, the chunk, the patch line and the old lines when a chunk does not match", () => {
  const error = assertThrows(
    () => applyChunks("one\ntwo\n", [chunk(["one"], ["1"]), chunk(["nine", "ten"], ["9"], { line: 7 })], "a.txt"),
    ChunkMatchError,
  );
  assertEquals(
    error.message,
    "Failed to find expected lines in a.txt (chunk 2 of 2, patch line 7) after line 1:\nnine\nten",
  );
  assertThrows(
    () => applyChunks("x\n", [chunk(["x"], ["y"], { context: "missing" })], "b.txt"),
    ChunkMatchError,
    "Failed to find context 'missing' in b.txt",
  );
  assertThrows(
    () => applyChunks("x\ny\n", [chunk(["x"], ["X"], { endOfFile: true })], "c.txt"),
    ChunkMatchError,
    "Failed to find expected lines in c.txt at the end of the file:\nx",
  );
});

Deno.test("applyReplacements() applies bottom-up so earlier positions stay valid", () => {
  const lines = ["0", "1", "2", "3", "4"];
  const out = applyReplacements(lines, [
    { start: 1, oldLength: 1, newLines: ["one", "uno"] },
    { start: 3, oldLength: 2, newLines: [] },
    { start: 5, oldLength: 0, newLines: ["end"] },
  ]);
  assertEquals(out, ["0", "one", "uno", "2", "end"]);
  assertThrows(
    () =>
      applyReplacements(lines, [{ start: 0, oldLength: 3, newLines: [] }, { start: 1, oldLength: 1, newLines: [] }]),
    ChunkMatchError,
  );
});
