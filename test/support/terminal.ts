/**
 * @module
 * Drives the real `tern` in a real pseudo-terminal, as a person at a terminal would, and reads
 * the screen through a headless terminal emulator (`@xterm/headless`). The pseudo-terminal comes
 * from util-linux `script` (`script -q -e -c CMD /dev/null`), sized with `stty` before `tern`
 * starts; tests skip where there is no `script` (`HAS_SCRIPT`, with `skipWhen`).
 *
 *     const term = await openTerminal(sandbox, ["-c", 'model_provider="scripted"']);
 *     await term.waitFor("› ");
 *     await term.type("hello\r");
 *     await term.waitFor(/Worked for/);
 *     await term.close();
 */
import xterm from "@xterm/headless";
import { type Sandbox, TERN_BIN } from "./tern_process.ts";

const { Terminal } = xterm as unknown as { Terminal: typeof import("@xterm/headless").Terminal };

/** True where util-linux `script` runs (it gives the child a pseudo-terminal). */
export const HAS_SCRIPT = (() => {
  try {
    return new Deno.Command("script", { args: ["--version"], stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    return false;
  }
})();

/** Keys as a terminal sends them. */
export const Keys = {
  enter: "\r",
  ctrlJ: "\n",
  esc: "\x1b",
  tab: "\t",
  ctrlC: "\x03",
  ctrlD: "\x04",
  up: "\x1b[A",
  down: "\x1b[B",
} as const;

/** A `tern` running in a pseudo-terminal. */
export interface TernTerminal {
  /** The screen and scrollback as text, one line per row, trailing blanks trimmed. */
  screen(): string;
  /** Everything `tern` wrote to the terminal so far, escape sequences included. */
  raw(): string;
  /**
   * Resizes the terminal, as a person dragging the window does: the pseudo-terminal gets the new
   * size (the kernel sends `tern` SIGWINCH) and the emulator reflows.
   */
  resize(cols: number, rows: number): Promise<void>;
  /** Types `text` (raw bytes: use `Keys` for special keys). */
  type(text: string): Promise<void>;
  /** Waits until the screen shows `pattern`; throws with the screen after `timeoutMs`. */
  waitFor(pattern: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Waits for `tern` to exit; resolves to its exit code. */
  exited(timeoutMs?: number): Promise<number>;
  /** Kills `tern` if it still runs and releases everything. */
  close(): Promise<void>;
}

/**
 * Starts `bin/tern ARGS` (or `options.command`, a whole command line) in the sandbox's workspace,
 * in a `cols`x`rows` pseudo-terminal.
 */
export function openTerminal(
  sandbox: Sandbox,
  args: string[],
  options: { cols?: number; rows?: number; env?: Record<string, string>; command?: string[] } = {},
): TernTerminal {
  const cols = options.cols ?? 100;
  const rows = options.rows ?? 30;
  const term = new Terminal({ cols, rows, scrollback: 5000, allowProposedApi: true });
  const quoted = (options.command ?? [TERN_BIN, ...args]).map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(" ");
  const child = new Deno.Command("script", {
    args: ["-q", "-e", "-c", `stty cols ${cols} rows ${rows}; exec ${quoted}`, "/dev/null"],
    cwd: sandbox.workspace,
    env: { ...sandbox.env, TERM: "xterm-256color", ...options.env },
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  const decoder = new TextDecoder();
  let raw = "";
  const pumped = (async () => {
    for await (const chunk of child.stdout) {
      raw += decoder.decode(chunk, { stream: true });
      await new Promise<void>((resolve) => term.write(chunk, resolve));
    }
  })();
  const stderr = new Response(child.stderr).text();
  let status: Deno.CommandStatus | null = null;
  const statusPromise = child.status.then((s) => (status = s));
  const screen = () => {
    const buffer = term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? "");
    return lines.join("\n").replace(/\s+$/, "");
  };
  const until = async (done: () => boolean, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) {
        // The raw tail and whether tern still runs tell a hang from a drawing that went wrong.
        const tail = JSON.stringify(raw.slice(-600));
        throw new Error(
          `Timed out after ${timeoutMs} ms waiting for ${what} (tern ${
            status === null
              ? "still runs"
              : `exited with code ${status.code}${status.signal ? ` (${status.signal})` : ""}`
          }). ` +
            `Screen:\n${screen()}\nLast bytes written: ${tail}`,
        );
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return {
    screen,
    raw: () => raw,
    async resize(newCols, newRows) {
      // `script`'s child (the shell `-c` exec'd into tern) holds the pseudo-terminal as its stdin.
      const children = await Deno.readTextFile(`/proc/${child.pid}/task/${child.pid}/children`);
      const tern = children.trim().split(/\s+/)[0];
      const tty = await Deno.readLink(`/proc/${tern}/fd/0`);
      term.resize(newCols, newRows);
      const out = await new Deno.Command("stty", { args: ["-F", tty, "cols", `${newCols}`, "rows", `${newRows}`] })
        .output();
      if (!out.success) throw new Error(`stty -F ${tty} failed: ${new TextDecoder().decode(out.stderr)}`);
    },
    async type(text) {
      await writer.write(new TextEncoder().encode(text));
    },
    waitFor(pattern, timeoutMs = 60_000) {
      const matches = () => typeof pattern === "string" ? screen().includes(pattern) : pattern.test(screen());
      return until(matches, timeoutMs, String(pattern));
    },
    async exited(timeoutMs = 60_000) {
      await until(() => status !== null, timeoutMs, "tern to exit");
      await pumped;
      return status!.code;
    },
    async close() {
      if (status === null) {
        try {
          child.kill("SIGKILL");
        } catch { /* already gone */ }
      }
      await statusPromise;
      await writer.close().catch(() => {});
      await pumped.catch(() => {});
      await stderr.catch(() => "");
      term.dispose();
    },
  };
}
