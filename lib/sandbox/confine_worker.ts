/**
 * @module
 * A worker thread that confines itself, then starts one command. Landlock rulesets and seccomp
 * filters bind the thread that applies them and everything it starts, not the rest of the process,
 * so Tern applies them in this worker (through libc with `Deno.dlopen`: `prctl(PR_SET_NO_NEW_PRIVS)`,
 * `landlock_create_ruleset` / `landlock_add_rule` / `landlock_restrict_self`,
 * `prctl(PR_SET_SECCOMP)`), and the command it spawns inherits them; Tern's own threads stay free.
 * A worker serves one command and is then thrown away: its confinement can never be loosened.
 * Any step that fails is reported and nothing runs: confinement fails closed.
 */
import type { LandlockPlan } from "./landlock.ts";

/** Sent to the worker. */
export type ToWorker =
  | { type: "confine"; landlock?: LandlockPlan; seccomp?: Uint8Array }
  | {
    type: "spawn";
    id: number;
    program: string;
    args: string[];
    cwd: string;
    env?: Record<string, string>;
    stdin: "null" | "piped";
  }
  | { type: "stdin"; id: number; chunk: Uint8Array }
  | { type: "stdin-close"; id: number }
  /** The caller took `bytes` of a command's output (`Infinity`: it reads no more, stop counting). */
  | { type: "consumed"; id: number; stream: "stdout" | "stderr"; bytes: number };

/** Sent back by the worker. */
export type FromWorker =
  | { type: "ready" }
  | { type: "unavailable"; error: string }
  | { type: "confined" }
  | { type: "confine-failed"; error: string }
  | { type: "spawn-failed"; id: number; error: string; notFound: boolean }
  | { type: "spawned"; id: number; pid: number }
  | { type: "data"; id: number; stream: "stdout" | "stderr"; chunk: Uint8Array }
  | { type: "end"; id: number; stream: "stdout" | "stderr" }
  | { type: "exit"; id: number; code: number; signal: string | null };

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
}
const scope = globalThis as unknown as WorkerScope;
const post = (message: FromWorker, transfer?: Transferable[]) => scope.postMessage(message, transfer);

/** The Landlock system calls: the same numbers on every architecture (the generic table). */
const SYS_LANDLOCK_CREATE_RULESET = 444n;
const SYS_LANDLOCK_ADD_RULE = 445n;
const SYS_LANDLOCK_RESTRICT_SELF = 446n;
const PR_SET_NO_NEW_PRIVS = 38;
const PR_GET_NO_NEW_PRIVS = 39;
const PR_SET_SECCOMP = 22;
const SECCOMP_MODE_FILTER = 2n;
const LANDLOCK_RULE_PATH_BENEATH = 1n;
const O_PATH = 0o10000000;
const O_CLOEXEC = 0o2000000;
const ENOENT = 2;
const EACCES = 13;

