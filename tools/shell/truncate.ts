/**
 * @module
 * Middle truncation for the model, as Codex does it: keep the first and the last half of a UTF-8
 * byte budget, cut on character boundaries, and put `…{n} chars truncated…` in between, where
 * `n` counts every code point left out (including what a `HeadTailBuffer` already dropped).
 */
import type { HeadTail } from "./output_buffer.ts";

/** Codex's default model budget for tool output: `Bytes(10_000)`. */
export const DEFAULT_MAX_OUTPUT_BYTES = 10_000;

/** The result of `truncateMiddle`. */
export interface Truncated {
  text: string;
  /** True when something was left out. */
  truncated: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Shortens text to at most `maxBytes` UTF-8 bytes plus a marker, keeping head and tail.
 *
 * @example
 * ```ts
 * truncateMiddle("abcdefghij", 4); // { text: "ab…6 chars truncated…ij", truncated: true }
 * ```
 */
export function truncateMiddle(input: string | HeadTail, maxBytes: number): Truncated {
  if (!(maxBytes >= 0)) throw new RangeError(`Cannot truncate output: budget ${maxBytes} is negative`);
  const parts = typeof input === "string" ? { head: input, omitted: 0, tail: "" } : input;
  if (parts.omitted === 0) {
    const whole = parts.head + parts.tail;
    const bytes = encoder.encode(whole);
    if (bytes.length <= maxBytes) return { text: whole, truncated: false };
    return cut(bytes, bytes, maxBytes, 0);
  }
  return cut(encoder.encode(parts.head), encoder.encode(parts.tail), maxBytes, parts.omitted);
}

/** Keeps a prefix of `head` and a suffix of `tail`; `head` and `tail` may be the same array. */
function cut(head: Uint8Array, tail: Uint8Array, maxBytes: number, omitted: number): Truncated {
  const leftBudget = Math.floor(maxBytes / 2);
  const rightBudget = maxBytes - leftBudget;
  const same = head === tail;
  let end = Math.min(leftBudget, head.length);
  while (end > 0 && end < head.length && isContinuation(head[end])) end--;
  let start = Math.max(tail.length - rightBudget, same ? end : 0);
  while (start < tail.length && isContinuation(tail[start])) start++;
  const prefix = decoder.decode(head.subarray(0, end));
  const suffix = decoder.decode(tail.subarray(start));
  const removed = same
    ? countStarts(head.subarray(end, start))
    : countStarts(head.subarray(end)) + omitted + countStarts(tail.subarray(0, start));
  return { text: `${prefix}…${removed} chars truncated…${suffix}`, truncated: true };
}

function isContinuation(byte: number): boolean {
  return (byte & 0xc0) === 0x80;
}

/** Code points in a run of whole UTF-8 sequences: every byte that is not a continuation byte. */
function countStarts(bytes: Uint8Array): number {
  let count = 0;
  for (const byte of bytes) if (!isContinuation(byte)) count++;
  return count;
}
