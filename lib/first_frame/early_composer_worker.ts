/**
 * @module
 * The early composer, in a worker of its own so that it echoes keys while the main thread is busy
 * loading the runtime (compiling and evaluating modules holds the main thread for hundreds of ms at
 * a time). It is the one reader of standard input from the first frame on. Text typed echoes in the
 * box and Backspace deletes; the first key it does not edit (Enter, an arrow, a control key) and
 * every key after it are kept, in order, for the session. Ctrl+C quits the whole process.
 *
 * Messages from the main thread: `{type: "init", columns}`; `{type: "handover"}` (erase the frame,
 * answer `{type: "handed", text, pending}`, then forward); `{type: "release"}` (the main thread
 * erased the frame: forward from now on). Forwarding posts every chunk read as `{type: "data", chunk}`.
 */

/// <reference lib="deno.worker" />

let columns = 80;
let mode: "early" | "forward" = "early";
let text = "";
let pending = "";
const encoder = new TextEncoder();

function write(out: string): void {
  const bytes = encoder.encode(out);
  for (let done = 0; done < bytes.length;) done += Deno.stdout.writeSync(bytes.subarray(done));
}

/** Applies keys typed while the frame is up. */
function edit(keys: string): void {
  let echo = "";
  for (const key of keys) {
    if (pending) {
      pending += key;
    } else if (key === "\x03") {
      // Ctrl+C before the session is up: quit, as a terminal in its normal mode would.
      write("\r\x1b[1A\x1b[J");
      Deno.stdin.setRaw(false);
      Deno.kill(Deno.pid, "SIGINT");
    } else if (key === "\x7f" || key === "\b") {
      if (!text) continue;
      text = [...text].slice(0, -1).join("");
      echo += "\b \b";
    } else if (key >= " " && [...text].length < columns - 3) {
      text += key;
      echo += key;
    } else {
      pending = key;
    }
  }
  if (echo) write(echo);
}

self.onmessage = (event: MessageEvent) => {
  const message = event.data as { type: string; columns?: number };
  if (message.type === "init") columns = message.columns ?? columns;
  else if (message.type === "handover" && mode === "early") {
    mode = "forward";
    // The cursor is on the composer's line (wherever the echo left it).
    write("\r\x1b[1A\x1b[J");
    self.postMessage({ type: "handed", text, pending });
  } else if (message.type === "release") mode = "forward";
};

const decoder = new TextDecoder();
const buffer = new Uint8Array(4096);
try {
  while (true) {
    const n = await Deno.stdin.read(buffer);
    if (n === null) break;
    const chunk = buffer.slice(0, n);
    if (mode === "early") edit(decoder.decode(chunk, { stream: true }));
    else self.postMessage({ type: "data", chunk }, [chunk.buffer]);
  }
} catch { /* the terminal went away */ }
self.postMessage({ type: "ended" });
