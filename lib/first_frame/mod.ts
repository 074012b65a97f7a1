/**
 * @module
 * The interactive session's first frame, drawn by the launcher (`tern.ts`) before the runtime, its
 * plugins and the terminal library load: the composer's box, already editable, and a status line
 * saying the session is starting. The terminal is put in raw mode at once and read by the early
 * composer, a worker (`early_composer_worker.ts`), so that keys echo while the main thread is busy
 * loading: text typed is echoed in the box (Backspace deletes). The first key the early composer
 * does not edit (Enter, an arrow, a control key) and everything after it wait, in order, for the
 * session's editor.
 *
 * Then either the session takes over with `handOverFirstFrame()`: the frame is erased, the terminal
 * stays in raw mode (no window in which keys would echo or wait for a line), and the session gets
 * the text typed and the keys still to apply; or whoever prints first on any other path (`--help`,
 * an error, another command) calls `releaseFirstFrame()`, which erases the frame and gives the
 * terminal back in its normal mode. Ctrl+C in the early composer quits at once (status 130).
 *
 * It imports only its own `terminal_input.ts`, so it costs the launcher nothing measurable. The state
 * lives on `globalThis` because the start-up bundle and the sources may each hold a copy.
 */
import { readThroughWorker } from "./terminal_input.ts";

export { listenToTerminalInput, readTerminalLine, terminalInputStarted } from "./terminal_input.ts";

const STATE = Symbol.for("tern.firstFrame");

interface FrameState {
  /** The early composer: it reads the keys, echoes them, and forwards them after the handoff. */
  worker: Worker;
}

/** What the session takes over from the first frame. */
export interface EarlyInput {
  /** The text typed in the early composer (the cursor at its end). */
  text: string;
  /** Keys typed after it that the session's editor applies next (Enter, arrows, ...), as typed. */
  pending: string;
}

type Holder = { [STATE]?: FrameState };
const encoder = new TextEncoder();
const write = (text: string) => writeAll(encoder.encode(text));

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
    write(`\r${rule}\r\n\x1b[2K\r\n${rule}\r\n${dim(status)}\x1b[K\x1b[2A\r\x1b[1C`);
    const worker = new Worker(new URL("./early_composer_worker.ts", import.meta.url), { type: "module" });
    worker.postMessage({ type: "init", columns });
    readThroughWorker(worker);
    (globalThis as Holder)[STATE] = { worker };
    return true;
  } catch {
    return false;
  }
}

/**
 * The session takes over: the early composer erases the frame and from then on forwards every key
 * (`listenToTerminalInput`); the terminal stays in raw mode. Resolves to what was typed, or null
 * when no frame is up.
 */
export function handOverFirstFrame(): Promise<EarlyInput | null> {
  const state = (globalThis as Holder)[STATE];
  if (!state) return Promise.resolve(null);
  delete (globalThis as Holder)[STATE];
  const { promise, resolve } = Promise.withResolvers<EarlyInput | null>();
  const handed = (event: MessageEvent) => {
    const message = event.data as { type: string } & EarlyInput;
    if (message.type !== "handed") return;
    state.worker.removeEventListener("message", handed);
    resolve({ text: message.text, pending: message.pending });
  };
  state.worker.addEventListener("message", handed);
  state.worker.postMessage({ type: "handover" });
  return promise;
}

/** Erases the first frame, if one is up, and restores the terminal's normal mode. */
export function releaseFirstFrame(): void {
  const state = (globalThis as Holder)[STATE];
  if (!state) return;
  delete (globalThis as Holder)[STATE];
  state.worker.postMessage({ type: "release" });
  try {
    // The cursor is on the composer's line (wherever the echo left it).
    write("\r\x1b[1A\x1b[J");
    Deno.stdin.setRaw(false);
  } catch { /* the terminal went away */ }
}

/** Writes all of `bytes` to standard output (a terminal may take a write in parts). */
export function writeAll(bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) done += Deno.stdout.writeSync(bytes.subarray(done));
}
