// deno-lint-ignore-file no-import-prefix -- candidates being measured, pinned here, not dependencies of Tern
/**
 * @module
 * Child of `bench/tui_libraries.ts`: pi-tui's first frame in a real terminal (raw mode, a
 * header, an editor), then it stops the UI and exits.
 */
import { Editor, ProcessTerminal, Text, TUI } from "npm:@mariozechner/pi-tui@0.73.1";

const tui = new TUI(new ProcessTerminal());
tui.addChild(new Text("READY-FRAME pi-tui"));
const identity = (s: string) => s;
const editor = new Editor(tui, {
  borderColor: identity,
  selectList: {
    selectedPrefix: identity,
    selectedText: identity,
    description: identity,
    scrollInfo: identity,
    noMatch: identity,
  },
});
tui.addChild(editor);
tui.setFocus(editor);
tui.start();
setTimeout(() => {
  tui.stop();
  Deno.exit(0);
}, 150);
