/**
 * @module
 * `deno task hooks:conformance [options] <hook> [-- args...]`: runs a hook script through every
 * event (`probe.ts`) and prints, per event, what the script received and what its output did,
 * with a PASS or FAIL line per check. Exits 0 when every check passed, 1 when one failed (the
 * script's output is invalid for an event, it failed, or its input was not as documented), and
 * 2 on bad arguments. Relative paths in the command are resolved from where the task was run.
 */
import { isAbsolute, resolve } from "@std/path";
import { HookEventName } from "../../kernel/mod.ts";
import { shellQuote } from "./behaviour.ts";
import { show } from "./checks.ts";
import { type EventProbe, probeHook, type ProbeOptions } from "./probe.ts";

const HELP = `Usage: deno task hooks:conformance [options] <hook> [-- args...]

Runs <hook> as a command hook for every event Tern fires, in scripted turns with simulated tools
(nothing the model "runs" is executed), and checks what it received and what its output did.
Options may come before or after <hook>; words after -- are added to the hook's command line.

Options:
  --event NAME     only this event (repeatable; e.g. --event PreToolUse --event Stop)
  --bash CMD       the shell command the model runs in tool events (default: ls -la)
  --patch FILE     make the model call apply_patch with this patch instead of Bash
  --prompt TEXT    the user's prompt
  --cwd DIR        the workspace hooks run in (default: a fresh empty folder)
  --timeout SEC    the hook's timeout (default: 30)
  -h, --help       show this help

Exit code: 0 when every check passed, 1 when one failed, 2 on bad arguments.
`;

/** Parsed arguments. */
export type CliArgs = { help: true } | ({ help: false } & ProbeOptions);

/** Parses argv; `base` resolves relative paths. Throws `TypeError` on bad arguments. */
export async function parseArgs(argv: readonly string[], base: string): Promise<CliArgs> {
  const options: Omit<ProbeOptions, "command"> & { events: HookEventName[] } = { events: [] };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new TypeError(`Cannot parse arguments: ${arg} needs a value`);
      return v;
    };
    if (arg === "-h" || arg === "--help") return { help: true };
    else if (arg === "--event") {
      for (const name of value().split(",")) {
        const parsed = HookEventName.safeParse(name.trim());
        if (!parsed.success) throw new TypeError(`Cannot parse arguments: unknown event "${name}"`);
        options.events.push(parsed.data);
      }
    } else if (arg === "--bash") options.toolCall = { tool: "Bash", text: value() };
    else if (arg === "--patch") {
      options.toolCall = { tool: "apply_patch", text: await Deno.readTextFile(resolve(base, value())) };
    } else if (arg === "--prompt") options.prompt = value();
    else if (arg === "--cwd") options.cwd = resolve(base, value());
    else if (arg === "--timeout") options.timeoutSec = Number(value());
    else if (arg === "--") {
      rest.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith("-")) throw new TypeError(`Cannot parse arguments: unknown option "${arg}"`);
    else rest.push(arg);
  }
  if (rest.length === 0) throw new TypeError("Cannot parse arguments: no hook given");
  if (options.timeoutSec !== undefined && !(options.timeoutSec >= 1)) {
    throw new TypeError("Cannot parse arguments: --timeout must be a number of seconds, at least 1");
  }
  return {
    help: false,
    ...options,
    events: options.events.length ? options.events : undefined,
    command: await commandLine(rest, base),
  };
}

/** The hook's command line: one argument with spaces is a command line; else each word, quoted. */
async function commandLine(words: string[], base: string): Promise<string> {
  if (words.length === 1 && /\s/.test(words[0]) && !(await exists(resolve(base, words[0])))) return words[0];
  const resolved = await Promise.all(
    words.map(async (w) => (!isAbsolute(w) && (await exists(resolve(base, w))) ? resolve(base, w) : w)),
  );
  return resolved.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : shellQuote(w))).join(" ");
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/** The report: per event, the scenario, each run's input and output with its checks, and the effects. */
export function formatProbe(
  results: readonly EventProbe[],
  command: string,
  { color = false }: { color?: boolean } = {},
): string {
  const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const pass = paint("32", "PASS"), fail = paint("31", "FAIL");
  const out: string[] = [
    `Hook conformance: ${command}`,
    "Each event runs a scripted turn with simulated tools (nothing the model runs is executed);",
    "the hook is declared without a matcher, so it sees every call.",
  ];
  let total = 0, failed = 0;
  const check = (c: { label: string; ok: boolean; detail?: string }) => {
    total++;
    if (!c.ok) failed++;
    out.push(`  ${c.ok ? pass : fail}  ${c.label}${!c.ok && c.detail ? `: ${c.detail}` : ""}`);
  };
  for (const result of results) {
    out.push(
      "",
      paint("1", `== ${result.event}: `) + (result.skipped ? `skipped, ${result.skipped}` : result.scenario),
    );
    if (result.skipped) continue;
    result.checks.forEach(check);
    result.runs.forEach((run, i) => {
      const which = result.runs.length > 1 ? `run ${i + 1} ` : "";
      out.push(`  ${which}received on stdin:`, indent(JSON.stringify(run.input, null, 2), "    "));
      const exit = run.exitCode === null ? "killed (it did not exit by itself)" : `exit ${run.exitCode}`;
      out.push(`  ${which}answered: ${exit}, stdout ${shown(run.stdout)}, stderr ${shown(run.stderr)}`);
      run.checks.forEach(check);
    });
    for (const effect of result.effects) out.push(`  effect: ${effect}`);
  }
  out.push("", `${failed === 0 ? pass : fail}: ${total} checks, ${total - failed} passed, ${failed} failed`);
  return out.join("\n") + "\n";
}

/** Output in one line: JSON compacted, text quoted, nothing as "(empty)". */
function shown(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return "(empty)";
  try {
    return JSON.stringify(JSON.parse(trimmed));
  } catch {
    return show(trimmed);
  }
}

function indent(text: string, prefix: string): string {
  return text.split("\n").map((line) => prefix + line).join("\n");
}

/** Runs the command; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = await parseArgs(argv, Deno.env.get("INIT_CWD") ?? Deno.cwd());
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  const results = await probeHook(args);
  const color = Deno.stdout.isTerminal() && !Deno.env.get("NO_COLOR");
  const report = new TextEncoder().encode(formatProbe(results, args.command, { color }));
  for (let written = 0; written < report.length;) written += await Deno.stdout.write(report.subarray(written));
  const ok = results.every((r) => r.checks.every((c) => c.ok) && r.runs.every((run) => run.checks.every((c) => c.ok)));
  return ok ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
