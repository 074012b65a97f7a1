/**
 * @module
 * A prompt read from stdin must be text: `decodePrompt()` refuses bytes that are not UTF-8, and
 * control characters other than tab, newline and carriage return (a binary file piped in by
 * mistake), saying where the first bad byte is, before anything reaches the model.
 */

/** Decodes `bytes` as UTF-8 text; throws an error naming the offset of the first bad byte. */
export function decodePrompt(bytes: Uint8Array, source = "stdin"): string {
  const bad = firstInvalidUtf8(bytes);
  if (bad !== -1) {
    throw new Error(
      `The prompt on ${source} is not UTF-8 text: byte ${bad} (0x${hex(bytes[bad])}) is not valid UTF-8. ` +
        "Pass a text file, or convert it first (say, with iconv)",
    );
  }
  const text = new TextDecoder().decode(bytes);
  // deno-lint-ignore no-control-regex -- finding control characters is the point
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.exec(text);
  if (control) {
    const offset = new TextEncoder().encode(text.slice(0, control.index)).length;
    throw new Error(
      `The prompt on ${source} is not text: byte ${offset} is the control character 0x${
        hex(control[0].charCodeAt(0))
      }. Is it a binary file?`,
    );
  }
  return text;
}

const hex = (byte: number) => byte.toString(16).padStart(2, "0");

/**
 * The offset of the first byte that is not UTF-8, or -1. The platform's decoder finds it: the
 * first U+FFFD it had to put in, unless the input spelled that character itself (EF BF BD).
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const text = new TextDecoder().decode(bytes);
  const encoder = new TextEncoder();
  for (let index = text.indexOf("\ufffd"); index !== -1; index = text.indexOf("\ufffd", index + 1)) {
    const offset = encoder.encode(text.slice(0, index)).length;
    if (bytes[offset] !== 0xef || bytes[offset + 1] !== 0xbf || bytes[offset + 2] !== 0xbd) return offset;
  }
  return -1;
}
