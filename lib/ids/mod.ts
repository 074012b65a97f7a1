/**
 * @module
 * Ids that sort by creation: `uuidv7()`, as Codex makes its thread and queued-turn ids. Shared by
 * the plugins that make such ids (the SQLite and in-memory turn queues).
 */

let lastMs = 0;
let sequence = 0;

/**
 * A UUIDv7: 48 bits of milliseconds, a 12-bit sequence (RFC 9562's method 1, so ids made in the
 * same millisecond by one process still sort by creation), then random bits.
 */
export function uuidv7(now = Date.now()): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  if (now <= lastMs) {
    sequence++;
    if (sequence > 0xfff) {
      lastMs++;
      sequence = 0;
    }
  } else {
    lastMs = now;
    sequence = bytes[6] & 0x07; // a small random start leaves room to count up
  }
  let ms = lastMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
