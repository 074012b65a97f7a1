/**
 * @module
 * A bounded buffer for a command's output: keeps the first and the last half of a budget and
 * counts what it dropped in between, so a chatty command cannot eat memory. It also counts lines
 * over everything it saw (dropped text included). Sizes are UTF-16 code units (bytes for ASCII);
 * cuts never split a surrogate pair, and dropped text is counted in code points.
 */

/** What a head+tail buffer holds: `head`, then `omitted` dropped code points, then `tail`. */
export interface HeadTail {
  head: string;
  omitted: number;
  tail: string;
}

/** Default budget of the buffer: 1 Mi code units, as Codex caps exec output at 1 MiB. */
export const DEFAULT_BUFFER_UNITS = 1024 * 1024;

/**
 * Collects text in arrival order, keeping a head and a tail.
 *
 * @example
 * ```ts
 * const buffer = new HeadTailBuffer(8);
 * buffer.push("0123456789");
 * buffer.toString(); // "0123…2 chars truncated…6789"
 * ```
 */
export class HeadTailBuffer {
  readonly #headCap: number;
  #head = "";
  #headFull = false;
  /**
   * The tail: the last units seen, in a ring written in place, so that output passing through
   * leaves no garbage behind (pieces of it kept as strings would each outlive V8's young
   * generation and pile up in the old one until a full collection).
   */
  readonly #ring: Uint16Array;
  #ringStart = 0;
  #ringLength = 0;
  /** Code points that went to the tail, dropped ones included. */
  #tailCodePoints = 0;
  /** The last unit dropped from the tail (to spot a surrogate pair split at the cut). */
  #lastDropped = -1;
  #newlines = 0;
  #endsWithNewline = true;

  /** @param maxUnits total budget in UTF-16 code units, split evenly between head and tail */
  constructor(maxUnits: number = DEFAULT_BUFFER_UNITS) {
    if (!(maxUnits >= 2)) throw new RangeError(`Cannot create output buffer: budget ${maxUnits} is below 2`);
    this.#headCap = Math.floor(maxUnits / 2);
    this.#ring = new Uint16Array(maxUnits - this.#headCap);
  }

  /** Appends text. */
  push(text: string): void {
    if (text === "") return;
    this.#endsWithNewline = text.charCodeAt(text.length - 1) === 10;
    let from = 0;
    if (!this.#headFull) {
      from = safeCut(text, Math.min(this.#headCap - this.#head.length, text.length));
      this.#head += text.slice(0, from);
      for (let i = 0; i < from; i++) if (text.charCodeAt(i) === 10) this.#newlines++;
      if (from === text.length) return;
      this.#headFull = true;
    }
    // One pass: count, and write into the ring, overwriting the oldest units once it is full.
    const ring = this.#ring;
    const cap = ring.length;
    let at = (this.#ringStart + this.#ringLength) % cap;
    let length = this.#ringLength;
    let lastDropped = this.#lastDropped;
    let newlines = 0;
    let codePoints = 0;
    for (let i = from; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit === 10) newlines++;
      if (unit < 0xdc00 || unit > 0xdfff) codePoints++;
      if (length === cap) lastDropped = ring[at];
      else length++;
      ring[at++] = unit;
      if (at === cap) at = 0;
    }
    if (length === cap) this.#ringStart = at;
    this.#ringLength = length;
    this.#lastDropped = lastDropped;
    this.#newlines += newlines;
    this.#tailCodePoints += codePoints;
  }

  /** Number of lines seen, counted as Rust's `str::lines` does (a final newline adds none). */
  get lines(): number {
    return this.#newlines + (this.#endsWithNewline ? 0 : 1);
  }

  /** The kept text, split so a truncator can account for what the buffer dropped. */
  parts(): HeadTail {
    const ring = this.#ring;
    const unitAt = (i: number) => ring[(this.#ringStart + i) % ring.length];
    // A pair split at the cut: its high half was dropped (and counted), so its low half goes too.
    const skip = this.#ringLength > 0 && isHighSurrogate(this.#lastDropped) && isLowSurrogate(unitAt(0)) ? 1 : 0;
    const pieces: string[] = [];
    let kept = 0;
    for (let i = skip; i < this.#ringLength; i += 8192) {
      const units: number[] = [];
      for (let j = i; j < Math.min(i + 8192, this.#ringLength); j++) {
        const unit = unitAt(j);
        if (!isLowSurrogate(unit)) kept++;
        units.push(unit);
      }
      pieces.push(String.fromCharCode(...units));
    }
    return { head: this.#head, omitted: this.#tailCodePoints - kept, tail: pieces.join("") };
  }

  /** The kept text, with a `…{n} chars truncated…` marker where text was dropped. */
  toString(): string {
    const { head, omitted, tail } = this.parts();
    return omitted === 0 ? head + tail : `${head}…${omitted} chars truncated…${tail}`;
  }
}

/** Number of Unicode code points in `text`. */
export function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xdc00 || unit > 0xdfff) count++;
  }
  return count;
}

/** Moves a cut index off the middle of a surrogate pair (down, or up with `roundUp`). */
function safeCut(text: string, index: number, options: { roundUp?: boolean } = {}): number {
  if (index <= 0 || index >= text.length) return index;
  const unit = text.charCodeAt(index);
  const splitsPair = unit >= 0xdc00 && unit <= 0xdfff && isHighSurrogate(text.charCodeAt(index - 1));
  if (!splitsPair) return index;
  return options.roundUp ? index + 1 : index - 1;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
