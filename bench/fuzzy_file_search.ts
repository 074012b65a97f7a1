/**
 * @module
 * Benchmark of `fuzzyFileSearch` on a large tree: writes 100,000 files (plus 20,000 under a
 * `.gitignore`d folder the index must skip), indexes the tree once, then types queries a key at a
 * time and times each keystroke's match. It times both matchers considered, `fuzzysort` (used) and
 * `fzf` (the npm port of fzf's algorithm), on the same paths, so the choice can be checked again.
 *
 *   deno run -A bench/fuzzy_file_search.ts [--files 100000] [--tree DIR]
 *
 * `--tree DIR` writes the tree in DIR (when it is not there yet) and keeps it for the next run.
 */
import { Fzf } from "fzf";
import { buildFileIndex } from "../plugins/app_server/file_index.ts";

const filesArg = Deno.args.indexOf("--files");
const FILES = filesArg >= 0 ? Number(Deno.args[filesArg + 1]) : 100_000;
const QUERIES = ["srccompbutton", "tern/plugin/index", "readme", "utl42cfg", "zzzqqq"];

const treeArg = Deno.args.indexOf("--tree");
const kept = treeArg >= 0 ? Deno.args[treeArg + 1] : null;
const root = kept ?? await Deno.makeTempDir({ prefix: "tern-fuzzy-bench-" });
try {
  if (!kept || !(await Deno.stat(`${root}/README.md`).then(() => true, () => false))) {
    const made = performance.now();
    await Deno.mkdir(root, { recursive: true });
    await writeTree(root, FILES);
    console.log(`tree: ${FILES} files (+ ${FILES / 5} ignored) written in ${ms(performance.now() - made)}`);
  }

  const t0 = performance.now();
  const index = await buildFileIndex(root);
  console.log(`index: ${index.entries.length} entries in ${ms(performance.now() - t0)} (walk, .gitignore, prepare)`);
  if (index.entries.some((e) => e.path.startsWith("vendor/"))) throw new Error("the ignored folder was indexed");

  const paths = index.entries.map((e) => e.path);
  const f0 = performance.now();
  const fzf = new Fzf(paths, { limit: 50 });
  console.log(`fzf: prepared in ${ms(performance.now() - f0)}`);

  report("fuzzysort (used)", (q) => index.match(q).length);
  report("fzf", (q) => fzf.find(q).length);
} finally {
  if (!kept) await Deno.remove(root, { recursive: true });
}

/** Types every query a key at a time and prints per-keystroke latency. */
function report(name: string, match: (query: string) => number): void {
  const samples: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const query of QUERIES) {
      for (let i = 1; i <= query.length; i++) {
        const start = performance.now();
        match(query.slice(0, i));
        samples.push(performance.now() - start);
      }
    }
  }
  samples.sort((a, b) => a - b);
  const pick = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
  console.log(
    `${name}: ${samples.length} keystrokes, p50 ${ms(pick(0.5))}, p95 ${ms(pick(0.95))}, ` +
      `p99 ${ms(pick(0.99))}, max ${ms(samples[samples.length - 1])}`,
  );
}

/** A tree of `count` files shaped like a monorepo: packages, nested source folders, tests. */
async function writeTree(dir: string, count: number): Promise<void> {
  const words = ["src", "lib", "components", "utils", "config", "tern", "plugin", "button", "index", "core"];
  const dirs = new Set<string>();
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const a = words[i % 10], b = words[Math.floor(i / 10) % 10], c = words[Math.floor(i / 100) % 10];
    const folder = `pkg${Math.floor(i / 1000)}/${a}/${b}${Math.floor(i / 5000)}`;
    dirs.add(folder);
    files.push(`${folder}/${c}_${i}.ts`);
  }
  for (let i = 0; i < count / 5; i++) {
    const folder = `vendor/dep${Math.floor(i / 100)}`;
    dirs.add(folder);
    files.push(`${folder}/file${i}.js`);
  }
  for (const folder of dirs) await Deno.mkdir(`${dir}/${folder}`, { recursive: true });
  await Promise.all(
    chunks(files, 64).map(async (chunk) => {
      for (const file of chunk) await Deno.writeTextFile(`${dir}/${file}`, "");
    }),
  );
  await Deno.writeTextFile(`${dir}/.gitignore`, "vendor/\n");
  await Deno.writeTextFile(`${dir}/README.md`, "");
}

function chunks<T>(items: T[], n: number): T[][] {
  const out: T[][] = Array.from({ length: n }, () => []);
  items.forEach((item, i) => out[i % n].push(item));
  return out;
}

function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}
