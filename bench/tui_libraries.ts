/**
 * @module
 * Measures terminal UI libraries for Tern's interactive session (docs/tui.md has the figures and
 * the decision): `deno run -A bench/tui_libraries.ts`.
 *
 * - First frame: each candidate's child script runs in a real pseudo-terminal (util-linux
 *   `script`), puts the terminal in raw mode and draws a line; the time is from spawning it to that
 *   line on the terminal, median of 5 runs after a warm-up. `baseline` is Deno with no library.
 * - Redraw: 1,000 finished Markdown cells, then 300 deltas streamed into a last cell, one frame
 *   each, on an in-memory 100x40 terminal: time per frame (p50, p99) and bytes written per frame.
 * - Highlighting: import plus the first TypeScript snippet, then the time per snippet.
 */
import { msToMarkers } from "./pty_timing.ts";

const here = new URL("./tui_libraries/", import.meta.url);
const child = (name: string) => new URL(name, here).pathname;
const DENO = Deno.execPath();

/** ms from spawning `command` in a pseudo-terminal to `marker` on it. */
async function msToMarker(command: string, marker = "READY-FRAME", env?: Record<string, string>): Promise<number> {
  return (await msToMarkers(command, [marker], env))[0];
}

const firstFrameMs = (script: string) => msToMarker(`${DENO} run -A --no-check ${child(script)}`);

async function runJson(script: string, ...args: string[]): Promise<Record<string, number>> {
  const out = await new Deno.Command(DENO, { args: ["run", "-A", "--no-check", child(script), ...args] }).output();
  if (!out.success) throw new Error(`${script} failed: ${new TextDecoder().decode(out.stderr)}`);
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n: number) => n.toFixed(1);

console.log("First frame in a pseudo-terminal (ms, median of 5):");
for (
  const [name, script] of [
    ["baseline", "baseline_first_frame.ts"],
    ["pi-tui", "pi_first_frame.ts"],
    ["ink", "ink_first_frame.ts"],
  ]
) {
  await firstFrameMs(script); // warm-up: npm cache, code cache
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) runs.push(await firstFrameMs(script));
  console.log(`  ${name.padEnd(10)} ${fmt(median(runs))}`);
}

// Tern itself: from `bin/tern` to its composer (the status line's key hints), on the scripted model.
const home = await Deno.makeTempDir({ prefix: "tern-bench-tui-" });
const tern = new URL("../bin/tern", import.meta.url).pathname;
const ternCommand = `${tern} -C ${home} -c 'model_provider="scripted"' -c 'scripted.responses=[]'`;
const ternEnv = { TERN_HOME: home, NO_COLOR: "1" };
await msToMarker(ternCommand, "enter send", ternEnv);
const ternRuns: number[] = [];
for (let i = 0; i < 5; i++) ternRuns.push(await msToMarker(ternCommand, "enter send", ternEnv));
console.log(`  ${"tern".padEnd(10)} ${fmt(median(ternRuns))} (to an editable composer)`);
await Deno.remove(home, { recursive: true });

console.log("\nRedraw with 1,000 cells, streaming 300 deltas (ms; bytes per frame):");
for (const [name, script] of [["pi-tui", "pi_redraw.ts"], ["ink", "ink_redraw.ts"]]) {
  const r = await runJson(script);
  console.log(
    `  ${name.padEnd(10)} fill ${fmt(r.fillMs)}  frame p50 ${fmt(r.frameP50)}  p99 ${fmt(r.frameP99)}  bytes ${
      fmt(r.bytesPerFrame)
    }`,
  );
}

console.log("\nCode highlighting (ms: import + first snippet; per snippet):");
for (const name of ["cli-highlight", "emphasize", "highlight.js-core", "marked-terminal"]) {
  await runJson("highlight_cost.ts", name);
  const r = await runJson("highlight_cost.ts", name);
  console.log(`  ${name.padEnd(18)} first ${fmt(r.firstMs)}  per snippet ${fmt(r.perSnippetMs)}`);
}
