/**
 * @module
 * Whole-process benchmark of one scripted `exec --json` turn (a shell call, then an answer)
 * against an instant mock model server: wall time, time from process start to the first model
 * request, and peak memory (via GNU time when installed). Runs Tern as `deno task tern` and through
 * its `bin/tern` launcher (both from the start-up bundle, built first if stale), and the Codex CLI
 * side by side when `--codex PATH` (or `CODEX_BIN`) is given.
 *
 *   deno task bench                         # Tern only, 10 runs each
 *   deno task bench --runs 20 --codex "$(npm root -g)/@openai/codex/bin/codex.js"
 */
import { fromFileUrl, join } from "@std/path";
import { ev, startMockModelServer, turnOf } from "../test/support/mock_model.ts";

const args = parseArgs(Deno.args);
const root = fromFileUrl(new URL("..", import.meta.url));
const mock = await startMockModelServer();
const scratch = await Deno.makeTempDir({ prefix: "tern-bench-" });
const workspace = join(scratch, "ws");
await Deno.mkdir(join(workspace, ".git"), { recursive: true });
const hasGnuTime = await exists("/usr/bin/time");

interface Sample {
  wallMs: number;
  firstRequestMs: number;
  peakMiB: number | null;
}

interface Subject {
  name: string;
  cmd: string[];
  env: Record<string, string>;
}

const prompt = "run echo, then answer";
const subjects: Subject[] = [
  {
    name: "tern (deno task tern)",
    cmd: [Deno.execPath(), "task", "--quiet", "--config", join(root, "deno.json"), "tern", ...ternArgs()],
    env: { TERN_HOME: join(scratch, "tern-home"), INIT_CWD: workspace },
  },
  {
    // The launcher runs `deno run` with the same flags as the task, without the task runner's process.
    name: "tern (bin/tern)",
    cmd: [join(root, "bin", "tern"), ...ternArgs()],
    env: { TERN_HOME: join(scratch, "tern-home"), DENO: Deno.execPath() },
  },
];
if (args.codex) subjects.push(await codexSubject(args.codex));

// Tern runs from its start-up bundle when it is fresh (tern.ts): make sure it is, so every run measures the same path.
const built = await new Deno.Command(Deno.execPath(), {
  args: [
    "run",
    "-A",
    "--no-check",
    "--config",
    join(root, "deno.json"),
    join(root, "startup", "build.ts"),
    "--if-stale",
  ],
  stdout: "inherit",
  stderr: "inherit",
}).output();
if (!built.success) console.error("warning: no start-up bundle; Tern runs from the sources");

const results: { name: string; samples: Sample[] }[] = [];
// Round robin, so a slow spell on a shared machine falls on every subject alike.
for (const subject of subjects) {
  await runOnce(subject); // warm-up: caches, first compile
  results.push({ name: subject.name, samples: [] });
}
for (let i = 0; i < args.runs; i++) {
  for (const [index, subject] of subjects.entries()) results[index].samples.push(await runOnce(subject));
}
await mock.close();
await Deno.remove(scratch, { recursive: true });

console.log(`\nOne exec --json turn (shell call + answer), instant mock model; median of ${args.runs} runs\n`);
console.log("| subject | wall (ms) | first model request (ms) | peak RSS (MiB) |");
console.log("|---|---:|---:|---:|");
for (const { name, samples } of results) {
  const peaks = samples.map((s) => s.peakMiB).filter((p): p is number => p !== null);
  console.log(
    `| ${name} | ${median(samples.map((s) => s.wallMs)).toFixed(0)} | ${
      median(samples.map((s) => s.firstRequestMs)).toFixed(0)
    } | ${peaks.length ? median(peaks).toFixed(1) : "n/a"} |`,
  );
}

/** Both CLIs run without a sandbox (`danger-full-access`), so the figures compare the runtimes. */
function ternArgs(): string[] {
  return ["exec", "--json", "-s", "danger-full-access", "-c", `openai_base_url=${JSON.stringify(mock.url)}`, prompt];
}

async function runOnce(subject: Subject): Promise<Sample> {
  mock.enqueue(
    turnOf(ev.functionCall("call_1", "shell_command", { command: "echo hi", workdir: "." })),
    turnOf(ev.assistantMessage("msg_1", "It printed hi.")),
  );
  const before = mock.requests.length;
  const cmd = hasGnuTime ? ["/usr/bin/time", "-f", "PEAK_KB=%M", ...subject.cmd] : subject.cmd;
  const start = performance.timeOrigin + performance.now();
  const out = await new Deno.Command(cmd[0], {
    args: cmd.slice(1),
    cwd: workspace,
    env: { OPENAI_API_KEY: "bench", NO_COLOR: "1", ...subject.env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const end = performance.timeOrigin + performance.now();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  if (!out.success || !stdout.includes("turn.completed")) {
    throw new Error(`${subject.name} failed (exit ${out.code}):\n${stdout}\n${stderr}`);
  }
  const first = mock.requests.slice(before).find((r) => r.path.endsWith("/responses"));
  const peak = stderr.match(/PEAK_KB=(\d+)/);
  return {
    wallMs: end - start,
    firstRequestMs: (first?.receivedAt ?? end) - start,
    peakMiB: peak ? Number(peak[1]) / 1024 : null,
  };
}

async function codexSubject(bin: string): Promise<Subject> {
  const home = join(scratch, "codex-home");
  await Deno.mkdir(home, { recursive: true });
  await Deno.writeTextFile(
    join(home, "config.toml"),
    [
      'model = "mock-model"',
      'model_provider = "mock"',
      'approval_policy = "never"',
      'sandbox_mode = "danger-full-access"',
      "[model_providers.mock]",
      'name = "mock"',
      `base_url = "${mock.url}"`,
      'wire_api = "responses"',
      "request_max_retries = 0",
      "stream_max_retries = 0",
      "supports_websockets = false",
    ].join("\n"),
  );
  const cmd = bin.endsWith(".js") ? ["node", bin] : [bin];
  return {
    name: "codex exec 0.169 (Rust)",
    cmd: [...cmd, "exec", "--json", "--skip-git-repo-check", prompt],
    env: { CODEX_HOME: home, HOME: scratch, PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin" },
  };
}

function parseArgs(argv: string[]): { runs: number; codex?: string } {
  const out: { runs: number; codex?: string } = { runs: 10, codex: Deno.env.get("CODEX_BIN") };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--runs") out.runs = Number(argv[++i]);
    else if (argv[i] === "--codex") out.codex = argv[++i];
    else throw new TypeError(`Cannot parse bench arguments: unknown "${argv[i]}"`);
  }
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
