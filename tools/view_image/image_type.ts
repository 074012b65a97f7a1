/**
 * @module
 * Recognises the image formats models accept (PNG, JPEG, GIF, WebP) by their first bytes, so a
 * misnamed file is sent with its real type and a text file named `.png` is refused.
 */

/** A recognised image format. */
export interface ImageType {
  /** The MIME type used in the data URL, e.g. `image/png`. */
  mime: "image/png" | "image/jpeg" | "image/gif" | "image/webp";
  /** The format's name for messages, e.g. `PNG`. */
  name: "PNG" | "JPEG" | "GIF" | "WebP";
}

/** The formats `sniffImageType` recognises, by name, for messages. */
export const SUPPORTED_IMAGE_NAMES = "PNG, JPEG, GIF or WebP";

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

function startsWith(bytes: Uint8Array, prefix: number[], offset = 0): boolean {
  return bytes.length >= offset + prefix.length && prefix.every((b, i) => bytes[offset + i] === b);
}

/**
 * The image format of `bytes` (a whole file or at least its first 12 bytes), or `undefined`
 * when it is none of the supported ones.
 *
 * @example
 * ```ts
 * sniffImageType(await Deno.readFile("shot.png"))?.mime; // "image/png"
 * ```
 */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (startsWith(bytes, PNG)) return { mime: "image/png", name: "PNG" };
  if (startsWith(bytes, JPEG)) return { mime: "image/jpeg", name: "JPEG" };
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) {
    return { mime: "image/gif", name: "GIF" };
  }
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) {
    return { mime: "image/webp", name: "WebP" };
  }
  return undefined;
}
