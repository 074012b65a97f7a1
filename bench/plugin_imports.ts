/**
 * @module
 * How long importing the default plugins' entry modules takes, in a fresh process each time:
 * one dynamic `import()` per plugin (what the host did before) against one `ImportBatch` (a
 * barrel module importing them all, what it does now). Deno builds a module graph per dynamic
 * import, which is what the batch saves.
 *
 *   deno run -A bench/plugin_imports.ts [--runs 15]
 */
import { fromFileUrl, join } from "@std/path";

const runsFlag = Deno.args.indexOf("--runs");
const runs = runsFlag >= 0 ? Number(Deno.args[runsFlag + 1]) : 15;
const root = fromFileUrl(new URL("..", import.meta.url));
const entries = [
  "plugins/store",
  "plugins/project_docs",
  "plugins/environment",
  "plugins/openai",
  "plugins/scripted",
  "tools/shell",
  "tools/apply_patch",
  "tools/mcp",
  "tools/dynamic",
  "tools/update_plan",
  "tools/request_user_input",
  "tools/view_image",
  "plugins/skills",
  "hooks",
].map((dir) => new URL(`../${dir}/mod.ts`, import.meta.url).href);

const scratch = await Deno.makeTempDir({ prefix: "tern-bench-imports-" });
const kernel = new URL("../kernel/mod.ts", import.meta.url).href;
const batchModule = new URL("../kernel/startup/_import_batch.ts", import.meta.url).href;
const scripts = {
  "one import() per plugin": `await import(${JSON.stringify(kernel)});
const urls = ${JSON.stringify(entries)};
const started = performance.now();
await Promise.all(urls.map((url) => import(url)));
console.log(performance.now() - started);`,
  "one ImportBatch": `await import(${JSON.stringify(kernel)});
const { ImportBatch } = await import(${JSON.stringify(batchModule)});
const urls = ${JSON.stringify(entries)};
const started = performance.now();
const batch = new ImportBatch(urls.length, ${JSON.stringify(join(scratch, "cache"))});
await Promise.all(urls.map((url) => batch.add(url)));
console.log(performance.now() - started);`,
};

const results: [string, number[]][] = [];
for (const [name, source] of Object.entries(scripts)) {
  const file = join(scratch, `${name.replaceAll(/\W+/g, "_")}.ts`);
  await Deno.writeTextFile(file, source);
  const samples: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--no-check", "--config", join(root, "deno.json"), file],
      stderr: "inherit",
    }).output();
    if (!out.success) throw new Error(`${name}: the import script failed`);
    if (i > 0) samples.push(Number(new TextDecoder().decode(out.stdout))); // run 0 warms the caches
  }
  results.push([name, samples]);
}
await Deno.remove(scratch, { recursive: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`Importing ${entries.length} plugin entries in a fresh process; median of ${runs} runs\n`);
console.log("| how | median (ms) | min (ms) |\n|---|---:|---:|");
for (const [name, samples] of results) {
  console.log(`| ${name} | ${median(samples).toFixed(1)} | ${Math.min(...samples).toFixed(1)} |`);
}
