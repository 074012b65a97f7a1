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
  readonly #tailCap: number;
  #head = "";
  #headFull = false;
  #tail: string[] = [];
  #tailUnits = 0;
  #omitted = 0;
  #newlines = 0;
  #endsWithNewline = true;

  /** @param maxUnits total budget in UTF-16 code units, split evenly between head and tail */
  constructor(maxUnits: number = DEFAULT_BUFFER_UNITS) {
    if (!(maxUnits >= 2)) throw new RangeError(`Cannot create output buffer: budget ${maxUnits} is below 2`);
    this.#headCap = Math.floor(maxUnits / 2);
    this.#tailCap = maxUnits - this.#headCap;
  }

  /** Appends text. */
  push(text: string): void {
    if (text === "") return;
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.#newlines++;
    this.#endsWithNewline = text.endsWith("\n");
    if (!this.#headFull) {
      const take = safeCut(text, Math.min(this.#headCap - this.#head.length, text.length));
      this.#head += text.slice(0, take);
      text = text.slice(take);
      if (text === "") return;
      this.#headFull = true;
    }
    this.#tail.push(text);
    this.#tailUnits += text.length;
    while (this.#tailUnits > this.#tailCap) {
      const first = this.#tail[0];
      const excess = this.#tailUnits - this.#tailCap;
      if (first.length <= excess) {
        this.#tail.shift();
        this.#omitted += codePoints(first);
        this.#tailUnits -= first.length;
      } else {
        const cut = safeCut(first, excess, { roundUp: true });
        this.#tail[0] = first.slice(cut);
        this.#omitted += codePoints(first.slice(0, cut));
        this.#tailUnits -= cut;
      }
    }
  }

  /** Number of lines seen, counted as Rust's `str::lines` does (a final newline adds none). */
  get lines(): number {
    return this.#newlines + (this.#endsWithNewline ? 0 : 1);
  }

  /** The kept text, split so a truncator can account for what the buffer dropped. */
  parts(): HeadTail {
    return { head: this.#head, omitted: this.#omitted, tail: this.#tail.join("") };
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
