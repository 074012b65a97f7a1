import { assertEquals, assertThrows } from "@std/assert";
import { parsePatch, PatchParseError, unwrapToolInput } from "./parser.ts";

const patch = (...lines: string[]) => lines.join("\n") + "\n";

Deno.test("parsePatch() reads add, delete and update-with-move hunks with their line numbers", () => {
  const { hunks } = parsePatch(patch(
    "*** Begin Patch",
    "*** Add File: path/add.py",
    "+abc",
    "+",
    "*** Delete File: path/delete.py",
    "*** Update File: path/update.py",
    "*** Move to: path/update2.py",
    "@@ def f():",
    "-    pass",
    "+    return 123",
    "*** End Patch",
  ));
  assertEquals(hunks, [
    { type: "add", path: "path/add.py", contents: "abc\n\n", line: 2 },
    { type: "delete", path: "path/delete.py", line: 5 },
    {
      type: "update",
      path: "path/update.py",
      movePath: "path/update2.py",
      line: 6,
      chunks: [{
        context: "def f():",
        oldLines: ["    pass"],
        newLines: ["    return 123"],
        endOfFile: false,
        line: 8,
      }],
    },
  ]);
});

Deno.test("parsePatch() splits an update into chunks at each @@ and marks *** End of File", () => {
  const { hunks } = parsePatch(patch(
    "*** Begin Patch",
    "*** Update File: f.txt",
    " keep",
    "-a",
    "+b",
    "@@ ctx",
    "",
    "-c",
    "*** End of File",
    "*** End Patch",
  ));
  assertEquals(hunks[0].type === "update" && hunks[0].chunks, [
    { context: null, oldLines: ["keep", "a"], newLines: ["keep", "b"], endOfFile: false, line: 3 },
    { context: "ctx", oldLines: ["", "c"], newLines: [""], endOfFile: true, line: 6 },
  ]);
});

Deno.test("parsePatch() strips a heredoc wrapper and padded markers, and accepts CRLF text", () => {
  const inner = "*** Begin Patch\r\n*** Delete File: x\r\n  *** End Patch  \r\n";
  for (const text of [`<<'EOF'\n${inner}EOF\n`, `<<"EOF"\n${inner}EOF`, `<<EOF\n${inner}EOF\n`, `\n\n ${inner}\n`]) {
    assertEquals(parsePatch(text).hunks, [{ type: "delete", path: "x", line: text.startsWith("<<") ? 3 : 4 }], text);
  }
});

Deno.test("parsePatch() accepts a patch with no hunks (the tool rejects it)", () => {
  assertEquals(parsePatch("*** Begin Patch\n*** End Patch").hunks, []);
});

Deno.test("parsePatch() reports bad boundaries without a line number", () => {
  const error = assertThrows(() => parsePatch("bad"), PatchParseError);
  assertEquals(error.message, "Invalid patch: The first line of the patch must be '*** Begin Patch'");
  assertEquals(error.line, null);
  assertThrows(
    () => parsePatch("*** Begin Patch\n*** Delete File: x"),
    PatchParseError,
    "Invalid patch: The last line of the patch must be '*** End Patch'",
  );
  assertThrows(() => parsePatch(""), PatchParseError, "must be '*** Begin Patch'");
  assertThrows(() => parsePatch("<<'EOF'\n*** Begin Patch\n*** Delete File: x\nEOF"), PatchParseError, "End Patch");
});

Deno.test("parsePatch() reports each hunk error with the line it is on", () => {
  const cases: [string[], string][] = [
    [["*** Frobnicate File: foo"], "line 2: '*** Frobnicate File: foo' is not a valid hunk header"],
    [["*** Update File: test.py"], "line 2: Update file hunk for path 'test.py' is empty"],
    [["*** Update File: a", "@@", "bad"], "line 4: Unexpected line found in update hunk: 'bad'. Every line"],
    [["*** Update File: a", "bad"], "line 3: Unexpected line found in update hunk: 'bad'"],
    [["*** Update File: a", "@@"], "line 4: Update hunk does not contain any lines"],
    [["*** Update File: a", "@@", "*** End of File"], "line 4: Update hunk does not contain any lines"],
    [
      ["*** Update File: a", "@@", "-x", "\ty"],
      "line 5: Expected update hunk to start with a @@ context marker, got: '\ty'",
    ],
    [["*** Add File: a", "+x", "y"], "line 4: 'y' is not a valid hunk header"],
    [["*** Add File:   "], "line 2: '*** Add File:' is not a valid hunk header"],
  ];
  for (const [body, message] of cases) {
    const error = assertThrows(() => parsePatch(patch("*** Begin Patch", ...body, "*** End Patch")), PatchParseError);
    assertEquals(error.message.startsWith(`Invalid patch hunk on ${message}`), true, `${error.message}\n!= ${message}`);
  }
});

Deno.test("parsePatch() ends a chunk at a line starting with '*' and keeps padded headers as context inside it", () => {
  const { hunks } = parsePatch(patch(
    "*** Begin Patch",
    "*** Update File: a",
    "@@",
    "-x",
    " *** Delete File: b",
    "*** Delete File: c",
    "*** End Patch",
  ));
  assertEquals(hunks.length, 2);
  assertEquals(hunks[0].type === "update" && hunks[0].chunks[0].oldLines, ["x", "*** Delete File: b"]);
  assertEquals(hunks[1], { type: "delete", path: "c", line: 6 });
});

Deno.test("unwrapToolInput() unwraps a JSON {input} object and leaves everything else alone", () => {
  assertEquals(unwrapToolInput('{"input": "*** Begin Patch\\n*** End Patch"}'), "*** Begin Patch\n*** End Patch");
  assertEquals(unwrapToolInput(' {"patch": "x"}'), ' {"patch": "x"}');
  assertEquals(unwrapToolInput("{not json"), "{not json");
  assertEquals(unwrapToolInput("*** Begin Patch"), "*** Begin Patch");
});
