/**
 * @module
 * The interactive session's drawing under load, end to end: the real `bin/tern` in a pseudo-terminal
 * (util-linux `script`) on the scripted model, as a person would see it.
 *
 * 1. Keystroke to screen with a 1,000-cell transcript: one turn answers with 1,000 messages (1,000
 *    cells), then `--keys` keys are typed 40 ms apart (more than pi-tui's 16 ms frame interval, so
 *    no key waits for a frame); each is timed from its write to the first bytes the terminal gets back.
 * 2. A stream of `--deltas` text deltas in one message, as fast as the scripted model makes them:
 *    the rate reached, the frames drawn meanwhile (pi-tui's synchronized-output frames; fewer frames
 *    than deltas means they were coalesced) and the bytes; then the same stream with Esc pressed
 *    `--esc-after` ms into it, timed to the turn shown interrupted; and the paced stream in `tern exec`
 *    (no session), the time the model and the kernel take for it.
 * 3. `tern resume --last` of a 1,000-turn thread, timed to a usable screen (the editor's key hints
 *    below the resumed turns).
 *
 *   deno run -A bench/tui_render.ts [--keys 200] [--deltas 10000] [--esc-after 300] [--runs 3]
 *     [--only keys,streams,resume] [--tern PATH]
 *
 * `--tern` runs another checkout's launcher (`bin/tern`), to compare two versions in the same conditions.
 */
import { join } from "@std/path";
import { PtyProgram } from "./pty_timing.ts";
import { makeSandbox } from "../test/support/tern_process.ts";
import { writeLongThread } from "../test/support/long_thread.ts";

const argv = [...Deno.args];
const flag = (name: string, fallback: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const keys = flag("--keys", 200);
const deltas = flag("--deltas", 10_000);
const escAfter = flag("--esc-after", 300);
const runs = flag("--runs", 3);
const option = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const only = new Set((option("--only") ?? "keys,streams,resume").split(","));
const tern = option("--tern") ?? join(new URL("..", import.meta.url).pathname, "bin", "tern");
const quote = (a: string) => `'${a.replaceAll("'", `'\\''`)}'`;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const ms = (x: number) => `${x.toFixed(1)} ms`;

const sandbox = await makeSandbox();
const env = { ...sandbox.env, TERM: "xterm-256color" };
const session = (responses: unknown[][], extra: string[] = []) =>
  [tern, "-c", 'model_provider="scripted"', "-c", `scripted.responses=${JSON.stringify(responses)}`, ...extra]
    .map(quote).join(" ");
const WORKED = (p: PtyProgram) => p.text().includes("Worked for");
console.log(`this machine: ${navigator.hardwareConcurrency} cores, load average ${await loadAverage()}`);

// 1. Keystroke to screen.
if (only.has("keys")) {
  const cells = Array.from({ length: 1000 }, (_, i) => ({ say: `Cell **${i + 1}**: some \`code\` and text.` }));
  const program = new PtyProgram(session([cells]), { env, cwd: sandbox.workspace });
  try {
    await program.waitFor((p) => p.text().includes("enter send"));
    await program.type("fill\r");
    await program.waitFor(WORKED, 120_000);
    await new Promise((r) => setTimeout(r, 300));
    const latencies: number[] = [];
    for (let i = 0; i < keys; i++) {
      const sent = await program.type(i % 20 === 19 ? "\x7f" : "k");
      latencies.push(await program.nextChunkAfter(sent) - sent);
      await new Promise((r) => setTimeout(r, 40));
    }
    console.log(
      `keystroke to screen, 1,000-cell transcript (${keys} keys): p50 ${ms(percentile(latencies, 0.5))}, ` +
        `p99 ${ms(percentile(latencies, 0.99))}, max ${ms(Math.max(...latencies))}`,
    );
  } finally {
    await program.kill();
  }
}