const symbols = {
  syscall: { parameters: ["i64", "i64", "i64", "i64", "i64"], result: "i64" },
  prctl: { parameters: ["i32", "u64", "u64", "u64", "u64"], result: "i32" },
  open: { parameters: ["buffer", "i32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  __errno_location: { parameters: [], result: "pointer" },
} as const;

type Libc = Deno.DynamicLibrary<typeof symbols>["symbols"];
let libc: Libc | undefined;
try {
  libc = openLibc();
  await warmUp(libc);
  post({ type: "ready" });
} catch (error) {
  post({ type: "unavailable", error: error instanceof Error ? error.message : String(error) });
}

/**
 * Runs, before any confinement, what a command's start runs for the first time in this isolate (the
 * libc calls, a spawn, a pipe read), so the command that takes this worker does not pay for it.
 */
async function warmUp(c: Libc): Promise<void> {
  c.prctl(PR_GET_NO_NEW_PRIVS, 0n, 0n, 0n, 0n);
  errno(c);
  try {
    const child = new Deno.Command("true", { stdin: "null", stdout: "piped", stderr: "piped" }).spawn();
    await Promise.all([child.status, child.stdout.cancel(), child.stderr.cancel()]);
  } catch {
    // no `true` on PATH: the first command warms up instead
  }
}

function openLibc(): Libc {
  let failure: unknown;
  for (const name of ["libc.so.6", "libc.so"]) {
    try {
      return Deno.dlopen(name, symbols).symbols;
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}

const stdinWriters = new Map<number, WritableStreamDefaultWriter<Uint8Array>>();
/**
 * Output bytes a command may have sent that the caller has not taken yet. Past this the worker
 * stops reading the command's pipe until the caller catches up (the command then waits on its
 * writes, as it would on a pipe the caller read itself), so output never piles up in messages.
 */
export const RELAY_WINDOW_BYTES = 1024 * 1024;
/** Per command and stream: bytes sent and not taken yet, and the relay waiting for them. */
const relays = new Map<string, { pending: number; wake: (() => void) | null }>();
let confined = false;

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === "confine") {
    try {
      confine(message);
      confined = true;
      post({ type: "confined" });
    } catch (error) {
      post({ type: "confine-failed", error: error instanceof Error ? error.message : String(error) });
    }
  } else if (message.type === "spawn") {
    if (!confined) {
      post({ type: "spawn-failed", id: message.id, error: "the worker is not confined", notFound: false });
    } else run(message);
  } else if (message.type === "stdin") {
    stdinWriters.get(message.id)?.write(message.chunk).catch(() => {});
  } else if (message.type === "consumed") {
    const relay = relays.get(`${message.id}:${message.stream}`);
    if (relay) {
      relay.pending -= message.bytes;
      relay.wake?.();
    }
  } else {
    stdinWriters.get(message.id)?.close().catch(() => {});
    stdinWriters.delete(message.id);
  }
};

/** Applies no_new_privs, the Landlock ruleset and the seccomp filter to this thread. */
function confine(request: Extract<ToWorker, { type: "confine" }>): void {
  if (!libc) throw new Error("libc is not loaded");
  const c = libc;
  const check = (result: number | bigint, what: string) => {
    if (Number(result) < 0) throw new Error(`${what} failed: ${errnoText(c)}`);
  };
  check(c.prctl(PR_SET_NO_NEW_PRIVS, 1n, 0n, 0n, 0n), "prctl(PR_SET_NO_NEW_PRIVS)");
  const plan = request.landlock;
  if (plan) {
    const attr = new BigUint64Array([plan.handledFs, plan.handledNet, plan.scoped]);
    const size = plan.abi >= 6 ? 24n : plan.abi >= 4 ? 16n : 8n;
    const ruleset = Number(c.syscall(SYS_LANDLOCK_CREATE_RULESET, address(attr), size, 0n, 0n));
    check(ruleset, "landlock_create_ruleset");
    try {
      const rule = new Uint8Array(12); // struct landlock_path_beneath_attr, packed
      const view = new DataView(rule.buffer);
      for (const { path, access } of plan.rules) {
        const fd = c.open(new TextEncoder().encode(path + "\0"), O_PATH | O_CLOEXEC);
        if (fd < 0) {
          // Gone since the plan was made, absent (/dev/tty), or not ours to open: not granted, so not writable.
          if (errno(c) === ENOENT || errno(c) === EACCES) continue;
          throw new Error(`open("${path}") failed: ${errnoText(c)}`);
        }
        view.setBigUint64(0, access, true);
        view.setInt32(8, fd, true);
        const added = c.syscall(SYS_LANDLOCK_ADD_RULE, BigInt(ruleset), LANDLOCK_RULE_PATH_BENEATH, address(rule), 0n);
        const failure = Number(added) < 0 ? errnoText(c) : undefined;
        c.close(fd);
        if (failure) throw new Error(`landlock_add_rule("${path}") failed: ${failure}`);
      }
      check(c.syscall(SYS_LANDLOCK_RESTRICT_SELF, BigInt(ruleset), 0n, 0n, 0n), "landlock_restrict_self");
    } finally {
      c.close(ruleset);
    }
  }
  if (request.seccomp) {
    const filter = request.seccomp;
    const program = new BigUint64Array([BigInt(filter.length / 8), address(filter)]); // struct sock_fprog
    check(c.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, address(program), 0n, 0n), "prctl(PR_SET_SECCOMP)");
  }
}

/** Starts the command and relays its output and exit. */
async function run(request: Extract<ToWorker, { type: "spawn" }>): Promise<void> {
  const { id } = request;
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(request.program, {
      args: request.args,
      cwd: request.cwd,
      env: request.env,
      stdin: request.stdin,
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (error) {
    const notFound = error instanceof Deno.errors.NotFound;
    post({ type: "spawn-failed", id, error: error instanceof Error ? error.message : String(error), notFound });
    return;
  }
  post({ type: "spawned", id, pid: child.pid });
  if (request.stdin === "piped") stdinWriters.set(id, child.stdin.getWriter());
  const relay = async (stream: "stdout" | "stderr", readable: ReadableStream<Uint8Array>) => {
    const key = `${id}:${stream}`;
    const state = { pending: 0, wake: null as (() => void) | null };
    relays.set(key, state);
    try {
      for await (const chunk of readable) {
        post({ type: "data", id, stream, chunk });
        state.pending += chunk.length;
        while (state.pending > RELAY_WINDOW_BYTES) await new Promise<void>((resolve) => state.wake = resolve);
        state.wake = null;
      }
    } catch {
      // the pipe broke: what arrived was sent
    } finally {
      relays.delete(key);
    }
    post({ type: "end", id, stream });
  };
  relay("stdout", child.stdout);
  relay("stderr", child.stderr);
  const status = await child.status;
  stdinWriters.delete(id);
  post({ type: "exit", id, code: status.code, signal: status.signal });
}

function address(buffer: ArrayBufferView): bigint {
  return BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(buffer as BufferSource)));
}

function errno(c: Libc): number {
  const pointer = c.__errno_location();
  return pointer ? new Deno.UnsafePointerView(pointer).getInt32() : 0;
}

function errnoText(c: Libc): string {
  const code = errno(c);
  const names: Record<number, string> = { 1: "EPERM", 2: "ENOENT", 13: "EACCES", 22: "EINVAL", 38: "ENOSYS" };
  return `errno ${code}${names[code] ? ` (${names[code]})` : ""}`;
}
