/**
 * @module
 * What tests look at to see that processes and sandboxes hold: the live processes whose command
 * line carries a marker (Linux's `/proc`; elsewhere none are seen, so such checks pass without
 * looking), and the words every sandbox backend refuses a write with.
 */
import { delay } from "../../kernel/mod.ts";

/** How bubblewrap, Landlock and Seatbelt word a refused write or socket. */
export const SANDBOX_DENIED = /Read-only file system|Permission denied|Operation not permitted/;

/** Pids of live processes (zombies excluded) whose command line contains `marker`. */
export function processesWith(marker: string): number[] {
  if (Deno.build.os !== "linux") return [];
  const pids: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const cmdline = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`).replaceAll("\0", " ");
      const state = Deno.readTextFileSync(`/proc/${entry.name}/stat`).split(") ")[1]?.[0];
      if (cmdline.includes(marker) && state !== "Z") pids.push(Number(entry.name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** The processes with `marker` still alive after waiting up to `ms` for them to end. */
export async function processesLeft(marker: string, ms = 2_000): Promise<number[]> {
  let left = processesWith(marker);
  for (let waited = 0; waited < ms && left.length > 0; waited += 20) {
    await delay(20);
    left = processesWith(marker);
  }
  return left;
}
