/**
 * @module
 * Where rollouts live and how to find them: the Codex layout
 * `$TERN_HOME/sessions/YYYY/MM/DD/rollout-YYYY-MM-DDThh-mm-ss-<threadId>.jsonl` (UTC date of
 * creation), a walk over that tree (newest directories first), and a line reader that stops early.
 * Parsing the lines is `rollout_reader.ts`'s job.
 */
import { basename, join } from "../../kernel/mod.ts";

/** One rollout file found on disk. */
export interface RolloutFile {
  path: string;
  /** Last modification time, in milliseconds since the epoch. */
  mtimeMs: number;
}

/** The directory every rollout lives under. */
export function sessionsDir(ternHome: string): string {
  return join(ternHome, "sessions");
}

/**
 * The path of a new rollout for `threadId` created at `createdAt`.
 *
 * @example
 * ```ts
 * rolloutPath("/home/me/.tern", "t1", new Date("2025-01-02T03:04:05Z"));
 * // "/home/me/.tern/sessions/2025/01/02/rollout-2025-01-02T03-04-05-t1.jsonl"
 * ```
 */
export function rolloutPath(ternHome: string, threadId: string, createdAt: Date): string {
  if (!threadId || /[\\/]/.test(threadId) || threadId === "." || threadId === "..") {
    throw new TypeError(`Cannot name a rollout for thread "${threadId}": the id must be a plain file-name part`);
  }
  const stamp = createdAt.toISOString().slice(0, 19).replaceAll(":", "-");
  const [year, month, day] = stamp.slice(0, 10).split("-");
  return join(sessionsDir(ternHome), year, month, day, `rollout-${stamp}-${threadId}.jsonl`);
}

/** True when `name` is the file name of a rollout. */
export function isRolloutName(name: string): boolean {
  return name.startsWith("rollout-") && name.endsWith(".jsonl");
}

/** True when `name` is the rollout file name of `threadId`. */
export function isRolloutOf(name: string, threadId: string): boolean {
  return isRolloutName(name) && name.endsWith(`-${threadId}.jsonl`);
}

/** Entries of a directory, sorted newest first by name; [] when it does not exist. */
async function entriesDesc(dir: string): Promise<Deno.DirEntry[]> {
  const entries: Deno.DirEntry[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) entries.push(entry);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) return [];
    throw error;
  }
  return entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

/** Every rollout path under `sessions/YYYY/MM/DD/`, newest directories and names first. */
export async function* walkRollouts(ternHome: string): AsyncGenerator<string> {
  const root = sessionsDir(ternHome);
  for (const year of await entriesDesc(root)) {
    if (!year.isDirectory) continue;
    for (const month of await entriesDesc(join(root, year.name))) {
      if (!month.isDirectory) continue;
      for (const day of await entriesDesc(join(root, year.name, month.name))) {
        if (!day.isDirectory) continue;
        const dayDir = join(root, year.name, month.name, day.name);
        for (const file of await entriesDesc(dayDir)) {
          if (file.isFile && isRolloutName(file.name)) yield join(dayDir, file.name);
        }
      }
    }
  }
}

/** Every rollout with its modification time, most recently modified first. */
export async function rolloutsByMtime(ternHome: string): Promise<RolloutFile[]> {
  const files: RolloutFile[] = [];
  for await (const path of walkRollouts(ternHome)) {
    try {
      const info = await Deno.stat(path);
      files.push({ path, mtimeMs: info.mtime?.getTime() ?? 0 });
    } catch {
      // Removed between the walk and the stat: not a rollout any more.
    }
  }
  return files.sort((a, b) => b.mtimeMs - a.mtimeMs);
}

/** The rollout of `threadId`, searched in the sessions tree; null when there is none. */
export async function findRollout(ternHome: string, threadId: string): Promise<string | null> {
  for await (const path of walkRollouts(ternHome)) {
    if (isRolloutOf(basename(path), threadId)) return path;
  }
  return null;
}

/** Like `findRollout()`, synchronously (for `append()` to a thread this process never saw). */
export function findRolloutSync(ternHome: string, threadId: string): string | null {
  const list = (dir: string): Deno.DirEntry[] => {
    try {
      return [...Deno.readDirSync(dir)];
    } catch {
      return [];
    }
  };
  const root = sessionsDir(ternHome);
  for (const year of list(root)) {
    for (const month of list(join(root, year.name))) {
      for (const day of list(join(root, year.name, month.name))) {
        const dayDir = join(root, year.name, month.name, day.name);
        const hit = list(dayDir).find((file) => file.isFile && isRolloutOf(file.name, threadId));
        if (hit) return join(dayDir, hit.name);
      }
    }
  }
  return null;
}

/** True when the file is non-empty and its last byte is not a newline (a torn last line). */
export function endsWithoutNewlineSync(path: string): boolean {
  const file = Deno.openSync(path, { read: true });
  try {
    const size = file.statSync().size;
    if (size === 0) return false;
    file.seekSync(size - 1, Deno.SeekMode.Start);
    const last = new Uint8Array(1);
    file.readSync(last);
    return last[0] !== 0x0a;
  } finally {
    file.close();
  }
}

/**
 * The lines of a file, read in chunks so a caller that stops early (a preview, the first line)
 * does not read the whole file. A final line without a newline is yielded too.
 */
export async function* readLines(path: string): AsyncGenerator<string> {
  const file = await Deno.open(path, { read: true });
  try {
    const decoder = new TextDecoder();
    const buffer = new Uint8Array(64 * 1024);
    let pending = "";
    while (true) {
      const read = await file.read(buffer);
      if (read === null) break;
      pending += decoder.decode(buffer.subarray(0, read), { stream: true });
      let newline = pending.indexOf("\n");
      while (newline !== -1) {
        yield pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        newline = pending.indexOf("\n");
      }
    }
    pending += decoder.decode();
    if (pending) yield pending;
  } finally {
    file.close();
  }
}
