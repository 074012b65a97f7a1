/**
 * @module
 * Benchmark of `apply_patch` on a 10,000-line file with 100 update chunks (each with an `@@`
 * context line, 3 lines of context on both sides, one line replaced). Prints the median of many
 * runs for the in-memory apply (parse, match, replace: the target is under 30 ms) and for the
 * whole tool call on a real file (read, plan, item diffs, write, turn diff).
 *
 *   deno run -A bench/apply_patch.ts            # 200 in-memory runs, 50 tool calls
 *   deno run -A bench/apply_patch.ts --runs 500
 */
import { join } from "@std/path";
import { recordingToolContext, type ToolContext } from "../kernel/mod.ts";
import { applyChunks } from "../tools/apply_patch/apply_chunks.ts";
import { createApplyPatchTool } from "../tools/apply_patch/apply_patch_tool.ts";
import { parsePatch } from "../tools/apply_patch/parser.ts";

const LINES = 10_000;
const CHUNKS = 100;
const runsArg = Deno.args.indexOf("--runs");
const runs = runsArg >= 0 ? Number(Deno.args[runsArg + 1]) : 200;

const original = Array.from(
  { length: LINES },
  (_, i) => `    value_${i} = compute(${i}, "item ${i % 97}")  # line ${i}`,
);
const text = original.join("\n") + "\n";
const body: string[] = ["*** Begin Patch", "*** Update File: big.py"];
for (let c = 0; c < CHUNKS; c++) {
  const at = c * (LINES / CHUNKS) + 50;
  body.push(`@@ ${original[at - 10]}`);
  for (let k = at - 3; k < at; k++) body.push(` ${original[k]}`);
  body.push(`-${original[at]}`, `+    value_${at} = replaced(${at})`);
  for (let k = at + 1; k <= at + 3; k++) body.push(` ${original[k]}`);
}
body.push("*** End Patch");
const patch = body.join("\n") + "\n";

function median(samples: number[]): number {
  const sorted = samples.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// In memory: parse the patch and apply its chunks to the file's text.
const memory: number[] = [];
let result = "";
for (let i = 0; i < runs + 10; i++) {
  const start = performance.now();
  const { hunks } = parsePatch(patch);
  const hunk = hunks[0];
  if (hunk.type !== "update") throw new Error("Cannot run the benchmark: the patch did not parse as an update");
  result = applyChunks(text, hunk.chunks, hunk.path).text;
  if (i >= 10) memory.push(performance.now() - start);
}
const changed = result.split("\n").filter((line) => line.includes("replaced(")).length;
if (changed !== CHUNKS) throw new Error(`Cannot trust the benchmark: ${changed} of ${CHUNKS} lines were replaced`);

// The same, on a file whose lines all carry trailing spaces: every chunk fails the exact pass first.
const padded = original.map((line) => line + "  ").join("\n") + "\n";
const fuzzy: number[] = [];
for (let i = 0; i < runs + 10; i++) {
  const start = performance.now();
  const hunk = parsePatch(patch).hunks[0];
  if (hunk.type === "update") applyChunks(padded, hunk.chunks, hunk.path);
  if (i >= 10) fuzzy.push(performance.now() - start);
}

// The whole tool call, on a real file, each call in a new turn (a first touch).
const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "tern-bench-apply-" }));
const tool = createApplyPatchTool();
const toolRuns = Math.max(10, Math.floor(runs / 4));
const calls: number[] = [];
for (let i = 0; i < toolRuns + 3; i++) {
  await Deno.writeTextFile(join(dir, "big.py"), text);
  const ctx = benchContext(dir, `turn-${i}`);
  const start = performance.now();
  const outcome = await tool.execute(patch, ctx);
  const elapsed = performance.now() - start;
  if (!outcome.success) throw new Error(`Cannot run the benchmark: ${outcome.output}`);
  if (i >= 3) calls.push(elapsed);
}
await Deno.remove(dir, { recursive: true });

const memoryMs = median(memory);
console.log(`apply_patch: ${LINES}-line file, ${CHUNKS} update chunks`);
console.log(
  `  in-memory apply (parse + match + replace): median ${memoryMs.toFixed(2)} ms over ${memory.length} runs` +
    ` (target < 30 ms: ${memoryMs < 30 ? "met" : "MISSED"})`,
);
console.log(
  `  in-memory apply, every line matched by the trailing-whitespace pass: median ${median(fuzzy).toFixed(2)} ms`,
);
console.log(
  `  whole tool call (read, plan, diffs, write, turn diff): median ${
    median(calls).toFixed(2)
  } ms over ${calls.length} runs`,
);

/** A context with no sandbox, no approvals and no listeners. */
function benchContext(cwd: string, turnId: string): ToolContext {
  return { ...recordingToolContext({ cwd, toolName: "apply_patch", record: false }).ctx, threadId: "bench", turnId };
}
