/**
 * Tests for pi-tui frames that reuse the lines of unchanged cells: the same bytes on the terminal,
 * and a keystroke's frame under a long transcript builds no new string for the transcript's lines.
 */
import { assertEquals } from "@std/assert";
import { Editor, TUI } from "@mariozechner/pi-tui";
import { nullTerminal } from "../../test/support/null_terminal.ts";
import { AgentCell } from "./cells.ts";
import { reuseFrameLines } from "./frame_lines.ts";
import { editorTheme } from "./theme.ts";
import { Transcript } from "./transcript.ts";

/** A session's screen without a terminal: 1,000 cells, then pi-tui's editor; `frame()` draws. */
function screen(reuse: boolean) {
  let written = "";
  const size = { columns: 100, rows: 30 };
  const terminal = nullTerminal((data) => written += data, size);
  const tui = new TUI(terminal);
  if (reuse) reuseFrameLines(tui);
  const transcript = new Transcript(() => {});
  for (let i = 0; i < 1000; i++) transcript.add(new AgentCell(`Cell **${i}**: some \`code\` and text.`));
  const editor = new Editor(tui, editorTheme, { paddingX: 1 });
  tui.addChild(transcript);
  tui.addChild(editor);
  tui.setFocus(editor);
  const internals = tui as unknown as { doRender(): void; previousLines: string[] };
  return {
    transcript,
    editor,
    frame: () => internals.doRender(),
    lines: () => [...internals.previousLines],
    written: () => written,
    resize: (to: number) => size.columns = to,
  };
}

Deno.test("frames that reuse unchanged lines write the same bytes: keys, a streamed message, a resize", () => {
  const runs = [screen(false), screen(true)].map((s) => {
    s.frame();
    for (const key of "hello") {
      s.editor.handleInput(key);
      s.frame();
    }
    const cell = new AgentCell();
    s.transcript.add(cell);
    for (let i = 0; i < 60; i++) {
      cell.append(`w${i} **b${i}** ${i % 10 === 9 ? "\n\n" : ""}`);
      s.frame();
    }
    s.resize(70);
    s.frame();
    s.editor.handleInput("!");
    s.frame();
    return s.written();
  });
  assertEquals(runs[1], runs[0]);
});

Deno.test("a keystroke's frame under a 1,000-cell transcript rebuilds none of the transcript's lines", () => {
  // pi-tui's own step, counted: the lines it is given to rebuild (before: every line, every frame).
  const prototype = TUI.prototype as unknown as { applyLineResets(lines: string[]): string[] };
  const original = prototype.applyLineResets;
  let rebuilt = 0;
  prototype.applyLineResets = function (this: TUI, lines: string[]) {
    rebuilt += lines.length;
    return original.call(this, lines);
  };
  try {
    const s = screen(true);
    s.frame();
    rebuilt = 0;
    s.editor.handleInput("k");
    s.frame();
    assertEquals(s.lines().length > 2000, true);
    assertEquals(rebuilt <= 5, true, `${rebuilt} lines rebuilt for one key`);
  } finally {
    prototype.applyLineResets = original;
  }
});
