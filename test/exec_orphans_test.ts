/**
 * Commands die with Tern, even when it is killed with SIGKILL mid-command: the real `tern exec` runs
 * a shell loop that appends to a file every 100 ms (unsandboxed, and under each sandbox backend this
 * machine has), is killed, and the file stops growing. What a killed Tern left running in a command's
 * process group (a background child, which `PR_SET_PDEATHSIG` does not reach) is killed by the next
 * `tern` that starts, from the records under `$TERN_HOME/processes`; a recorded pid that now belongs
 * to another process is left alone.
 */
import { assert, assertEquals } from "@std/assert";
import { join } from "@std/path";
import { delay } from "../kernel/mod.ts";
import { closeConfinement, detectSandbox } from "../lib/sandbox/mod.ts";
import { processesLeft, processesWith } from "./support/processes.ts";
import { skipWhen } from "./support/skip.ts";
import { makeSandbox, runScriptedExec, type Sandbox, scriptedModel, spawnTern } from "./support/tern_process.ts";
import { COMMAND_TOKEN_ENV, type ProcessRecord, processStartTime, recordsDir } from "../tools/shell/process_records.ts";

const linux = Deno.build.os === "linux";
const notLinux = skipWhen(
  !linux,
  "exec_orphans_test.ts: the tests of commands a killed tern left: they look at /proc (Linux only)",
);

/** A shell loop appending to `file` every 100 ms (its path is in the command line: the marker). */
const ticker = (file: string) => `while :; do echo tick >> ${file}; sleep 0.1; done`;

function size(file: string): number {
  try {
    return Deno.statSync(file).size;
  } catch {
    return 0;
  }
}

/** Waits until `file` has grown twice (the command runs), at most 60 s (tern starts cold). */
async function untilGrowing(file: string, tern: Deno.ChildProcess): Promise<void> {
  let exited = false;
  tern.status.then(() => exited = true);
  let last = size(file);
  let grew = 0;
  for (let waited = 0; waited < 60_000; waited += 100) {
    await delay(100);
    assert(!exited, "tern exited before the command ran");
    const now = size(file);
    if (now > last && ++grew >= 2) return;
    last = now;
  }
  throw new Error(`${file} never grew`);
}

/** Asserts `file` no longer grows and no process with it in its command line is left. */
async function assertStopped(file: string): Promise<void> {
  assertEquals(await processesLeft(file), [], `processes still running ${file}`);
  const before = size(file);
  await delay(500);
  assertEquals(size(file), before, `${file} still grows`);
}

/** A scripted model call that runs `command`: `shell_command`, or `exec_command` (a unified-exec session). */
function runs(command: string, tool: "shell_command" | "exec_command" = "shell_command") {
  return tool === "shell_command"
    ? { call: "shell_command", args: { command, timeout_ms: 120_000 } }
    : { call: "exec_command", args: { cmd: command, yield_time_ms: 250 } };
}

/** Runs `tern exec` with `call` as the scripted model's first answer, and kills it once `file` grows. */
async function killMidCommand(sandbox: Sandbox, call: unknown, file: string, mode: string, env = {}) {
  // After a session yields, the model waits (a long sleep) while the command keeps running.
  const script = [[call], [{ sleepMs: 120_000 }, { say: "done" }]];
  const args = [...scriptedModel(script), "-c", 'shell.tool="both"', "-s", mode, "-a", "never", "exec", "tick"];
  const tern = spawnTern(sandbox, args, env);
  try {
    await untilGrowing(file, tern);
  } finally {
    tern.kill("SIGKILL");
    await tern.status;
  }
}

type Backend = { name: string; mode: string; env: Record<string, string>; tool?: "exec_command"; skip?: string };
const backends: Backend[] = [
  { name: "unsandboxed (danger-full-access)", mode: "danger-full-access", env: {} },
  { name: "unsandboxed unified-exec session", mode: "danger-full-access", env: {}, tool: "exec_command" },
];
for (const backend of ["landlock", "bwrap"]) {
  const env = { TERN_SANDBOX_BACKEND: backend };
  const support = linux ? await detectSandbox(backend as "landlock" | "bwrap").catch(() => null) : null;
  const skip = !linux ? "Linux only" : support?.kind === backend ? undefined : `no ${backend} on this machine`;
  backends.push({ name: `sandboxed (${backend})`, mode: "workspace-write", env, skip });
}

closeConfinement(); // the Landlock trial's worker

