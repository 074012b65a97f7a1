/**
 * @module
 * Starts a command confined by Landlock and/or seccomp, from a worker thread that confined itself
 * first (`confine_worker.ts`), and hands back a process like `Deno.ChildProcess`: pid, piped output
 * as streams, stdin, status, kill.
 *
 * Starting a worker costs ~25-40 ms, ~20 of them blocking the calling thread inside `new Worker()`,
 * so workers are kept: one unconfined spare, ready to take any confinement, and the few most
 * recently used confined workers, each keyed by its exact confinement (the rules, the inode each
 * rule's path had, the filter). A command whose confinement matches a kept worker starts there at
 * once (a few ms); otherwise it takes the spare if there is one, or starts a worker (~40 ms). Each
 * worker costs ~10-25 MiB, so a spare is kept only once a process has needed a second confinement
 * (an app-server with several workspaces, say), and is made a moment after a command has started,
 * so its creation never delays one. An idle worker keeps the process alive, so `closeConfinement()` ends
 * them (the shell plugin calls it on close); workers with commands still running end after them.
 *
 * Kill semantics: the command starts in a session of its own (the caller passes `setsid`), so
 * `kill()` SIGKILLs its process group, and with `killGroupOnExit` the group is killed when its
 * first process exits, as bubblewrap's PID namespace would (background children do not outlive
 * the command). A process that calls `setsid` itself leaves the group and survives, still confined.
 */
import { type CancelTimer, startTimer } from "../../kernel/mod.ts";
import type { FromWorker, ToWorker } from "./confine_worker.ts";
import type { LandlockPlan } from "./landlock.ts";

/** A command to start confined. */
export interface ConfinedRequest {
  program: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  /** @default "null" */
  stdin?: "null" | "piped";
  landlock?: LandlockPlan;
  seccomp?: Uint8Array;
  /** Kill the command's process group when its first process exits. @default false */
  killGroupOnExit?: boolean;
}

/** A confined command that started. */
export interface ConfinedProcess {
  pid: number;
  stdin: WritableStream<Uint8Array> | null;
  stdout: ReadableStream<Uint8Array>;
  stderr: ReadableStream<Uint8Array>;
  status: Promise<{ code: number; signal: string | null }>;
  /** SIGKILLs the command's process group (else the process). Safe to call twice and after exit. */
  kill(): void;
}

type SpawnEvent = Exclude<FromWorker, { type: "ready" | "unavailable" | "confined" | "confine-failed" }>;

/** One worker thread and the commands it is running. */
class ConfineWorker {
  readonly worker = new Worker(WORKER_URL, { type: "module" });
  /** Resolves with the first answer to a control message ("ready", then "confined"). */
  #control: ((message: FromWorker) => void) | undefined;
  readonly #commands = new Map<number, (event: SpawnEvent) => void>();
  #retired = false;
  readonly ready: Promise<FromWorker>;

