import { assertEquals } from "@std/assert";
import { sniffImageType } from "./image_type.ts";

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p));

Deno.test("sniffImageType() recognises PNG, JPEG, GIF and WebP by their first bytes", () => {
  assertEquals(sniffImageType(bytes([0x89], "PNG", [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))?.mime, "image/png");
  assertEquals(sniffImageType(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], "JFIF"))?.mime, "image/jpeg");
  assertEquals(sniffImageType(bytes("GIF87a", [1, 0, 1, 0]))?.mime, "image/gif");
  assertEquals(sniffImageType(bytes("GIF89a", [1, 0, 1, 0]))?.mime, "image/gif");
  assertEquals(sniffImageType(bytes("RIFF", [36, 0, 0, 0], "WEBPVP8 "))?.mime, "image/webp");
});

Deno.test("sniffImageType() refuses text, other RIFF files, SVG and cut-off headers", () => {
  assertEquals(sniffImageType(bytes("hello, world")), undefined);
  assertEquals(sniffImageType(bytes("RIFF", [36, 0, 0, 0], "WAVEfmt ")), undefined);
  assertEquals(sniffImageType(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>')), undefined);
  assertEquals(sniffImageType(bytes([0x89], "PNG")), undefined);
  assertEquals(sniffImageType(bytes("RIFF", [36, 0])), undefined);
  assertEquals(sniffImageType(new Uint8Array()), undefined);
});
