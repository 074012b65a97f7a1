import { assert, assertEquals, assertThrows } from "@std/assert";
import { truncateMiddle } from "./truncate.ts";

const bytes = (text: string) => new TextEncoder().encode(text).length;

Deno.test("`truncateMiddle()` returns text within the budget unchanged", () => {
  assertEquals(truncateMiddle("hello", 5), { text: "hello", truncated: false });
});

Deno.test("`truncateMiddle()` keeps equal halves of head and tail with a chars marker", () => {
  assertEquals(truncateMiddle("abcdefghij", 4), { text: "ab…6 chars truncated…ij", truncated: true });
  assertEquals(truncateMiddle("abcdefghij", 5), { text: "ab…5 chars truncated…hij", truncated: true });
});

Deno.test("`truncateMiddle()` never cuts a multi-byte character in half", () => {
  const text = "ééééé€€€€€"; // 2-byte then 3-byte characters, 25 bytes
  const { text: out } = truncateMiddle(text, 9);
  assertEquals(out, "éé…7 chars truncated…€"); // 4 bytes left, 5 right: one € fits
  assert(!out.includes("\uFFFD"));
  assert(bytes(out.replace(/…\d+ chars truncated…/, "")) <= 9);
});

Deno.test("`truncateMiddle()` keeps emoji whole and counts them as one char each", () => {
  const { text } = truncateMiddle("😀😀😀😀😀😀", 9); // 4 bytes each
  assertEquals(text, "😀…4 chars truncated…😀");
});

Deno.test("`truncateMiddle()` counts what a head+tail buffer already dropped", () => {
  const { text } = truncateMiddle({ head: "abcdef", omitted: 100, tail: "uvwxyz" }, 4);
  assertEquals(text, "ab…108 chars truncated…yz");
});

Deno.test("`truncateMiddle()` marks dropped text even when head and tail fit", () => {
  assertEquals(truncateMiddle({ head: "ab", omitted: 7, tail: "yz" }, 100), {
    text: "ab…7 chars truncated…yz",
    truncated: true,
  });
});

Deno.test("`truncateMiddle()` rejects a negative budget", () => {
  assertThrows(() => truncateMiddle("x", -1), RangeError, "budget -1 is negative");
});
