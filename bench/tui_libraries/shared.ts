/**
 * @module
 * What the redraw children of `bench/tui_libraries.ts` share: the workload (cells and deltas),
 * an in-memory terminal that counts bytes, and percentiles.
 */

/** Finished cells in the transcript before streaming starts. */
export const CELLS = 1000;
/** Deltas streamed into the last cell, one frame each. */
export const DELTAS = 300;

/** The text of finished cell `i`: a short Markdown answer. */
export function cellText(i: number): string {
  return `**Cell ${i}**: the agent said something with \`code\` and a [link](https://example.com/${i}).`;
}

/** Delta `i` of the streamed answer: words, with a paragraph break now and then. */
export function deltaText(i: number): string {
  return i % 40 === 39 ? "\n\n" : `word${i} `;
}

/** The p-th percentile of `values`. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A terminal of 100x40 that keeps no screen, only the number of bytes written (pi-tui's `Terminal`). */
export class MemoryTerminal {
  bytes = 0;
  readonly columns = 100;
  readonly rows = 40;
  readonly kittyProtocolActive = false;
  start(): void {}
  stop(): void {}
  drainInput(): Promise<void> {
    return Promise.resolve();
  }
  write(data: string): void {
    this.bytes += data.length;
  }
  moveBy(): void {}
  hideCursor(): void {}
  showCursor(): void {}
  clearLine(): void {}
  clearFromCursor(): void {}
  clearScreen(): void {}
  setTitle(): void {}
  setProgress(): void {}
}
