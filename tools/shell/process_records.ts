/**
 * @module
 * What a crashed Tern left running, found and killed by the next one. Each command that starts in a
 * process group of its own is recorded in `$TERN_HOME/processes/` while it runs: its pid (= its
 * group id), the leader's start time, a token it carries in its environment (`TERN_COMMAND_TOKEN`,
 * inherited by what it starts), and the Tern process that started it (pid and start time). The
 * record goes when the command exits. A Tern killed with SIGKILL leaves its records behind; the
 * next Tern that starts the shell plugin (`reapLeftovers()`) kills, for every record whose Tern is
 * gone, the processes of that group that can be proven to be the command's, and removes the record:
 * - Linux: a process in the group whose environment carries the record's token, or the leader
 *   itself when its start time (`/proc/<pid>/stat`) matches. A pid or group id reused since by an
 *   unrelated process carries neither, so it is never killed.
 * - macOS: the whole group, when its leader is alive and its start time (`ps -o lstart=`) matches.
 *   A group whose leader exited is left alone (nothing there proves the survivors are ours).
 * A process that left the group (`setsid`, `setpgid`) is not killed, as on a normal exit.
 */
import { join } from "@std/path";

/** The environment variable every recorded command carries. */
export const COMMAND_TOKEN_ENV = "TERN_COMMAND_TOKEN";

/** One recorded command. */
export interface ProcessRecord {
  /** The command's first process, leader of its process group. */
  pid: number;
  pgid: number;
  /** The leader's start time as the OS words it (Linux: clock ticks since boot). */
  startTime: string;
  /** The value of `TERN_COMMAND_TOKEN` in the command's environment. */
  token: string;
  /** The Tern process that started it. */
  owner: { pid: number; startTime: string };
}

/** The directory of the records under a Tern home. */
export function recordsDir(ternHome: string): string {
  return join(ternHome, "processes");
}

/** When process `pid` started, or null when it is gone (or the OS has no way to say). */
export function processStartTime(pid: number): string | null {
  if (Deno.build.os === "linux") return linuxStat(pid)?.startTime ?? null;
  if (Deno.build.os !== "darwin") return null;
  try {
    const out = new Deno.Command("ps", { args: ["-o", "lstart=", "-p", String(pid)], stderr: "null" }).outputSync();
    const text = new TextDecoder().decode(out.stdout).trim();
    return out.success && text ? text : null;
  } catch {
    return null;
  }
}

/** The process group and start time of a Linux process (fields 5 and 22 of `/proc/<pid>/stat`). */
function linuxStat(pid: number): { pgid: number; startTime: string; zombie: boolean } | null {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its end.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { pgid: Number(fields[2]), startTime: fields[19], zombie: fields[0] === "Z" };
  } catch {
    return null;
  }
}

let ownStartTime: string | null | undefined;

/** Records the commands one Tern process starts, while they run. */
export class ProcessRecords {
  readonly #dir: string;

  constructor(ternHome: string) {
    this.#dir = recordsDir(ternHome);
  }

  /** A fresh token to put in a command's environment before it starts. */
  newToken(): string {
    return crypto.randomUUID();
  }

  /**
   * Records the command that started as `pid` (a group leader) with `token`; returns the function
   * that forgets it. Nothing is recorded when it is already gone or the OS cannot date it.
   */
  add(pid: number, token: string): () => void {
    const startTime = processStartTime(pid);
    ownStartTime ??= processStartTime(Deno.pid);
    if (startTime === null || ownStartTime === null) return () => {};
    const record: ProcessRecord = {
      pid,
      pgid: pid,
      startTime,
      token,
      owner: { pid: Deno.pid, startTime: ownStartTime },
    };
    const file = join(this.#dir, `${Deno.pid}-${pid}.json`);
    try {
      Deno.mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
      Deno.writeTextFileSync(file, JSON.stringify(record) + "\n");
    } catch {
      return () => {}; // a read-only home: the command still runs, only crash recovery is lost
    }
    return () => {
      try {
        Deno.removeSync(file);
      } catch {
        // removed already
      }
    };
  }
}

/**
 * Kills what the commands of Tern processes that are gone left running (see the module comment)
 * and removes their records. Returns the pids it killed. Never throws.
 */
export function reapLeftovers(ternHome: string): number[] {
  const dir = recordsDir(ternHome);
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch {
    return []; // no records: the usual case
  }
  const killed: number[] = [];
  for (const entry of entries) {
    if (!entry.name.endsWith(".json")) continue;
    const file = join(dir, entry.name);
    let record: ProcessRecord;
    try {
      record = JSON.parse(Deno.readTextFileSync(file));
    } catch {
      continue; // being written by a live Tern, or not ours
    }
    if (record.owner && processStartTime(record.owner.pid) === record.owner.startTime) continue; // still running
    killed.push(...reapGroup(record));
    try {
      Deno.removeSync(file);
    } catch {
      // another Tern removed it meanwhile
    }
  }
  return killed;
}

function reapGroup(record: ProcessRecord): number[] {
  if (typeof record.pgid !== "number" || record.pgid <= 1) return [];
  if (Deno.build.os === "linux") {
    const killed: number[] = [];
    for (const pid of groupMembers(record.pgid)) {
      const ours = (pid === record.pid && linuxStat(pid)?.startTime === record.startTime) ||
        carriesToken(pid, record.token);
      if (ours && kill(pid)) killed.push(pid);
    }
    return killed;
  }
  if (processStartTime(record.pid) !== record.startTime) return [];
  return kill(-record.pgid) ? [record.pgid] : [];
}

/** Live Linux processes whose process group is `pgid`. */
function groupMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    const stat = linuxStat(Number(entry.name));
    if (stat && stat.pgid === pgid && !stat.zombie) pids.push(Number(entry.name));
  }
  return pids;
}

function carriesToken(pid: number, token: string): boolean {
  if (!token) return false;
  try {
    return Deno.readTextFileSync(`/proc/${pid}/environ`).split("\0").includes(`${COMMAND_TOKEN_ENV}=${token}`);
  } catch {
    return false; // gone, or another user's
  }
}

function kill(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGKILL");
    return true;
  } catch {
    return false;
  }
}
