/**
 * @module
 * What command hooks add to a tool call, against bare process spawns in the same run (medians of
 * many runs). Spawns: (a) one `$SHELL -c` that prints `{}`, (b) the same in its own process group
 * (`detached`, as the engine spawns hooks so a timeout kills everything they started), (c) eight
 * of (b) at once. Engine: `HookEngine.run()` for PreToolUse with (d) one and (e) eight matching
 * `true`-like hooks printing `{}`, and (f, g) with hooks that each take 50 ms. Turns: (h-j) a whole
 * turn with one tool call through a real runtime (scripted model) with 0, 1 and 8 PreToolUse hooks.
 * Target: eight hooks run in parallel, so they cost about one spawn, not eight.
 *
 *   deno run -A bench/hooks_overhead.ts [--runs 100]
 */
import { join } from "@std/path";
import { defaultShell } from "../hooks/command_runner.ts";
import { HookEngine } from "../hooks/engine.ts";
import { preToolUse } from "../hooks/events/pre_tool_use.ts";
import { hookToolFor } from "../hooks/tool_names.ts";
import { bootHooks, engineContext, group, printJson } from "../hooks/_testing.ts";

const runsFlag = Deno.args.indexOf("--runs");
const runs = runsFlag === -1 ? 100 : Number(Deno.args[runsFlag + 1]);
const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "tern-bench-hooks-" }));
const HOOK = printJson({}); // a `true`-like hook: prints {} and exits 0
const STDIN = JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "ls" } });

interface Row {
  label: string;
  median: number;
  p90: number;
}
const rows: Row[] = [];

async function measure(label: string, fn: () => Promise<unknown>, count = runs): Promise<number> {
  for (let i = 0; i < 10; i++) await fn(); // warm up
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const row = { label, median: samples[Math.floor(count / 2)], p90: samples[Math.floor(count * 0.9)] };
  rows.push(row);
  return row.median;
}

/**
 * One spawn of the hook command: the shell, stdin written (the hook may not read it), output
 * read. `detached` gives it its own process group, as the engine does; `viaSetsid` does the same
 * through `setsid(1)` instead.
 */
async function bareSpawn(options: { detached?: boolean; viaSetsid?: boolean } = {}): Promise<void> {
  const argv = [...(options.viaSetsid ? ["setsid"] : []), ...defaultShell(), HOOK];
  const child = new Deno.Command(argv[0], {
    args: argv.slice(1),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    detached: options.detached ?? false,
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(STDIN)).then(() => writer.close()).catch(() => {});
  const out = await child.output();
  if (!out.success) throw new Error("Cannot benchmark: the bare spawn failed");
}

const eightAtOnce = (fn: () => Promise<void>) => () => Promise.all(Array.from({ length: 8 }, fn));

function engineWith(count: number, command = HOOK): HookEngine {
  const groups = Array.from({ length: count }, () => group(command, {}, "Bash"));
  return new HookEngine({ declarations: [{ source: "config", sourcePath: "config", hooks: { PreToolUse: groups } }] });
}

const request = { tool: hookToolFor("shell_command", "function"), toolInput: { command: "ls" }, toolUseId: "c1" };
const { ctx } = engineContext(root);

async function engineRun(engine: HookEngine, count: number): Promise<void> {
  const { runs: done } = await engine.run(preToolUse, request, ctx);
  if (done.length !== count || done.some((r) => r.status !== "completed")) {
    throw new Error(`Cannot benchmark: expected ${count} completed hook runs, got ${JSON.stringify(done)}`);
  }
}

/** A runtime whose scripted model makes one tool call per turn, with `count` PreToolUse hooks. */
async function turns(count: number) {
  const dir = join(root, `turns-${count}`);
  const responses = Array.from(
    { length: 2 * (runs + 10) },
    (_, i) => i % 2 === 0 ? [{ call: "shell_command", args: { command: "ls" }, id: "c1" }] : [{ say: "ok" }],
  );
  const hooks = count ? { PreToolUse: Array.from({ length: count }, () => group(HOOK, {}, "Bash")) } : undefined;
  const booted = await bootHooks(dir, { hooks, responses });
  return {
    turn: async () => {
      const { hookRuns } = await booted.turn("list the files");
      if (hookRuns.length !== count) throw new Error(`Cannot benchmark: expected ${count} hook runs a turn`);
    },
    close: () => booted.close(),
  };
}

console.log(`hooks overhead, ${runs} runs each (${defaultShell()[0]} -c, ${navigator.hardwareConcurrency} CPUs)`);
const spawn = await measure("(a) 1 bare spawn: $SHELL -c 'printf {}'", () => bareSpawn());
const spawnGroup = await measure("(b) 1 bare spawn in its own process group", () => bareSpawn({ detached: true }));
const spawn8 = await measure("(c) 8 of (b) at once", eightAtOnce(() => bareSpawn({ detached: true })));
const [engine1, engine8] = [engineWith(1), engineWith(8)];
const one = await measure("(d) HookEngine.run PreToolUse, 1 hook", () => engineRun(engine1, 1));
const eight = await measure("(e) HookEngine.run PreToolUse, 8 hooks", () => engineRun(engine8, 8));
const slow = `sleep 0.05; ${HOOK}`;
const [slow1, slow8] = [engineWith(1, slow), engineWith(8, slow)];
const slowOne = await measure("(f) HookEngine.run, 1 hook taking 50 ms", () => engineRun(slow1, 1), 20);
const slowEight = await measure("(g) HookEngine.run, 8 hooks taking 50 ms", () => engineRun(slow8, 8), 20);
const turnMedians: number[] = [];
for (const count of [0, 1, 8]) {
  const t = await turns(count);
  const label = `(${"hij"[turnMedians.length]}) turn with a tool call, ${count} PreToolUse hook${
    count === 1 ? "" : "s"
  }`;
  turnMedians.push(await measure(label, t.turn));
  await t.close();
}
await Deno.remove(root, { recursive: true });
// For comparison: 8 ungrouped spawns at once, and 8 grouped through setsid(1) rather than `detached`.
await measure("(k) 8 of (a) at once", eightAtOnce(() => bareSpawn()));
const setsid = await new Deno.Command("setsid", { args: ["true"] }).output().then((o) => o.success, () => false);
if (setsid) await measure("(l) 8 at once, grouped by setsid(1)", eightAtOnce(() => bareSpawn({ viaSetsid: true })));

const width = Math.max(...rows.map((r) => r.label.length));
console.log(`${"".padEnd(width)}  ${"median".padStart(9)}  ${"p90".padStart(9)}`);
for (const r of rows) {
  console.log(`${r.label.padEnd(width)}  ${r.median.toFixed(2).padStart(6)} ms  ${r.p90.toFixed(2).padStart(6)} ms`);
}
const [bare, withOne, withEight] = turnMedians;
console.log(
  `overhead on a tool call: 1 hook +${(withOne - bare).toFixed(2)} ms, 8 hooks +${(withEight - bare).toFixed(2)} ms`,
);
const ratio = (a: number, b: number) => (a / b).toFixed(2);
console.log(
  `8 hooks vs 1 hook: (e)/(d) = ${ratio(eight, one)}; with 50 ms hooks (g)/(f) = ${ratio(slowEight, slowOne)}`,
);
console.log(
  `8 hooks vs one spawn (target: about 1, not 8): (e)/(a) = ${ratio(eight, spawn)}, (e)/(b) = ${
    ratio(eight, spawnGroup)
  }; the floor, 8 grouped spawns at once, (c)/(b) = ${ratio(spawn8, spawnGroup)}`,
);