// 2. Streams. The scripted model splits a message into deltas of 3 words and emits them without
// pause; a `sleepMs` step between messages paces them. The script is too long for the command line:
// it goes in a file (`scripted.script`).
const viaScript = async (responses: unknown[][]) => {
  const file = join(sandbox.root, "script.json");
  await Deno.writeTextFile(file, JSON.stringify({ responses }));
  return [tern, "-c", 'model_provider="scripted"', "-c", `scripted.script=${JSON.stringify(file)}`].map(quote).join(
    " ",
  );
};
const text = (count: number, from = 0) => Array.from({ length: count * 3 }, (_, i) => `w${from + i}`).join(" ");
/** Runs one turn of `steps`; ms from Enter to the turn's end on screen, frames and bytes drawn meanwhile. */
async function streamed(steps: unknown[], escAt?: number) {
  const program = new PtyProgram(await viaScript([steps]), { env, cwd: sandbox.workspace });
  try {
    await program.waitFor((p) => p.text().includes("enter send"));
    const rawBefore = program.raw().length;
    const sent = await program.type("stream\r");
    let pressed = NaN;
    if (escAt !== undefined) {
      await program.waitFor((p) => p.text().includes("w0 "));
      await new Promise((r) => setTimeout(r, escAt));
      pressed = await program.type("\x1b");
    }
    const end = await program.waitFor((p) => WORKED(p), 120_000);
    const drawn = program.raw().slice(rawBefore);
    return {
      ms: end - sent,
      sinceEsc: end - pressed,
      interrupted: program.text().includes("Interrupted"),
      frames: drawn.split("\x1b[?2026h").length - 1,
      kib: drawn.length / 1024,
    };
  } finally {
    await program.kill();
  }
}
for (let run = 0; run < (only.has("streams") ? runs : 0); run++) {
  // All at once: one message of `deltas` deltas, as fast as the model side makes them.
  const burst = await streamed([{ say: text(deltas) }]);
  console.log(
    `burst: one message of ${deltas} deltas, Enter to the turn's end on screen ${ms(burst.ms)} ` +
      `(${(deltas / burst.ms * 1000).toFixed(0)} deltas/s end to end), ${burst.frames} frames, ${
        burst.kib.toFixed(0)
      } KiB`,
  );
  // Paced: `deltas` deltas over at least one second (100 messages of deltas/100, 10 ms apart).
  const per = deltas / 100;
  const paced = Array.from({ length: 100 }, (_, i) => [{ say: text(per, i * per * 3) }, { sleepMs: 10 }]).flat();
  const steady = await streamed(paced);
  console.log(
    `paced: ${deltas} deltas in 100 messages 10 ms apart (>= 1 s of model time): Enter to the end on screen ` +
      `${ms(steady.ms)}, ${steady.frames} frames (${(steady.frames / steady.ms * 1000).toFixed(0)}/s), ` +
      `${steady.kib.toFixed(0)} KiB`,
  );
  // The same stream without the session: `tern exec` of it, less `tern exec` of a one-word answer
  // (the start-up both pay): the model's and the kernel's own time, which the session cannot beat.
  const alone = await execMs(paced) - await execMs([{ say: "ok" }]);
  console.log(`the same paced stream in \`tern exec\` (its start-up taken off): ${ms(alone)}`);
  const esc = await streamed(paced, escAfter);
  console.log(
    `Esc ${escAfter} ms into the paced stream: the turn ended on screen ${ms(esc.sinceEsc)} later ` +
      `(${esc.interrupted ? "interrupted" : "NOT interrupted"})`,
  );
}

// 3. Resume of a 1,000-turn thread.
if (only.has("resume")) {
  const { threadId } = await writeLongThread(sandbox, 1000);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const program = new PtyProgram([tern, "resume", "--last"].map(quote).join(" "), { env, cwd: sandbox.workspace });
    try {
      const at = await program.waitFor((p) =>
        p.text().includes(`Resumed thread ${threadId}`) && p.text().includes("enter send")
      );
      times.push(at - program.started);
    } finally {
      await program.kill();
    }
  }
  console.log(`tern resume --last, 1,000 turns, to a usable screen: ${times.map((t) => t.toFixed(0)).join(", ")} ms`);
}
await sandbox.cleanup();

/** Ms from spawning `tern exec` on a one-turn script of `steps` to its exit. */
async function execMs(steps: unknown[]): Promise<number> {
  const file = join(sandbox.root, "exec_script.json");
  await Deno.writeTextFile(file, JSON.stringify({ responses: [steps] }));
  const start = performance.now();
  const { success } = await new Deno.Command(tern, {
    args: ["exec", "-c", 'model_provider="scripted"', "-c", `scripted.script=${JSON.stringify(file)}`, "go"],
    env,
    cwd: sandbox.workspace,
    stdout: "null",
    stderr: "null",
  }).output();
  if (!success) throw new Error("tern exec failed");
  return performance.now() - start;
}

async function loadAverage(): Promise<string> {
  return (await Deno.readTextFile("/proc/loadavg")).split(" ").slice(0, 3).join(" ");
}
