/**
 * @module
 * pi-tui's frames without rebuilding every line of the transcript. Each frame, pi-tui renders all
 * components, then gives every line a reset suffix (`applyLineResets`: a new string per line) and
 * compares the lines with the last frame's, character by character, since they are new strings.
 * With a long transcript that is most of a frame's cost, and garbage for the collector (a keystroke
 * or a streamed delta then waits for it). The cells hand back the same line strings while they are
 * unchanged, so here each line's reset form is kept and handed back again: the comparison is then
 * one of identical strings, and an unchanged line allocates nothing.
 */
import type { TUI } from "@mariozechner/pi-tui";

/** What pi-tui's `TUI` does to the lines of a frame before comparing them (not in its types). */
interface LineResets {
  applyLineResets(lines: string[]): string[];
}

/** Makes `tui` reuse the reset form of lines it saw in recent frames. */
export function reuseFrameLines(tui: TUI): void {
  const target = tui as unknown as LineResets;
  const original = target.applyLineResets;
  if (typeof original !== "function") return; // another pi-tui: its frames as they are
  let seen = new Map<string, string>();
  target.applyLineResets = (lines: string[]) => {
    // Forget the lines of past frames once they outnumber the current ones (a streamed message's
    // partial lines, a resized transcript).
    if (seen.size > 2 * lines.length + 1024) seen = new Map();
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      let reset = seen.get(line);
      if (reset === undefined) {
        reset = original.call(tui, [line])[0];
        seen.set(line, reset);
      }
      lines[i] = reset;
    }
    return lines;
  };
}
