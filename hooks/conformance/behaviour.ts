/**
 * @module
 * What a hook under test does, as data (`Behaviour`), and the two handlers built from it: a
 * command hook (a shell script that appends its stdin to a log, then prints, sleeps and exits as
 * told) and an in-process handler (records its input, then returns, sleeps or throws as told).
 * One behaviour drives both handler kinds, so every case proves the same effect for each.
 */
import { join } from "@std/path";
import type { HookHandler } from "../../kernel/mod.ts";

/** The two kinds of hook handler. */
export type HandlerKind = "command" | "inProcess";

/** What a hook does when it runs. */
export interface Behaviour {
  /** Printed on stdout (command) or returned (in-process): an object as JSON, a string as is. */
  output?: unknown;
  /** Exact stdout, for command hooks (say, broken JSON). */
  rawStdout?: string;
  /** Written to stderr (command hooks). */
  stderr?: string;
  /** The exit code (command hooks). @default 0 */
  exit?: number;
  /** The error message an in-process handler throws. */
  throws?: string;
  /** Seconds to sleep before answering. */
  sleepSec?: number;
  /** The hook's timeout in seconds. @default 30 */
  timeoutSec?: number;
  /** Act only when the input's `field` equals `equals` (else answer nothing): a loop guard. */
  when?: { field: string; equals: unknown };
}

/** The default timeout of hooks under test, in seconds. */
export const DEFAULT_TIMEOUT_SEC = 30;

/** Quotes `text` for a POSIX shell. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** The body of a command hook that behaves as `b` and appends each input to `log`. */
export function commandScript(b: Behaviour, log: string): string {
  const lines = ["#!/bin/sh", "input=$(cat)", `printf '%s\\n' "$input" >> ${shellQuote(log)}`];
  if (b.when) {
    const needle = `"${b.when.field}":${JSON.stringify(b.when.equals)}`;
    lines.push(`case "$input" in *${shellQuote(needle)}*) ;; *) exit 0 ;; esac`);
  }
  if (b.sleepSec) lines.push(`sleep ${b.sleepSec}`);
  const stdout = b.rawStdout ??
    (b.output === undefined ? undefined : typeof b.output === "string" ? b.output : JSON.stringify(b.output));
  if (stdout !== undefined) lines.push(`printf '%s\\n' ${shellQuote(stdout)}`);
  if (b.stderr) lines.push(`printf '%s\\n' ${shellQuote(b.stderr)} >&2`);
  lines.push(`exit ${b.exit ?? 0}`);
  return lines.join("\n") + "\n";
}

/** Writes the command hook for `b` under `dir`; returns its path and where its inputs go. */
export async function writeCommandHook(dir: string, b: Behaviour): Promise<{ path: string; log: string }> {
  const path = join(dir, "hook.sh");
  const log = join(dir, "inputs.jsonl");
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(path, commandScript(b, log));
  await Deno.chmod(path, 0o755);
  return { path, log };
}

/** The inputs a command hook logged, in order. */
export async function readLoggedInputs(log: string): Promise<unknown[]> {
  const text = await Deno.readTextFile(log).catch(() => "");
  return text.split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line));
}

/** An in-process handler that behaves as `b` and pushes each input to `inputs`. */
// deno-lint-ignore no-explicit-any
export function inProcessHandler(b: Behaviour, inputs: unknown[]): HookHandler<any> {
  return async (input, { signal }) => {
    inputs.push(input);
    if (b.when && (input as Record<string, unknown>)[b.when.field] !== b.when.equals) return undefined;
    if (b.sleepSec) await sleep(b.sleepSec * 1000, signal);
    if (b.throws) throw new Error(b.throws);
    return b.output as never;
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
