/**
 * @module
 * Markdown that grows as deltas stream in, rendered without redoing the whole message on each
 * frame. The text is cut at block boundaries that later text cannot change (a blank line outside
 * a fenced code block, followed by a line that starts a new top-level block); the finished blocks
 * before the last such boundary are rendered once (per width) and kept, and only the tail after it
 * (usually the paragraph being written) is rendered again when the text changes. So a frame costs
 * the tail, not the message: a long answer streamed over many frames is not re-parsed from its
 * start each time (that was O(n²) in the message's length).
 *
 * The lines are the same as pi-tui's `Markdown` gives for the whole text: a boundary is a blank
 * line, which pi-tui draws as one blank line (spaces to the width), and the blocks on either side render alone as they
 * do together. One Markdown feature does cross blocks, and is not followed into the finished
 * ones: a reference-style link definition (`[x]: https://…`) written after its use.
 */
import { Markdown, type MarkdownTheme } from "@mariozechner/pi-tui";

/** A line opening or closing a fenced code block: up to 3 spaces, then ``` or ~~~. */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/**
 * A line that may begin a block after a blank line without joining the block before it: not
 * indented (a list item's continuation, an indented code block), not a list item (a loose list's
 * next item), not a block quote's next paragraph.
 */
const CONTINUES = /^(\s|[-*+](\s|$)|\d{1,9}[.)](\s|$)|>)/;

/** Options for `new StreamedMarkdown()`. */
export interface StreamedMarkdownOptions {
  /** Decorates each line drawn (a bullet or indent); `index` is the line's in the whole text's lines. */
  decorate?: (line: string, index: number) => string;
  /** Lines added after the text's (a cell's spacing). */
  trailer?: string[];
}

/** Growing Markdown text; `render()` re-renders only its unfinished tail. */
export class StreamedMarkdown {
  #text = "";
  /** Where the unfinished tail starts in `#text` (the start of a line after a boundary). */
  #tailStart = 0;
  /** The finished blocks' texts, each cut at a boundary. */
  #finished: string[] = [];
  /** Their decorated lines for `#width`, each chunk's joined to the next by a blank line. */
  #finishedLines: string[] = [];
  #renderedChunks = 0;
  #width = -1;
  /** The lines last returned, while the text and width are unchanged (the same array each time). */
  #lines: string[] | null = null;
  readonly #tail: Markdown;
  readonly #theme: MarkdownTheme;
  readonly #decorate: (line: string, index: number) => string;
  readonly #trailer: string[];

  constructor(theme: MarkdownTheme, text = "", options: StreamedMarkdownOptions = {}) {
    this.#theme = theme;
    this.#tail = new Markdown("", 0, 0, theme);
    this.#decorate = options.decorate ?? ((line) => line);
    this.#trailer = options.trailer ?? [];
    this.setText(text);
  }

  /** The whole text. */
  get text(): string {
    return this.#text;
  }

  /** Appends a delta. */
  append(delta: string): void {
    this.#text += delta;
    this.#lines = null;
  }

  /** Replaces the text; when it only extends the current one, finished blocks are kept. */
  setText(text: string): void {
    if (!text.startsWith(this.#text.slice(0, this.#tailStart))) {
      this.#tailStart = 0;
      this.#finished = [];
      this.invalidate();
    }
    this.#text = text;
    this.#lines = null;
  }

  /**
   * The lines for `width`: pi-tui's `Markdown` lines for the whole text, decorated, then the
   * trailer. The same array while neither the text nor the width changed.
   */
  render(width: number): string[] {
    if (width !== this.#width) this.invalidate();
    if (this.#lines) return this.#lines;
    this.#width = width;
    this.#advance();
    const blank = " ".repeat(width);
    for (; this.#renderedChunks < this.#finished.length; this.#renderedChunks++) {
      const lines = new Markdown(this.#finished[this.#renderedChunks], 0, 0, this.#theme).render(width);
      if (this.#finishedLines.length > 0) this.#finishedLines.push(this.#decorate(blank, this.#finishedLines.length));
      for (const line of lines) this.#finishedLines.push(this.#decorate(line, this.#finishedLines.length));
    }
    const tailText = this.#text.slice(this.#tailStart);
    const lines = this.#finishedLines.slice();
    if (tailText.trim() !== "") {
      this.#tail.setText(tailText);
      const tail = this.#tail.render(width);
      if (lines.length > 0) lines.push(this.#decorate(blank, lines.length));
      for (const line of tail) lines.push(this.#decorate(line, lines.length));
    }
    lines.push(...this.#trailer);
    this.#lines = lines;
    return lines;
  }

  /** Forgets the rendered lines (a theme or width change). */
  invalidate(): void {
    this.#finishedLines = [];
    this.#renderedChunks = 0;
    this.#lines = null;
    this.#tail.invalidate();
  }

  /** Moves the blocks before the tail's last boundary into `#finished`. */
  #advance(): void {
    const tail = this.#text.slice(this.#tailStart);
    const cut = lastBoundary(tail);
    if (cut === null) return;
    this.#finished.push(tail.slice(0, cut.end));
    this.#tailStart += cut.next;
  }
}

/**
 * The last boundary in `text` (which starts outside any fenced code block): `end` where the block
 * before it ends, `next` where the following block's line starts. Null when there is none.
 */
function lastBoundary(text: string): { end: number; next: number } | null {
  let found: { end: number; next: number } | null = null;
  let fence: string | null = null;
  /** The end of the last non-blank line seen outside a fence, and whether a blank line followed it. */
  let blockEnd = -1;
  let blank = false;
  let at = 0;
  while (at < text.length) {
    const newline = text.indexOf("\n", at);
    // The last line may still grow: it is not looked at until its newline arrives.
    if (newline < 0) break;
    const line = text.slice(at, newline);
    const marker = FENCE.exec(line)?.[1];
    if (fence !== null) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
      blockEnd = newline;
      blank = false;
    } else if (line.trim() === "") {
      if (blockEnd >= 0) blank = true;
    } else {
      if (blank && !CONTINUES.test(line)) found = { end: blockEnd, next: at };
      if (marker) fence = marker;
      blockEnd = newline;
      blank = false;
    }
    at = newline + 1;
  }
  return found;
}
