/**
 * @module
 * The cost of one keystroke's frame in process, without a terminal: the session's transcript with
 * 1,000 Markdown cells above pi-tui's editor, a key given to the editor, then pi-tui's frame (render
 * of every component, diff, the bytes of the changed lines) timed, `--keys` times. It isolates what
 * the end-to-end `bench/tui_render.ts` figure spends in drawing from the pseudo-terminal's hops.
 *
 *   deno run -A bench/tui_frame_cost.ts [--keys 300] [--cells 1000]
 */
import { Editor, TUI } from "@mariozechner/pi-tui";
import { nullTerminal } from "../test/support/null_terminal.ts";
import { Transcript } from "../plugins/tui/transcript.ts";
import { AgentCell } from "../plugins/tui/cells.ts";
import { editorTheme } from "../plugins/tui/theme.ts";
import { reuseFrameLines } from "../plugins/tui/frame_lines.ts";

const argv = [...Deno.args];
const flag = (name: string, fallback: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const keys = flag("--keys", 300);
const cells = flag("--cells", 1000);

let bytes = 0;
const screen = nullTerminal((data) => bytes += data.length);
const tui = new TUI(screen);
if (!argv.includes("--no-reuse")) reuseFrameLines(tui);
const transcript = new Transcript(() => {});
for (let i = 0; i < cells; i++) transcript.add(new AgentCell(`Cell **${i}**: some \`code\` and text.`));
const editor = new Editor(tui, editorTheme, { paddingX: 1 });
tui.addChild(transcript);
tui.addChild(editor);
tui.setFocus(editor);
// pi-tui draws on a timer; its frame function is called directly here.
const frame = () => (tui as unknown as { doRender(): void }).doRender();
frame();
bytes = 0;
const times: number[] = [];
for (let i = 0; i < keys; i++) {
  const start = performance.now();
  editor.handleInput("k");
  frame();
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const at = (p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))].toFixed(2);
console.log(
  `one keystroke's frame, ${cells} cells above the editor (${keys} keys): p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, ` +
    `${(bytes / keys).toFixed(0)} bytes written per frame`,
);
