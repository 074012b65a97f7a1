/**
 * @module
 * Benchmark of skill discovery: 1,000 skills spread over 100 extra roots (10 each, half of them
 * one folder deeper), found and parsed by the skills plugin's `loadCatalog()` with no cache.
 * Two kinds of frontmatter: simple `key: value` lines (read by the fast path) and frontmatter
 * with a list (read by `@std/yaml`). Prints the first (cold) run and the median, minimum and
 * maximum of the others.
 *
 *   deno run -A bench/skills_discovery.ts [--runs 15] [--roots 100] [--per-root 10]
 */
import { join } from "@std/path";
import { loadCatalog } from "../plugins/skills/catalog.ts";

const flag = (name: string, fallback: number) => {
  const i = Deno.args.indexOf(name);
  return i >= 0 ? Number(Deno.args[i + 1]) : fallback;
};
const runs = flag("--runs", 15);
const rootCount = flag("--roots", 100);
const perRoot = flag("--per-root", 10);

const FRONTMATTER = {
  simple: (r: number, s: number) =>
    `name: skill-${r}-${s}\ndescription: Does task ${s} of area ${r}, with enough words to look real.\n` +
    `metadata:\n  short-description: Task ${s}\n`,
  yaml: (r: number, s: number) =>
    `name: skill-${r}-${s}\ndescription: "Does task ${s} of area ${r}: with a colon, so it is quoted."\n` +
    `metadata:\n  short-description: Task ${s}\n  env:\n    - name: TOKEN_${s}\n      description: a token\n`,
};

for (const [kind, frontmatter] of Object.entries(FRONTMATTER)) {
  const scratch = await Deno.realPath(await Deno.makeTempDir({ prefix: "tern-skills-bench-" }));
  try {
    const roots: string[] = [];
    for (let r = 0; r < rootCount; r++) {
      const root = join(scratch, `root-${r}`);
      roots.push(root);
      for (let s = 0; s < perRoot; s++) {
        const dir = s % 2 ? join(root, `group-${s % 3}`, `skill-${r}-${s}`) : join(root, `skill-${r}-${s}`);
        await Deno.mkdir(join(dir, "scripts"), { recursive: true });
        const body = `# Skill ${r}-${s}\n\n${"Step. ".repeat(200)}\n`;
        await Deno.writeTextFile(join(dir, "SKILL.md"), `---\n${frontmatter(r, s)}---\n\n${body}`);
        await Deno.writeTextFile(join(dir, "scripts", "run.sh"), "#!/bin/sh\necho hi\n");
      }
    }
    const cwd = join(scratch, "ws");
    await Deno.mkdir(join(cwd, ".git"), { recursive: true });
    const options = { ternHome: join(scratch, "home"), home: null, extraRoots: roots };

    const times: number[] = [];
    let found = 0;
    for (let i = 0; i <= runs; i++) {
      const started = performance.now();
      const catalog = await loadCatalog(cwd, options);
      times.push(performance.now() - started);
      found = catalog.skills.length;
      if (catalog.errors.length) throw new Error(`unexpected errors: ${JSON.stringify(catalog.errors[0])}`);
    }
    const [first, ...rest] = times;
    const sorted = [...rest].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(`skills discovery, ${kind} frontmatter: ${found} skills in ${rootCount} roots, ${runs} runs`);
    console.log(
      `  first ${first.toFixed(1)} ms; median ${median.toFixed(1)} ms, min ${sorted[0].toFixed(1)} ms, ` +
        `max ${sorted.at(-1)!.toFixed(1)} ms`,
    );
  } finally {
    await Deno.remove(scratch, { recursive: true });
  }
}