  constructor() {
    this.ready = this.#nextControl();
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if ("id" in message) this.#commands.get(message.id)?.(message);
      else this.#control?.(message);
    };
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.#control?.({ type: "unavailable", error: event.message });
      for (const listener of this.#commands.values()) {
        listener({
          type: "spawn-failed",
          id: -1,
          error: `the sandbox worker failed: ${event.message}`,
          notFound: false,
        });
      }
      this.terminate();
    };
  }

  #nextControl(): Promise<FromWorker> {
    return new Promise((resolve) => this.#control = resolve);
  }

  confine(message: Extract<ToWorker, { type: "confine" }>): Promise<FromWorker> {
    const answer = this.#nextControl();
    this.worker.postMessage(message);
    return answer;
  }

  /** Starts a command here; `listener` gets its events until it exits and its output ends. */
  run(message: Extract<ToWorker, { type: "spawn" }>, listener: (event: SpawnEvent) => void): void {
    this.#commands.set(message.id, listener);
    this.worker.postMessage(message);
  }

  /** The command `id` is done with: forget it, and end the worker if it is retired and idle. */
  done(id: number): void {
    this.#commands.delete(id);
    if (this.#retired && this.#commands.size === 0) this.worker.terminate();
  }

  /** Ends the worker once its commands are done. */
  retire(): void {
    this.#retired = true;
    if (this.#commands.size === 0) this.worker.terminate();
  }

  terminate(): void {
    this.#retired = true;
    this.worker.terminate();
  }
}

const WORKER_URL = new URL("./confine_worker.ts", import.meta.url).href;
/** Confined workers kept for reuse, most recently used last. */
const KEPT_WORKERS = 4;
let spare: ConfineWorker | undefined;
let cancelSpare: CancelTimer | undefined;
/** Confinements this process has made; a spare is kept from the second on. */
let confinements = 0;
let wantSpare = false;
const kept = new Map<string, Promise<ConfineWorker>>();
/** How long after a command starts the next spare worker is made. */
const SPARE_DELAY_MS = 30;
let nextId = 1;

/** Makes the next spare worker a moment from now (once). */
function scheduleSpare(): void {
  if (!wantSpare || spare || cancelSpare) return;
  cancelSpare = startTimer(SPARE_DELAY_MS, () => {
    cancelSpare = undefined;
    spare ??= new ConfineWorker();
  });
}

/** Ends the idle workers; those with commands still running end after them. */
export function closeConfinement(): void {
  cancelSpare?.();
  cancelSpare = undefined;
  spare?.terminate();
  spare = undefined;
  for (const worker of kept.values()) worker.then((w) => w.retire(), () => {});
  kept.clear();
}

/** A worker confined exactly as `request` asks: a kept one, or the spare confined now. */
function confinedWorker(request: ConfinedRequest): Promise<ConfineWorker> {
  const key = confinementKey(request);
  const found = kept.get(key);
  if (found) {
    kept.delete(key);
    kept.set(key, found); // most recently used last
    return found;
  }
  const worker = spare ?? new ConfineWorker();
  // The first confinement needs no spare behind it; a process that needed a second may need more.
  wantSpare = confinements++ > 0;
  spare = undefined;
  const confined = (async () => {
    const ready = await worker.ready;
    if (ready.type !== "ready") throw new Error(`the sandbox worker did not start: ${describe(ready)}`);
    const answer = await worker.confine({ type: "confine", landlock: request.landlock, seccomp: request.seccomp });
    if (answer.type !== "confined") throw new Error(describe(answer));
    return worker;
  })();
  kept.set(key, confined);
  confined.catch(() => {
    worker.terminate();
    if (kept.get(key) === confined) kept.delete(key);
  });
  while (kept.size > KEPT_WORKERS) {
    const [oldest, evicted] = kept.entries().next().value!;
    kept.delete(oldest);
    evicted.then((w) => w.retire(), () => {});
  }
  return confined;
}

/** The exact confinement, with each rule path's inode (a rule binds the inode, not the name). */
function confinementKey(request: ConfinedRequest): string {
  const rules = (request.landlock?.rules ?? []).map(({ path, access }) => {
    let inode = "";
    try {
      inode = String(Deno.statSync(path).ino ?? "");
    } catch {
      inode = "missing";
    }
    return `${path}\0${access}\0${inode}`;
  });
  const plan = request.landlock;
  return [
    plan ? `${plan.abi}:${plan.handledFs}:${plan.handledNet}:${plan.scoped}` : "no-landlock",
    ...rules,
    request.seccomp ? Array.from(request.seccomp).join(",") : "no-seccomp",
  ].join("\n");
}

/**
 * Starts `request` confined. Rejects with `Deno.errors.NotFound` when the program is missing,
 * and with an `Error` naming the failed step when the confinement cannot be applied (nothing ran).
 */
export async function spawnConfined(request: ConfinedRequest): Promise<ConfinedProcess> {
  let worker: ConfineWorker;
  try {
    worker = await confinedWorker(request);
  } catch (error) {
    throw new Error(`Cannot confine the command: ${error instanceof Error ? error.message : error}`);
  }
  const id = nextId++;
  let open = 2;
  let exited = false;
  const finish = () => {
    if (exited && open === 0) worker.done(id);
  };
  const closed = () => {
    open--;
    finish();
  };
  const consumed = (stream: "stdout" | "stderr") => (bytes: number) =>
    worker.worker.postMessage({ type: "consumed", id, stream, bytes } satisfies ToWorker);
  const streams = { stdout: pipe(closed, consumed("stdout")), stderr: pipe(closed, consumed("stderr")) };
  let resolveStatus!: (status: { code: number; signal: string | null }) => void;
  const status = new Promise<{ code: number; signal: string | null }>((resolve) => resolveStatus = resolve);
  const started = new Promise<number>((resolve, reject) => {
    worker.run({
      type: "spawn",
      id,
      program: request.program,
      args: request.args,
      cwd: request.cwd,
      env: request.env,
      stdin: request.stdin ?? "null",
    }, (event) => {
      switch (event.type) {
        case "spawned":
          return resolve(event.pid);
        case "data":
          return streams[event.stream].push(event.chunk);
        case "end":
          return streams[event.stream].end();
        case "exit":
          exited = true;
          resolveStatus({ code: event.code, signal: event.signal });
          return finish();
        case "spawn-failed":
          worker.done(id);
          streams.stdout.end();
          streams.stderr.end();
          return reject(event.notFound ? new Deno.errors.NotFound(event.error) : new Error(event.error));
      }
    });
  });
  const pid = await started.finally(scheduleSpare);
  let exitedNow = false;
  const killGroup = () => {
    try {
      Deno.kill(-pid, "SIGKILL");
      return;
    } catch {
      // not a group leader (bubblewrap), or the group is gone
    }
    if (exitedNow) return;
    try {
      Deno.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
  status.then(() => {
    exitedNow = true;
    if (request.killGroupOnExit) killGroup();
  });
  const stdin = request.stdin === "piped"
    ? new WritableStream<Uint8Array>({
      write: (chunk) => worker.worker.postMessage({ type: "stdin", id, chunk } satisfies ToWorker),
      close: () => worker.worker.postMessage({ type: "stdin-close", id } satisfies ToWorker),
    })
    : null;
  return { pid, stdin, stdout: streams.stdout.readable, stderr: streams.stderr.readable, status, kill: killGroup };
}

/**
 * A readable stream fed by messages; cancelling it drops what comes later. Calls `onDone` once,
 * when the output ends or the stream is cancelled, and `onConsumed` with the size of each chunk
 * its reader takes (`Infinity` once cancelled), which lets the worker send more.
 */
function pipe(onDone: () => void, onConsumed: (bytes: number) => void) {
  const queue: Uint8Array[] = [];
  let ended = false;
  let closed = false;
  let cancelled = false;
  let wake: (() => void) | null = null;
  const done = () => {
    if (closed) return;
    closed = true;
    onDone();
  };
  const readable = new ReadableStream<Uint8Array>({
    pull: async (controller) => {
      while (queue.length === 0 && !ended) await new Promise<void>((resolve) => wake = resolve);
      if (cancelled) return;
      const chunk = queue.shift();
      if (chunk) {
        controller.enqueue(chunk);
        onConsumed(chunk.length);
      } else controller.close();
    },
    cancel: () => {
      cancelled = true;
      queue.length = 0;
      ended = true;
      wake?.();
      onConsumed(Infinity);
      done();
    },
  }, { highWaterMark: 0 });
  return {
    readable,
    push(chunk: Uint8Array) {
      if (ended) return;
      queue.push(chunk);
      wake?.();
      wake = null;
    },
    end() {
      if (ended) return;
      ended = true;
      wake?.();
      wake = null;
      done();
    },
  };
}

function describe(message: FromWorker): string {
  return "error" in message ? message.error : message.type;
}
