/**
 * @module
 * pi-tui's `Terminal` on Deno's own APIs: keys from `lib/first_frame`'s reader (the one reader of standard
 * input, which the launcher's early composer may have started), output written synchronously to
 * standard output, the size from `Deno.consoleSize()` refreshed on `SIGWINCH`. pi-tui's own
 * `ProcessTerminal` goes through `process.stdin`, a second reader that would race the first for
 * keys, and wakes Deno's Node layer (tens of ms at start-up). Like it, this one splits input into
 * key sequences (`StdinBuffer`), asks for the Kitty keyboard protocol and falls back to xterm's
 * modifyOtherKeys when the terminal does not answer.
 */
import { setKittyProtocolActive, StdinBuffer, type Terminal } from "@mariozechner/pi-tui";
import { delay, startTimer } from "../../kernel/mod.ts";
import { listenToTerminalInput, writeAll } from "../../lib/first_frame/mod.ts";

// deno-lint-ignore no-control-regex
const KITTY_ANSWER = /^\x1b\[\?(\d+)u$/;
const encoder = new TextEncoder();

export class DenoTerminal implements Terminal {
  #size = Deno.consoleSize();
  #input: StdinBuffer | null = null;
  #stopListening: (() => void) | null = null;
  #onResize: (() => void) | null = null;
  #kitty = false;
  #modifyOtherKeys = false;
  #lastInputAt = 0;
  /** Keys typed before the session's terminal started, applied first (`handOverFirstFrame().pending`). */
  readonly #pending: string;

  constructor(pending = "") {
    this.#pending = pending;
  }

  start(onInput: (data: string) => void, onResize: () => void): void {
    Deno.stdin.setRaw(true);
    const input = new StdinBuffer({ timeout: 10 });
    this.#input = input;
    input.on("data", (sequence: string) => {
      if (!this.#kitty && KITTY_ANSWER.test(sequence)) {
        // The terminal speaks the Kitty protocol: disambiguated keys, event types, alternate keys.
        this.#kitty = true;
        setKittyProtocolActive(true);
        this.write("\x1b[>7u");
        return;
      }
      onInput(sequence);
    });
    input.on("paste", (content: string) => onInput(`\x1b[200~${content}\x1b[201~`));
    this.write("\x1b[?2004h"); // bracketed paste
    this.#onResize = () => {
      try {
        this.#size = Deno.consoleSize();
      } catch { /* the terminal went away */ }
      onResize();
    };
    Deno.addSignalListener("SIGWINCH", this.#onResize);
    if (this.#pending) input.process(this.#pending);
    const decoder = new TextDecoder();
    this.#stopListening = listenToTerminalInput((chunk) => {
      this.#lastInputAt = Date.now();
      input.process(decoder.decode(chunk, { stream: true }));
    });
    this.write("\x1b[?u");
    startTimer(150, () => {
      if (this.#kitty || !this.#input) return;
      this.write("\x1b[>4;2m");
      this.#modifyOtherKeys = true;
    });
  }

  async drainInput(maxMs = 1000, idleMs = 50): Promise<void> {
    this.#keyProtocolsOff();
    const end = Date.now() + maxMs;
    this.#lastInputAt = Date.now();
    while (Date.now() < end && Date.now() - this.#lastInputAt < idleMs) {
      await delay(idleMs);
    }
  }

  stop(): void {
    this.write("\x1b[?2004l");
    this.#keyProtocolsOff();
    this.#stopListening?.();
    this.#stopListening = null;
    this.#input?.destroy();
    this.#input = null;
    if (this.#onResize) Deno.removeSignalListener("SIGWINCH", this.#onResize);
    this.#onResize = null;
    try {
      Deno.stdin.setRaw(false);
    } catch { /* the terminal went away */ }
  }

  #keyProtocolsOff(): void {
    if (this.#kitty) {
      this.write("\x1b[<u");
      this.#kitty = false;
      setKittyProtocolActive(false);
    }
    if (this.#modifyOtherKeys) {
      this.write("\x1b[>4;0m");
      this.#modifyOtherKeys = false;
    }
  }

  write(data: string): void {
    try {
      writeAll(encoder.encode(data));
    } catch { /* the terminal went away */ }
  }

  get columns(): number {
    return this.#size.columns || 80;
  }

  get rows(): number {
    return this.#size.rows || 24;
  }

  get kittyProtocolActive(): boolean {
    return this.#kitty;
  }

  moveBy(lines: number): void {
    if (lines > 0) this.write(`\x1b[${lines}B`);
    else if (lines < 0) this.write(`\x1b[${-lines}A`);
  }

  hideCursor(): void {
    this.write("\x1b[?25l");
  }

  showCursor(): void {
    this.write("\x1b[?25h");
  }

  clearLine(): void {
    this.write("\x1b[K");
  }

  clearFromCursor(): void {
    this.write("\x1b[J");
  }

  clearScreen(): void {
    this.write("\x1b[2J\x1b[H");
  }

  setTitle(title: string): void {
    this.write(`\x1b]0;${title}\x07`);
  }

  setProgress(_active: boolean): void {
    // Progress in the tab's title bar (OSC 9;4) is not used by the session.
  }
}
