import { assertEquals } from "@std/assert";
import { FileLines, normaliseLine, seekSequence } from "./seek_sequence.ts";

const file = (...lines: string[]) => new FileLines(lines);

Deno.test("seekSequence() finds an exact run from the start index", () => {
  assertEquals(seekSequence(file("foo", "bar", "baz", "bar", "baz"), ["bar", "baz"], 0), { index: 1, pass: "exact" });
  assertEquals(seekSequence(file("foo", "bar", "baz", "bar", "baz"), ["bar", "baz"], 2), { index: 3, pass: "exact" });
  assertEquals(seekSequence(file("foo"), ["bar"], 0), null);
});

Deno.test("seekSequence() falls back through trailing, surrounding and Unicode whitespace passes in order", () => {
  assertEquals(seekSequence(file("foo   ", "bar\t\t"), ["foo", "bar"], 0), { index: 0, pass: "trimEnd" });
  assertEquals(seekSequence(file("    foo   ", "   bar\t"), ["foo", "bar"], 0), { index: 0, pass: "trim" });
  assertEquals(seekSequence(file("x", "a \u2014 \u201cq\u201d \u2018s\u2019"), ["a - \"q\" 's'"], 0), {
    index: 1,
    pass: "unicode",
  });
  // A stricter pass anywhere in the range beats a looser pass earlier in it.
  assertEquals(seekSequence(file("foo ", "foo"), ["foo"], 0), { index: 1, pass: "exact" });
});

Deno.test("seekSequence() with endOfFile only matches the last lines", () => {
  assertEquals(seekSequence(file("end", "mid", "end"), ["end"], 0, { endOfFile: true }), { index: 2, pass: "exact" });
  assertEquals(seekSequence(file("start", "end"), ["start"], 0, { endOfFile: true }), null);
});

Deno.test("seekSequence() handles empty and too-long patterns without throwing", () => {
  assertEquals(seekSequence(file("a"), [], 1), { index: 1, pass: "exact" });
  assertEquals(seekSequence(file("just one line"), ["too", "many", "lines"], 0), null);
  assertEquals(seekSequence(file("a", "b"), ["b"], 5), null);
});

Deno.test("normaliseLine() maps every listed dash, quote and space to ASCII", () => {
  assertEquals(normaliseLine("\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-------");
  assertEquals(normaliseLine("\u2018\u2019\u201A\u201B\u201C\u201D\u201E\u201F"), "''''\"\"\"\"");
  assertEquals(normaliseLine("a\u00A0b\u2002c\u2003d\u2009e\u200Af\u202Fg\u205Fh\u3000i"), "a b c d e f g h i");
  assertEquals(normaliseLine("  plain  "), "plain");
});
