import { assertEquals, assertThrows } from "@std/assert";
import { decodePrompt } from "./prompt_text.ts";

const bytes = (...values: number[]) => new Uint8Array(values);

Deno.test("decodePrompt() keeps UTF-8 text, tabs and newlines", () => {
  const text = "fix the bug in café.ts\tnow\r\n→ 🙂 \ufffd\n";
  assertEquals(decodePrompt(new TextEncoder().encode(text)), text);
});

Deno.test("decodePrompt() names the offset of the first byte that is not UTF-8", () => {
  assertThrows(() => decodePrompt(bytes(0x68, 0x69, 0xff, 0x21)), Error, "byte 2 (0xff) is not valid UTF-8");
  // A lead byte whose continuation is missing, an overlong form, a surrogate.
  assertThrows(() => decodePrompt(bytes(0x61, 0xc3)), Error, "byte 1 (0xc3)");
  assertThrows(() => decodePrompt(bytes(0xc0, 0xaf)), Error, "byte 0 (0xc0)");
  assertThrows(() => decodePrompt(bytes(0x61, 0xed, 0xa0, 0x80)), Error, "byte 1 (0xed)");
});

Deno.test("decodePrompt() refuses control characters a binary file carries", () => {
  assertThrows(() => decodePrompt(bytes(0x41, 0x00, 0x42)), Error, "byte 1 is the control character 0x00");
  assertThrows(() => decodePrompt(new TextEncoder().encode("é\x1b[2J")), Error, "byte 2 is the control character 0x1b");
});
