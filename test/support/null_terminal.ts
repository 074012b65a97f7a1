/**
 * @module
 * A pi-tui `Terminal` with no terminal behind it, for drawing in process (tests, benches): what
 * is written goes to `onWrite`, its size is what `size` says when asked.
 */
import type { Terminal } from "@mariozechner/pi-tui";

/** A terminal of `size` (read on each call, so it may change) whose output goes to `onWrite`. */
export function nullTerminal(onWrite: (data: string) => void, size = { columns: 100, rows: 30 }): Terminal {
  return {
    start() {},
    stop() {},
    async drainInput() {},
    write: onWrite,
    get columns() {
      return size.columns;
    },
    get rows() {
      return size.rows;
    },
    get kittyProtocolActive() {
      return false;
    },
    moveBy() {},
    hideCursor() {},
    showCursor() {},
    clearLine() {},
    clearFromCursor() {},
    clearScreen() {},
    setTitle() {},
    setProgress() {},
  };
}
