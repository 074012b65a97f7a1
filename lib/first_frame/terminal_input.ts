/**
 * @module
 * The one reader of the terminal's standard input for the interactive session: the early composer's
 * worker (`early_composer_worker.ts`, started with the first frame) forwards what it reads here, or,
 * without a first frame, this module reads it itself. The session's terminal
 * (`plugins/tui/terminal.ts`) takes it over: a read already waiting on the terminal cannot be
 * taken back, so two readers would each get some of the keys. Chunks read while nobody listens are
 * kept, in order, for the next listener.
 *
 * It imports nothing. Its state lives on `globalThis` because the start-up bundle and the sources
 * may each hold a copy of this module.
 */

const STATE = Symbol.for("tern.terminalInput");

interface InputState {
  listener: ((chunk: Uint8Array) => void) | null;
  /** Chunks read while nobody listened. */
  kept: Uint8Array[];
  /** Set when standard input ended or failed. */
  ended: boolean;
}

type Holder = { [STATE]?: InputState };

function deliver(state: InputState, chunk: Uint8Array): void {
  if (state.listener) state.listener(chunk);
  else state.kept.push(chunk);
}

/**
 * Takes standard input from the early composer's worker, the one reader from the first frame on:
 * what it forwards (`{type: "data", chunk}`) is delivered as if read here.
 */
export function readThroughWorker(worker: Worker): void {
  if ((globalThis as Holder)[STATE]) return;
  const state: InputState = { listener: null, kept: [], ended: false };
  (globalThis as Holder)[STATE] = state;
  worker.addEventListener("message", (event) => {
    const message = (event as MessageEvent).data as { type: string; chunk?: Uint8Array };
    if (message.type === "data") deliver(state, message.chunk!);
    else if (message.type === "ended") state.ended = true;
  });
}

/** Starts reading standard input (once per process, unless the early composer's worker reads it); idempotent. */
export function startTerminalInput(): void {
  if ((globalThis as Holder)[STATE]) return;
  const state: InputState = { listener: null, kept: [], ended: false };
  (globalThis as Holder)[STATE] = state;
  void (async () => {
    const buffer = new Uint8Array(4096);
    try {
      while (true) {
        const n = await Deno.stdin.read(buffer);
        if (n === null) break;
        deliver(state, buffer.slice(0, n));
      }
    } catch { /* the terminal went away */ }
    state.ended = true;
  })();
}

/**
 * Makes `listener` the one that gets what is typed from now on, first the chunks kept while nobody
 * listened. Returns the function that stops it listening (what arrives later is kept again).
 */
export function listenToTerminalInput(listener: (chunk: Uint8Array) => void): () => void {
  startTerminalInput();
  const state = (globalThis as Holder)[STATE]!;
  state.listener = listener;
  for (const chunk of state.kept.splice(0)) listener(chunk);
  return () => {
    if (state.listener === listener) state.listener = null;
  };
}

/** Whether the reader runs (then nothing else may read standard input). */
export function terminalInputStarted(): boolean {
  return (globalThis as Holder)[STATE] !== undefined;
}

/**
 * The next line typed (the terminal in its normal mode echoes and edits it), without its line end;
 * null when standard input ended first.
 */
export function readTerminalLine(): Promise<string | null> {
  const { promise, resolve } = Promise.withResolvers<string | null>();
  const decoder = new TextDecoder();
  let line = "";
  const stop = listenToTerminalInput((chunk) => {
    line += decoder.decode(chunk, { stream: true });
    const end = line.search(/[\r\n]/);
    if (end < 0) return;
    stop();
    resolve(line.slice(0, end));
  });
  if ((globalThis as Holder)[STATE]!.ended) resolve(null);
  return promise;
}