for (const { name, mode, env, tool, skip } of backends) {
  Deno.test({
    name: `a ${name} command dies when tern exec is killed with SIGKILL`,
    ignore: skipWhen(skip !== undefined, `exec_orphans_test.ts: a ${name} command dies with tern: ${skip}`),
    async fn() {
      const sandbox = await makeSandbox();
      // In a subfolder: Landlock lets no new file be made directly in a folder that holds .git.
      const file = join(sandbox.workspace, "out", `ticks-${crypto.randomUUID()}`);
      try {
        await Deno.mkdir(join(sandbox.workspace, "out"));
        await killMidCommand(sandbox, runs(ticker(file), tool), file, mode, env);
        await assertStopped(file);
      } finally {
        for (const pid of processesWith(file)) Deno.kill(pid, "SIGKILL");
        await sandbox.cleanup();
      }
    },
  });
}

Deno.test({
  name: "what a killed tern left running in a command's process group is killed when tern next starts",
  ignore: notLinux,
  async fn() {
    const sandbox = await makeSandbox();
    const front = join(sandbox.workspace, `front-${crypto.randomUUID()}`);
    const back = join(sandbox.workspace, `back-${crypto.randomUUID()}`);
    try {
      // The background loop is a fork of the shell: its command line carries both paths.
      await killMidCommand(sandbox, runs(`(${ticker(back)}) & ${ticker(front)}`), front, "danger-full-access");
      assert(processesWith(back).length > 0, "the background loop died with tern: nothing left to reap");
      const next = await runScriptedExec(sandbox, "hello", [[{ say: "hi" }]]);
      assertEquals(next.code, 0, next.stderr);
      await assertStopped(back);
      assertEquals([...Deno.readDirSync(recordsDir(sandbox.ternHome))], [], "records left behind");
    } finally {
      for (const pid of processesWith(back)) Deno.kill(pid, "SIGKILL");
      await sandbox.cleanup();
    }
  },
});

/** Starts `sleep` in a process group of its own, `env` added. */
function sleeper(marker: string, env: Record<string, string> = {}): Deno.ChildProcess {
  return new Deno.Command("setsid", { args: ["sleep", `1000.${marker}`], env, stdout: "null", stderr: "null" })
    .spawn();
}

/** A pid that was a process a moment ago and is gone (the owner of a record: a Tern that died). */
async function deadPid(): Promise<number> {
  const gone = new Deno.Command("true").spawn();
  await gone.status;
  return gone.pid;
}

Deno.test({
  name: "tern's next start kills a recorded group whose tern is gone, and not a recorded pid reused by another process",
  ignore: notLinux,
  async fn() {
    const sandbox = await makeSandbox();
    const marker = String(Math.floor(Math.random() * 1e9));
    const token = crypto.randomUUID();
    const left = sleeper(`1${marker}`, { [COMMAND_TOKEN_ENV]: token });
    const reused = sleeper(`2${marker}`);
    const live = sleeper(`3${marker}`);
    try {
      const owner = { pid: await deadPid(), startTime: "1" };
      const records: ProcessRecord[] = [
        // What a killed tern left: a live group, its leader's start time matches.
        { pid: left.pid, pgid: left.pid, startTime: (await processStartTime(left.pid))!, token, owner },
        // A recorded command that exited, its pid since taken by an unrelated process.
        { pid: reused.pid, pgid: reused.pid, startTime: "1", token: crypto.randomUUID(), owner },
        // A command of a tern that still runs (this test): not touched.
        {
          pid: live.pid,
          pgid: live.pid,
          startTime: (await processStartTime(live.pid))!,
          token: "",
          owner: { pid: Deno.pid, startTime: (await processStartTime(Deno.pid))! },
        },
      ];
      const dir = recordsDir(sandbox.ternHome);
      await Deno.mkdir(dir, { recursive: true });
      for (const record of records) {
        await Deno.writeTextFile(join(dir, `${record.owner.pid}-${record.pid}.json`), JSON.stringify(record));
      }
      // Files that are not whole records are neither read as records nor removed.
      await Deno.writeTextFile(join(dir, "notes.json"), "{}");
      await Deno.writeTextFile(join(dir, "1-2.json"), JSON.stringify({ pid: 2 }));
      const run = await runScriptedExec(sandbox, "hello", [[{ say: "hi" }]]);
      assertEquals(run.code, 0, run.stderr);
      assertEquals(await processesLeft(`sleep 1000.1${marker}`), [], "the group left behind still runs");
      assertEquals(processesWith(`sleep 1000.2${marker}`).length, 1, "killed a reused pid");
      assertEquals(processesWith(`sleep 1000.3${marker}`).length, 1, "killed the command of a live tern");
      const kept = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
      assertEquals(kept, [`${Deno.pid}-${live.pid}.json`, "1-2.json", "notes.json"].sort());
    } finally {
      for (const child of [left, reused, live]) {
        try {
          child.kill("SIGKILL");
        } catch {
          // gone
        }
        await child.status;
      }
      await sandbox.cleanup();
    }
  },
});
