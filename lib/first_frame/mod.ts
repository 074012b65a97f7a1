/**
 * @module
 * The interactive session's first frame, drawn by the launcher (`tern.ts`) before the runtime, its
 * plugins and the terminal library load: the composer's box and a status line saying the session
 * is starting. The terminal is put in raw mode at once, so keys typed meanwhile are neither echoed
 * nor lost: they wait in the terminal's input buffer, and the session's editor reads them when it
 * takes over. Whoever prints first afterwards calls `releaseFirstFrame()`, which erases the frame
 * and gives the terminal back in its normal mode: the session just before it draws, and every
 * other path (`--help`, an error, a trust prompt, another command) before it prints.
 *
 * It imports nothing, so it costs the launcher nothing measurable. The state lives on `globalThis`
 * because the start-up bundle and the sources may each hold a copy of this module.
 */

const STATE = Symbol.for("tern.firstFrame");

interface FrameState {
  /** Erases the frame; the cursor sits on the composer's line. */
  erase: string;
}

type Holder = { [STATE]?: FrameState };

/**
 * Draws the first frame when the session is about to open: standard input and output are a
 * terminal and `opens` says the arguments open the session. Returns whether it drew.
 */
export function paintFirstFrame(opens: boolean): boolean {
  if (!opens || (globalThis as Holder)[STATE]) return false;
  try {
    if (!Deno.stdin.isTerminal() || !Deno.stdout.isTerminal()) return false;
    const { columns } = Deno.consoleSize();
    if (columns < 20) return false;
    Deno.stdin.setRaw(true);
    const plain = Deno.env.get("NO_COLOR") !== undefined || Deno.env.get("TERM") === "dumb";
    const dim = (text: string) => plain ? text : `\x1b[2m${text}\x1b[22m`;
    const rule = "─".repeat(columns);
    const status = "starting · keys typed now are kept".slice(0, columns);
    // The box, the status line, then the cursor back on the composer's line, one column in.
    const frame = `\r${rule}\r\n\x1b[2K\r\n${rule}\r\n${dim(status)}\x1b[K\x1b[2A\r\x1b[1C`;
    Deno.stdout.writeSync(new TextEncoder().encode(frame));
    (globalThis as Holder)[STATE] = { erase: "\r\x1b[1A\x1b[J" };
    return true;
  } catch {
    return false;
  }
}

/** Erases the first frame, if one is up, and restores the terminal's normal mode. */
export function releaseFirstFrame(): void {
  const state = (globalThis as Holder)[STATE];
  if (!state) return;
  delete (globalThis as Holder)[STATE];
  try {
    Deno.stdout.writeSync(new TextEncoder().encode(state.erase));
    Deno.stdin.setRaw(false);
  } catch { /* the terminal went away */ }
}
