/**
 * @module
 * What a crashed Tern left running, found and killed by the next one. Each command that starts in a
 * process group of its own is recorded in `$TERN_HOME/processes/` while it runs: its pid (= its
 * group id), the leader's start time, a token it carries in its environment (`TERN_COMMAND_TOKEN`,
 * inherited by what it starts), and the Tern process that started it (pid and start time). The
 * record goes when the command exits. A Tern killed with SIGKILL leaves its records behind; the
 * next Tern that starts the shell plugin (`reapLeftovers()`) kills, for every record whose Tern is
 * gone, the processes of that group that can be proven to be the command's, and removes the record:
 * - Linux: the whole group when its leader still runs and its start time (`/proc/<pid>/stat`)
 *   matches; and each process in the group whose environment carries the record's token (the
 *   leader is dead when `PR_SET_PDEATHSIG` killed it). A pid or group id reused since by an
 *   unrelated process has neither, so it is never killed.
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
  if (typeof ternHome !== "string" || ternHome === "") throw new TypeError("Cannot record commands: no Tern home");
  return join(ternHome, "processes");
}

/** A record's file name: the Tern's pid, then the command's. Nothing else in the directory is read or removed. */
const RECORD_NAME = /^\d+-\d+\.json$/;

/** Whether a parsed file is a whole record. */
function isRecord(value: unknown): value is ProcessRecord {
  const r = value as ProcessRecord;
  return typeof r === "object" && r !== null && Number.isInteger(r.pid) && Number.isInteger(r.pgid) &&
    typeof r.startTime === "string" && typeof r.token === "string" && typeof r.owner === "object" &&
    r.owner !== null && Number.isInteger(r.owner.pid) && typeof r.owner.startTime === "string";
}

/**
 * When process `pid` started, or null when it is gone (or the OS has no way to say). Linux reads
 * `/proc` (synchronously: the answer is there before any other task runs); macOS asks `ps`.
 */
export async function processStartTime(pid: number): Promise<string | null> {
  if (Deno.build.os === "linux") return linuxStat(pid)?.startTime ?? null;
  if (Deno.build.os !== "darwin") return null;
  try {
    const out = await new Deno.Command("ps", { args: ["-o", "lstart=", "-p", String(pid)], stderr: "null" }).output();
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

let ownStartTime: Promise<string | null> | undefined;

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
    const file = join(this.#dir, `${Deno.pid}-${pid}.json`);
    const written = this.#write(file, pid, token);
    return () =>
      void written.then((done) => {
        if (!done) return;
        try {
          Deno.removeSync(file); // at once: Tern may exit right after its commands
        } catch {
          // removed already
        }
      });
  }

  async #write(file: string, pid: number, token: string): Promise<boolean> {
    ownStartTime ??= processStartTime(Deno.pid);
    const [startTime, ownStart] = [await processStartTime(pid), await ownStartTime];
    if (startTime === null || ownStart === null) return false;
    const record: ProcessRecord = { pid, pgid: pid, startTime, token, owner: { pid: Deno.pid, startTime: ownStart } };
    try {
      Deno.mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
      Deno.writeTextFileSync(file, JSON.stringify(record) + "\n");
      return true;
    } catch {
      return false; // a read-only home: the command still runs, only crash recovery is lost
    }
  }
}

/**
 * Kills what the commands of Tern processes that are gone left running (see the module comment)
 * and removes their records. Returns the pids it killed (a negative one: a whole group). Throws
 * only when `ternHome` is not a path.
 */
export async function reapLeftovers(ternHome: string): Promise<number[]> {
  const dir = recordsDir(ternHome);
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch {
    return []; // no records: the usual case
  }
  const killed: number[] = [];
  for (const entry of entries) {
    if (!entry.isFile || !RECORD_NAME.test(entry.name)) continue;
    const file = join(dir, entry.name);
    let record: unknown;
    try {
      record = JSON.parse(Deno.readTextFileSync(file));
    } catch {
      continue; // being written by a live Tern
    }
    if (!isRecord(record)) continue; // not ours: left alone
    if (await processStartTime(record.owner.pid) === record.owner.startTime) continue; // its Tern still runs
    killed.push(...await reapGroup(record));
    try {
      Deno.removeSync(file);
    } catch {
      // another Tern removed it meanwhile
    }
  }
  return killed;
}

async function reapGroup(record: ProcessRecord): Promise<number[]> {
  if (record.pgid <= 1) return [];
  const leaderIsOurs = await processStartTime(record.pid) === record.startTime;
  if (Deno.build.os !== "linux") return leaderIsOurs && kill(-record.pgid) ? [-record.pgid] : [];
  // The leader still running proves the whole group ours; else each member proves itself by the token.
  // Rounds, because a member not yet killed may fork another meanwhile.
  const killed: number[] = [];
  if (leaderIsOurs && kill(-record.pgid)) killed.push(-record.pgid);
  for (let round = 0; round < 5; round++) {
    const ours = groupMembers(record.pgid).filter((pid) => carriesToken(pid, record.token) && kill(pid));
    if (ours.length === 0) break;
    killed.push(...ours);
  }
  return killed;
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
