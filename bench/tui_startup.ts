/**
 * @module
 * Start-up of the interactive session: from spawning `bin/tern` in a pseudo-terminal (util-linux
 * `script`) to its composer drawn, to two keys typed the moment it shows echoed on screen, and to
 * the session's own editor live (its key hints, `enter send`), median of N runs
 * after a warm-up, on the scripted model. Beside it, for reference: `tern exec` start-up (to its
 * exit, one scripted turn with no model call) and, when `--codex PATH` is given (or `CODEX_BIN`),
 * Codex's TUI to its composer (its placeholder) and to a key typed then echoed, against a mock model server with an API-key
 * login and a trusted workspace, as /work/shared/reference/notes/codex_tui.md ran it.
 *
 *   deno run -A bench/tui_startup.ts [--runs 7] [--codex /path/to/node_modules/.bin/codex] [--before OTHER_CHECKOUT]
 */
import { join } from "@std/path";
import { startMockModelServer } from "../test/support/mock_model.ts";
import { PtyProgram } from "./pty_timing.ts";

const argv = [...Deno.args];
const flag = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const runs = Number(flag("--runs") ?? 7);
const codex = flag("--codex") ?? Deno.env.get("CODEX_BIN");
const root = new URL("..", import.meta.url).pathname;
// `--before DIR`: another checkout's `bin/tern` too, its runs alternating with this one's (a before/after comparison
// on a machine whose load moves).
const before = flag("--before");
const tern = join(root, "bin", "tern");

/** ms from spawning `cmd` to its exit. */
async function msToExit(cmd: string[], env: Record<string, string>, cwd: string): Promise<number> {
  const start = performance.now();
  const out = await new Deno.Command(cmd[0], { args: cmd.slice(1), env, cwd, stdout: "null", stderr: "piped" })
    .output();
  if (!out.success) throw new Error(`${cmd.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  return performance.now() - start;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Runs `once` (one figure per name) after a warm-up, `runs` times; prints each name's median, min and max. */
async function measure(names: string[], once: () => Promise<number[]>) {
  await once(); // warm-up: code cache, npm cache, start-up bundle
  const samples: number[][] = names.map(() => []);
  for (let i = 0; i < runs; i++) (await once()).forEach((ms, j) => samples[j].push(ms));
  names.forEach((name, j) => {
    const sorted = samples[j].filter((ms) => !Number.isNaN(ms)).sort((a, b) => a - b);
    if (!sorted.length) return console.log(`  ${name.padEnd(44)} not shown`);
    const [min, max] = [sorted[0], sorted[sorted.length - 1]].map((ms) => ms.toFixed(0));
    console.log(`  ${name.padEnd(44)} median ${median(sorted).toFixed(0).padStart(5)} ms  (min ${min}, max ${max})`);
  });
}

const scratch = await Deno.makeTempDir({ prefix: "tern-bench-tui-startup-" });
const workspace = join(scratch, "ws");
await Deno.mkdir(join(workspace, ".git"), { recursive: true });
const ternEnv = { TERN_HOME: join(scratch, "tern-home"), HOME: scratch, NO_COLOR: "1" };
const scripted = ["-c", 'model_provider="scripted"', "-c", "scripted.responses=[]"];
const quote = (a: string) => `'${a.replaceAll("'", `'\\''`)}'`;

// The launcher asks for a start-up bundle in the background when it is stale: build it first.
for (const dir of before ? [root, before] : [root]) {
  await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-check", "--config", join(dir, "deno.json"), join(dir, "startup/build.ts"), "--if-stale"],
  }).output();
}

console.log(`Start-up (${runs} runs after a warm-up; this machine: ${navigator.hardwareConcurrency} cores)`);
const session = (dir: string) => [join(dir, "bin", "tern"), ...scripted].map(quote).join(" ");

/**
 * One start of a TUI in a pseudo-terminal: ms from spawning it to its composer drawn (`composer`
 * shows), to two keys typed the moment it shows echoed on screen, and (when given) to `live` showing.
 */
async function startOnce(command: string, composer: string, env: Record<string, string>, live?: string) {
  const program = new PtyProgram(command, { env, cwd: workspace });
  try {
    const drawn = await program.waitFor((p) => p.text().includes(composer));
    await program.type("zq");
    const echoed = await program.waitFor((p) => p.text().includes("zq"));
    const ready = live ? await program.waitFor((p) => p.text().includes(live)) : NaN;
    return [drawn, echoed, ready].map((at) => at - program.started);
  } finally {
    await program.kill();
  }
}

// The first frame (the composer's box, "starting"), a key typed then echoed, then the session's own editor (its key hints).
await measure(
  before
    ? [
      "tern, its composer drawn",
      "tern, a key typed then echoed",
      "tern, the session's editor live",
      "before: composer drawn",
      "before: key echoed",
      "before: editor live",
    ]
    : ["tern, its composer drawn", "tern, a key typed then echoed", "tern, the session's editor live"],
  async () => [
    ...await startOnce(session(root), "starting", ternEnv, "enter send"),
    ...(before ? await startOnce(session(before), "starting", ternEnv, "enter send") : []),
  ],
);
await measure(["tern exec, a scripted answer, to exit"], async () => [
  await msToExit(
    [tern, "-c", 'model_provider="scripted"', "-c", 'scripted.responses=[[{say="Hi."}]]', "exec", "hi"],
    ternEnv,
    workspace,
  ),
]);

if (codex) {
  const mock = await startMockModelServer();
  const codexHome = join(scratch, "codex-home");
  await Deno.mkdir(codexHome, { recursive: true });
  await Deno.writeTextFile(
    join(codexHome, "config.toml"),
    `openai_base_url = "${mock.url}/v1"\nmodel = "gpt-5.1"\n[projects.${
      JSON.stringify(workspace)
    }]\ntrust_level = "trusted"\n` +
      `[notice]\nhide_full_access_warning = true\n`,
  );
  await Deno.writeTextFile(join(codexHome, "auth.json"), JSON.stringify({ OPENAI_API_KEY: "sk-bench" }));
  const codexEnv = { ...ternEnv, CODEX_HOME: codexHome };
  await measure(
    ["codex 0.169, its composer drawn", "codex 0.169, a key typed then echoed"],
    async () =>
      (await startOnce([codex, "-c", `openai_base_url="${mock.url}/v1"`].map(quote).join(" "), "Ask Codex", codexEnv))
        .slice(0, 2),
  );
  await mock.close();
}
await Deno.remove(scratch, { recursive: true });
