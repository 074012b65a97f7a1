/**
 * @module
 * The cost of drawing one long streamed message in process, without a terminal: `--deltas` deltas
 * of 3 words (a paragraph break every 40) appended to an agent cell under pi-tui's editor, with
 * pi-tui's frame drawn every `--per-frame` deltas (as a model streaming faster than 60 frames a
 * second is drawn). Reports the total and the slowest frame: when every frame renders the whole
 * message again, the total grows with the square of its length.
 *
 *   deno run -A bench/tui_stream_cost.ts [--deltas 10000] [--per-frame 100]
 */
import { Editor, TUI } from "@mariozechner/pi-tui";
import { nullTerminal } from "../test/support/null_terminal.ts";
import { AgentCell } from "../plugins/tui/cells.ts";
import { editorTheme } from "../plugins/tui/theme.ts";

const argv = [...Deno.args];
const flag = (name: string, fallback: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const deltas = flag("--deltas", 10_000);
const perFrame = flag("--per-frame", 100);

let bytes = 0;
const tui = new TUI(nullTerminal((data) => bytes += data.length));
// The session's own frame set-up, where this checkout has it.
const frameLines = await import("../plugins/tui/frame_lines.ts").catch(() => null);
frameLines?.reuseFrameLines(tui);
const cell = new AgentCell();
const editor = new Editor(tui, editorTheme, { paddingX: 1 });
tui.addChild(cell);
tui.addChild(editor);
tui.setFocus(editor);
// pi-tui draws on a timer; its frame function is called directly here.
const frame = () => (tui as unknown as { doRender(): void }).doRender();
frame();
let worst = 0;
let frames = 0;
const start = performance.now();
for (let i = 0; i < deltas; i++) {
  cell.append(`w${3 * i} w${3 * i + 1} w${3 * i + 2}${i % 40 === 39 ? "\n\n" : " "}`);
  if (i % perFrame === perFrame - 1 || i === deltas - 1) {
    const at = performance.now();
    frame();
    frames++;
    worst = Math.max(worst, performance.now() - at);
  }
}
const total = performance.now() - start;
console.log(
  `one message of ${deltas} deltas, a frame every ${perFrame}: ${total.toFixed(0)} ms in all ` +
    `(${frames} frames, slowest ${worst.toFixed(1)} ms), ${(bytes / 1024).toFixed(0)} KiB written`,
);
