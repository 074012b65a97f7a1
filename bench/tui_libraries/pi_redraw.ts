// deno-lint-ignore-file no-import-prefix -- candidates being measured, pinned here, not dependencies of Tern
/**
 * @module
 * Child of `bench/tui_libraries.ts`: pi-tui's redraw cost with a long transcript. 1,000 finished
 * Markdown cells, then 300 deltas streamed into a last Markdown cell, one frame per delta, on an
 * in-memory terminal of 100x40 that counts what is written. Prints JSON.
 */
import { Markdown, type MarkdownTheme, TUI } from "npm:@mariozechner/pi-tui@0.73.1";
import { CELLS, cellText, DELTAS, deltaText, MemoryTerminal, percentile } from "./shared.ts";

const id = (s: string) => s;
const theme: MarkdownTheme = {
  heading: id,
  link: id,
  linkUrl: id,
  code: id,
  codeBlock: id,
  codeBlockBorder: id,
  quote: id,
  quoteBorder: id,
  hr: id,
  listBullet: id,
  bold: id,
  italic: id,
  strikethrough: id,
  underline: id,
};
const terminal = new MemoryTerminal();
const tui = new TUI(terminal);
// The private synchronous frame; requestRender() would coalesce frames to one per 16 ms.
const frame = () => (tui as unknown as { doRender(): void }).doRender();
const t0 = performance.now();
for (let i = 0; i < CELLS; i++) tui.addChild(new Markdown(cellText(i), 0, 0, theme));
frame();
const fillMs = performance.now() - t0;
const live = new Markdown("", 0, 0, theme);
tui.addChild(live);
let text = "";
const times: number[] = [];
const bytesBefore = terminal.bytes;
for (let i = 0; i < DELTAS; i++) {
  text += deltaText(i);
  const start = performance.now();
  live.setText(text);
  frame();
  times.push(performance.now() - start);
}
console.log(JSON.stringify({
  fillMs,
  frameP50: percentile(times, 50),
  frameP99: percentile(times, 99),
  bytesPerFrame: (terminal.bytes - bytesBefore) / DELTAS,
}));
Deno.exit(0);
