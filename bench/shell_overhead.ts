/**
 * @module
 * What the shell tool adds to running `true` beyond spawning the process: the median of many runs
 * of (a) `new Deno.Command("/bin/sh", { args: ["-c", "true"] }).output()` and (b) `shell_command`'s
 * `execute()` with `danger-full-access` and approval policy `never` (item events, approval gate,
 * streaming, formatting). Target: (b) - (a) under 5 ms. Then (c) the same call sandboxed in
 * `workspace-write` with each backend that works here (bubblewrap, Landlock + seccomp): target under
 * 15 ms more than (a) for Landlock. Confined workers are reused across calls with the same policy;
 * (d) times Landlock with a new policy each call (the spare worker confines itself first).
 *
 *   deno run -A bench/shell_overhead.ts [--runs 200]
 */
import { recordingToolContext, type SandboxPolicy, type ToolContext } from "../kernel/mod.ts";
import { closeConfinement, describeSandbox, detectSandbox, type SandboxBackendChoice } from "../lib/sandbox/mod.ts";
import { denoShellOperations } from "../tools/shell/operations.ts";
import { createShellCommandTool } from "../tools/shell/shell_command.ts";

const runsFlag = Deno.args.indexOf("--runs");
const runs = runsFlag === -1 ? 200 : Number(Deno.args[runsFlag + 1]);
const cwd = await Deno.makeTempDir({ prefix: "tern-bench-shell-" });

function context(sandbox: SandboxPolicy): ToolContext {
  return recordingToolContext({ cwd, toolName: "shell_command", sandbox, record: false }).ctx;
}

async function median(label: string, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 10; i++) await fn(); // warm up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const mid = samples[Math.floor(samples.length / 2)];
  console.log(
    `${label.padEnd(44)} median ${mid.toFixed(2)} ms  (p90 ${samples[Math.floor(runs * 0.9)].toFixed(2)} ms)`,
  );
  return mid;
}

const tool = createShellCommandTool({ shell: "/bin/sh" });
const full: SandboxPolicy = { mode: "danger-full-access", writableRoots: ["/"], networkAccess: true };
const sandboxed: SandboxPolicy = { mode: "workspace-write", writableRoots: [cwd], networkAccess: false };

console.log(`shell overhead, ${runs} runs each`);
const spawn = await median(
  "(a) Deno.Command /bin/sh -c true",
  () => new Deno.Command("/bin/sh", { args: ["-c", "true"], stdout: "piped", stderr: "piped" }).output(),
);
const viaTool = await median("(b) shell_command, danger-full-access, never", async () => {
  const result = await tool.execute({ command: "true" }, context(full));
  if (result.success === false) throw new Error(`Benchmark run failed: ${result.output}`);
});
const overhead = viaTool - spawn;
console.log(`overhead (b) - (a): ${overhead.toFixed(2)} ms (target < 5 ms) ${overhead < 5 ? "ok" : "OVER TARGET"}`);

for (const choice of ["bwrap", "landlock", "seatbelt"] as SandboxBackendChoice[]) {
  const support = await detectSandbox(choice);
  if (support.kind === "none") {
    console.log(`(c) ${choice}: skipped, ${support.reason}`);
    continue;
  }
  const inSandbox = createShellCommandTool({
    shell: "/bin/sh",
    operations: { ...denoShellOperations, sandbox: () => Promise.resolve(support) },
  });
  const mid = await median(`(c) shell_command, workspace-write, ${choice}`, async () => {
    const result = await inSandbox.execute({ command: "true" }, context(sandboxed));
    if (result.success === false) throw new Error(`Benchmark run failed: ${result.output}`);
  });
  console.log(`    ${describeSandbox(support)}: ${(mid - spawn).toFixed(2)} ms over a bare spawn`);
  if (choice !== "landlock") continue;
  // A policy no kept worker has (another workspace): the spare worker takes it. Commands 150 ms
  // apart, as a model's are at least, so the next spare is ready; only the command is timed.
  const samples: number[] = [];
  for (let i = 0; i < Math.min(runs, 40); i++) {
    const root = await Deno.makeTempDir({ dir: cwd });
    const policy: SandboxPolicy = { mode: "workspace-write", writableRoots: [root], networkAccess: false };
    await new Promise((r) => setTimeout(r, 150));
    const start = performance.now();
    const result = await inSandbox.execute({ command: "true" }, context(policy));
    if (result.success === false) throw new Error(`Benchmark run failed: ${result.output}`);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  console.log(
    `(d) the same, a new workspace each time         median ${samples[samples.length >> 1].toFixed(2)} ms  ` +
      `(p90 ${samples[Math.floor(samples.length * 0.9)].toFixed(2)} ms)`,
  );
}
closeConfinement();
await Deno.remove(cwd, { recursive: true });
