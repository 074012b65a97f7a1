/**
 * @module
 * Times a program in a pseudo-terminal (util-linux `script`) for the start-up benches: from
 * spawning it to each text it shows.
 */

/**
 * Spawns `command` in a 100x30 pseudo-terminal; ms until each of `markers` shows (NaN for one that
 * had not shown when the last did). Ctrl-D and Ctrl-C twice then end it.
 */
export async function msToMarkers(
  command: string,
  markers: string[],
  env?: Record<string, string>,
  cwd?: string,
): Promise<number[]> {
  const start = performance.now();
  const child = new Deno.Command("script", {
    args: ["-q", "-e", "-c", `stty cols 100 rows 30; exec ${command}`, "/dev/null"],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
    cwd,
    env: { TERM: "xterm-256color", ...env },
  }).spawn();
  const writer = child.stdin.getWriter();
  const decoder = new TextDecoder();
  let seen = "";
  const at: number[] = markers.map(() => NaN);
  let ended = false;
  const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  for await (const chunk of child.stdout) {
    seen += decoder.decode(chunk, { stream: true });
    // deno-lint-ignore no-control-regex
    const text = seen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
    markers.forEach((marker, i) => {
      if (Number.isNaN(at[i]) && text.includes(marker)) at[i] = performance.now() - start;
    });
    if (!ended && !Number.isNaN(at[at.length - 1])) {
      ended = true;
      await writer.write(new Uint8Array([4, 3, 3])).catch(() => {});
      setTimeout(() => {
        try {
          child.kill("SIGKILL");
        } catch { /* gone */ }
      }, 1500);
    }
  }
  clearTimeout(killer);
  await child.status;
  await writer.close().catch(() => {});
  if (!ended) throw new Error(`${command} never showed ${markers[markers.length - 1]}:\n${seen.slice(-2000)}`);
  return at;
}

/**
 * A program in a `cols`x`rows` pseudo-terminal for the benches that type: what it wrote (escape
 * sequences stripped in `text()`), when each chunk arrived, and keys to type.
 */
export class PtyProgram {
  readonly started = performance.now();
  #raw = "";
  #stripped = "";
  #strippedUpTo = 0;
  #chunks: { at: number; text: string }[] = [];
  #waiters: (() => void)[] = [];
  #child: Deno.ChildProcess;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly done: Promise<void>;

  constructor(command: string, options: { env?: Record<string, string>; cwd?: string; cols?: number; rows?: number }) {
    const child = new Deno.Command("script", {
      args: [
        "-q",
        "-e",
        "-c",
        `stty cols ${options.cols ?? 100} rows ${options.rows ?? 30}; exec ${command}`,
        "/dev/null",
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "null",
      cwd: options.cwd,
      env: { TERM: "xterm-256color", ...options.env },
    }).spawn();
    this.#child = child;
    this.#writer = child.stdin.getWriter();
    const decoder = new TextDecoder();
    this.done = (async () => {
      for await (const chunk of child.stdout) {
        const text = decoder.decode(chunk, { stream: true });
        this.#raw += text;
        this.#chunks.push({ at: performance.now(), text });
        for (const wake of this.#waiters.splice(0)) wake();
      }
    })();
  }

  /** Everything written so far, escape sequences included. */
  raw(): string {
    return this.#raw;
  }

  /**
   * Everything written so far, CSI sequences stripped. Stripped as it arrives (up to the last escape,
   * which may be cut by the chunk's end), so that waiting for a text on a long stream does not cost
   * the bench, on the same cores as the program, the whole output again at each chunk.
   */
  text(): string {
    // A CSI sequence is short: only an escape near the end may still be incomplete.
    const last = this.#raw.lastIndexOf("\x1b");
    const upTo = last >= 0 && this.#raw.length - last < 32 ? last : this.#raw.length;
    if (upTo > this.#strippedUpTo) {
      this.#stripped += stripCsi(this.#raw.slice(this.#strippedUpTo, upTo));
      this.#strippedUpTo = upTo;
    }
    return this.#stripped + stripCsi(this.#raw.slice(this.#strippedUpTo));
  }

  /** Resolves at the time (performance.now()) `test` first holds of the output, checked on each chunk. */
  async waitFor(test: (program: PtyProgram) => boolean, timeoutMs = 30_000): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    while (!test(this)) {
      if (performance.now() > deadline) throw new Error(`timed out; the terminal got:\n${this.#raw.slice(-1500)}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return performance.now();
  }

  /** Types `keys`; resolves to the time they were written. */
  async type(keys: string): Promise<number> {
    await this.#writer.write(new TextEncoder().encode(keys));
    return performance.now();
  }

  /** The time of the first chunk that arrived after `since`, waiting for it. */
  async nextChunkAfter(since: number, timeoutMs = 5_000): Promise<number> {
    await this.waitFor(() => this.#chunks.some((c) => c.at > since), timeoutMs);
    return this.#chunks.find((c) => c.at > since)!.at;
  }

  /** Kills the program and waits for it. */
  async kill(): Promise<void> {
    try {
      this.#child.kill("SIGKILL");
    } catch { /* gone */ }
    await this.#child.status;
    await this.#writer.close().catch(() => {});
    await this.done.catch(() => {});
  }
}

// deno-lint-ignore no-control-regex
const stripCsi = (text: string) => text.replace(/\x1b\[[0-9;?<>]*[A-Za-z]/g, "");
