import { assertEquals, assertThrows } from "@std/assert";
import { codePoints, HeadTailBuffer } from "./output_buffer.ts";

Deno.test("`HeadTailBuffer` keeps everything while under budget, in arrival order", () => {
  const buffer = new HeadTailBuffer(100);
  buffer.push("out\n");
  buffer.push("err\n");
  assertEquals(buffer.toString(), "out\nerr\n");
  assertEquals(buffer.parts(), { head: "out\nerr\n", omitted: 0, tail: "" });
});

Deno.test("`HeadTailBuffer` keeps the first and last halves and counts the dropped middle", () => {
  const buffer = new HeadTailBuffer(8);
  for (const chunk of ["012", "345", "678", "9ab"]) buffer.push(chunk);
  assertEquals(buffer.parts(), { head: "0123", omitted: 4, tail: "89ab" });
  assertEquals(buffer.toString(), "0123…4 chars truncated…89ab");
});

Deno.test("`HeadTailBuffer` stays bounded under a flood of output", () => {
  const buffer = new HeadTailBuffer(1000);
  for (let i = 0; i < 10_000; i++) buffer.push("line of output\n");
  const { head, omitted, tail } = buffer.parts();
  assertEquals(head.length + tail.length, 1000);
  assertEquals(head.length + omitted + tail.length, 150_000);
  assertEquals(buffer.lines, 10_000);
});

Deno.test("`HeadTailBuffer` never splits a surrogate pair at its cuts", () => {
  const buffer = new HeadTailBuffer(6);
  buffer.push("ab😀cd😀ef😀");
  const { head, omitted, tail } = buffer.parts();
  assertEquals(head, "ab");
  assertEquals(tail, "f😀");
  assertEquals(codePoints(head) + omitted + codePoints(tail), 9);
});

Deno.test("`HeadTailBuffer.lines` counts like Rust's `str::lines`", () => {
  const lines = (...chunks: string[]) => {
    const buffer = new HeadTailBuffer(100);
    for (const chunk of chunks) buffer.push(chunk);
    return buffer.lines;
  };
  assertEquals(lines(), 0);
  assertEquals(lines("a"), 1);
  assertEquals(lines("a\n"), 1);
  assertEquals(lines("a\nb"), 2);
  assertEquals(lines("a", "\n", "b\n", "c"), 3);
});

Deno.test("`HeadTailBuffer` rejects a budget below 2", () => {
  assertThrows(() => new HeadTailBuffer(1), RangeError, "budget 1 is below 2");
});
