/**
 * @module
 * Unified-exec sessions: processes that outlive the tool call that started them. An `ExecSession`
 * reads its process's output into a 1 MiB head+tail buffer until a call takes it, forwards it to
 * whichever call is listening, writes to its stdin, and knows when it exited. `ExecSessions` keeps
 * them per thread under numeric ids (at most 64 a thread; past that the least recently used idle
 * one is killed) and kills them when their thread closes or the runtime shuts down.
 */
import type { ProcessExit, RunningProcess } from "./operations.ts";
import { HeadTailBuffer } from "./output_buffer.ts";
import { drain, pump } from "./process_io.ts";
import { type CancelTimer, startTimer } from "../../kernel/mod.ts";

/** Codex's cap on unified-exec processes (`MAX_UNIFIED_EXEC_PROCESSES`). */
export const MAX_SESSIONS_PER_THREAD = 64;
/** Codex's unified-exec output buffer: 1 MiB, head and tail kept. */
export const SESSION_BUFFER_UNITS = 1024 * 1024;

/** One long-lived process. */
export class ExecSession {
  readonly id: number;
  readonly command: string;
  readonly cwd: string;
  readonly process: RunningProcess;
  /** When a call last used it (`performance.now()`). */
  lastUsed = performance.now();
  /** How it ended, once it has ended and its output is read. */
  exit: ProcessExit | undefined;
  /** Resolves once the process has exited and its pipes are drained. */
  readonly done: Promise<ProcessExit>;
  #pending = new HeadTailBuffer(SESSION_BUFFER_UNITS);
  #listener: ((text: string) => void) | undefined;
  #writer: WritableStreamDefaultWriter<Uint8Array> | undefined;

  constructor(id: number, command: string, cwd: string, process: RunningProcess) {
    this.id = id;
    this.command = command;
    this.cwd = cwd;
    this.process = process;
    const onText = (text: string) => {
      this.#pending.push(text);
      this.#listener?.(text);
    };
    const readers = [process.stdout.getReader(), process.stderr.getReader()];
    const pumps = readers.map((reader) => pump(reader, onText));
    this.done = process.status.then(async (exit) => {
      await drain(pumps, readers);
      this.#closeStdin();
      this.exit = exit;
      return exit;
    });
  }

  /** True while a call listens to the session's output. */
  get busy(): boolean {
    return this.#listener !== undefined;
  }

  /**
   * Sends the output to `fn` as it arrives, starting with what is waiting to be taken; returns
   * the function that stops it.
   */
  listen(fn: (text: string) => void): () => void {
    const waiting = this.#pending.toString();
    if (waiting) fn(waiting);
    this.#listener = fn;
    return () => {
      if (this.#listener === fn) this.#listener = undefined;
    };
  }

  /** The output since the last call took it. */
  take(): HeadTailBuffer {
    const taken = this.#pending;
    this.#pending = new HeadTailBuffer(SESSION_BUFFER_UNITS);
    this.lastUsed = performance.now();
    return taken;
  }

  /** Writes text to the process's stdin; throws when it has none or closed it. */
  async write(chars: string): Promise<void> {
    if (!this.process.stdin) throw new Error("the process has no stdin");
    this.#writer ??= this.process.stdin.getWriter();
    await this.#writer.write(new TextEncoder().encode(chars));
  }

  /** Waits until the process has ended, `ms` have passed, or `signal` aborts. */
  async wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.exit || signal.aborted) return;
    let cancelTimer: CancelTimer = () => {};
    let onAbort: (() => void) | undefined;
    const stop = new Promise<void>((resolve) => {
      cancelTimer = startTimer(ms, resolve);
      onAbort = resolve;
      signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      await Promise.race([this.done.then(() => {}), stop]);
    } finally {
      cancelTimer();
      if (onAbort) signal.removeEventListener("abort", onAbort);
    }
  }

  /** Kills the process and everything it started. */
  kill(): void {
    this.#closeStdin();
    this.process.kill();
  }

  #closeStdin(): void {
    const stdin = this.process.stdin;
    if (!stdin) return;
    this.#writer ??= stdin.locked ? undefined : stdin.getWriter();
    this.#writer?.close().catch(() => {}); // already closed, or the process is gone
  }
}

/** The sessions of every thread. */
export class ExecSessions {
  #threads = new Map<string, Map<number, ExecSession>>();
  #nextId = 1000;
  readonly #max: number;

  /** @param options.maxPerThread sessions a thread may keep. @default MAX_SESSIONS_PER_THREAD */
  constructor(options: { maxPerThread?: number } = {}) {
    this.#max = options.maxPerThread ?? MAX_SESSIONS_PER_THREAD;
  }

  /** Adds a session for a process, making room first; returns the session. */
  add(threadId: string, command: string, cwd: string, process: RunningProcess): ExecSession {
    const sessions = this.#threads.get(threadId) ?? new Map<number, ExecSession>();
    this.#threads.set(threadId, sessions);
    while (sessions.size >= this.#max) {
      const victim = pickVictim([...sessions.values()]);
      if (!victim) break;
      victim.kill();
      sessions.delete(victim.id);
    }
    const session = new ExecSession(this.#nextId++, command, cwd, process);
    sessions.set(session.id, session);
    return session;
  }

  /** The session `id` of a thread, if it is still kept. */
  get(threadId: string, id: number): ExecSession | undefined {
    return this.#threads.get(threadId)?.get(id);
  }

  /** Forgets a session (after its exit was reported). */
  remove(threadId: string, id: number): void {
    const sessions = this.#threads.get(threadId);
    sessions?.delete(id);
    if (sessions?.size === 0) this.#threads.delete(threadId);
  }

  /** Number of sessions a thread keeps. */
  count(threadId: string): number {
    return this.#threads.get(threadId)?.size ?? 0;
  }

  /** Kills and forgets every session of a thread; resolves once their processes are gone. */
  async closeThread(threadId: string): Promise<void> {
    const sessions = [...this.#threads.get(threadId)?.values() ?? []];
    this.#threads.delete(threadId);
    for (const session of sessions) session.kill();
    await Promise.all(sessions.map((session) => session.done));
  }

  /** Kills and forgets every session; resolves once their processes are gone. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.#threads.keys()].map((threadId) => this.closeThread(threadId)));
  }
}

/** An exited session first, else the least recently used one no call is listening to. */
function pickVictim(sessions: ExecSession[]): ExecSession | undefined {
  const idle = sessions.filter((s) => !s.busy);
  return idle.find((s) => s.exit) ?? idle.sort((a, b) => a.lastUsed - b.lastUsed)[0];
}
