/**
 * @module
 * The `tern exec` flow: parse arguments, check the workspace, read the prompt, start or resume a
 * thread, run one turn while rendering bus events (human or JSONL), and exit non-zero when the
 * turn does not complete. Ctrl-C interrupts the turn.
 */
import type { FrontEnd, ModelProvider, Notification, Thread, ThreadSettings, UserInput } from "../../kernel/mod.ts";
import { dirname, importOnUse, join, parseJsonText, resolve } from "../../kernel/mod.ts";
import { EXEC_HELP, type ExecArgs, parseExecArgs } from "./args.ts";
import { headlessPolicy, type LineReader, stdinLineReader, terminalResponder } from "./answers.ts";
import { HumanRenderer } from "./human.ts";
import { imageInput } from "./images.ts";
import { JsonlMapper } from "./jsonl.ts";
import { decodePrompt } from "./prompt_text.ts";

const encoder = new TextEncoder();

/** Where exec reads and writes; tests and embedders may swap it. */
export interface ExecIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  stdinIsTerminal: boolean;
  /** Whether stdout is a terminal (then it does not repeat the final message the transcript shows). */
  stdoutIsTerminal?: boolean;
  /** Whether stderr is a terminal (then running commands show live); needs `terminalSize`. */
  stderrIsTerminal?: boolean;
  /** The terminal's size, for the live block of running commands. */
  terminalSize?: () => { columns: number; rows: number };
  color: boolean;
  /** Reads the user's answers to approvals and questions (used only at a terminal). */
  readLine: LineReader;
}

/** The process's own stdin/stdout/stderr. */
export const processIo: ExecIo = {
  stdout: (text) => writeAll(Deno.stdout, text),
  stderr: (text) => writeAll(Deno.stderr, text),
  readStdin: async () => decodePrompt(await new Response(Deno.stdin.readable).bytes()),
  stdinIsTerminal: Deno.stdin.isTerminal(),
  stdoutIsTerminal: Deno.stdout.isTerminal(),
  stderrIsTerminal: Deno.stderr.isTerminal(),
  terminalSize: () => {
    try {
      return Deno.consoleSize();
    } catch {
      return { columns: 80, rows: 24 };
    }
  },
  color: Deno.stderr.isTerminal() && !Deno.env.get("NO_COLOR"),
  readLine: stdinLineReader(),
};

/** What `runExec()` may be given besides its arguments. */
export interface ExecOptions {
  /** Where exec reads and writes. @default processIo */
  io?: ExecIo;
  /** Registers a provider (the plugin's `api.providers.register`); `--record` needs it. */
  addProvider?: (provider: ModelProvider) => () => void;
}

/** Runs `tern exec`; resolves to the exit code. */
export async function runExec(argv: string[], runtime: FrontEnd, options: ExecOptions = {}): Promise<number> {
  let io = options.io ?? processIo;
  let args: ExecArgs;
  try {
    args = parseExecArgs(argv);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n`);
    return 2;
  }
  if (args.help) {
    io.stdout(EXEC_HELP);
    return 0;
  }
  if (args.color !== "auto") io = { ...io, color: args.color === "always" };
  for (const why of args.ignored) io.stderr(`warning: ${why}\n`);
  try {
    return await execute(args, runtime, io, options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (args.json) io.stdout(JSON.stringify({ type: "error", message }) + "\n");
    io.stderr(`Error: ${message}\n`);
    return 1;
  }
}

async function execute(args: ExecArgs, runtime: FrontEnd, io: ExecIo, options: ExecOptions): Promise<number> {
  const cwd = runtime.cwd;
  if (!args.skipGitRepoCheck && !runtime.loaded.trusted && !(await insideGitRepo(cwd))) {
    io.stderr(
      `Not inside a git repository or trusted project (${cwd}); pass --skip-git-repo-check to run here anyway\n`,
    );
    return 1;
  }
  const prompt = await readPrompt(args, io);
  const outputSchema = args.outputSchema ? await readSchema(resolve(cwd, args.outputSchema)) : undefined;
  let overrides: Partial<ThreadSettings> = args.bypass
    ? { sandboxMode: "danger-full-access" as const, approvalPolicy: "never" as const }
    : args.fullAuto
    ? { sandboxMode: "workspace-write" as const, approvalPolicy: "on-request" as const }
    : {};

  const input: UserInput[] = [
    ...(await Promise.all(args.images.map((path) => imageInput(path, cwd)))),
    { type: "text", text: prompt, text_elements: [] },
  ];

  const thread = await openThread(args, runtime, overrides, io);
  const recording = args.record ? await startRecording(args.record, { runtime, thread, options, prompt }) : null;
  // The override holds for this run only: the thread's stored provider stays the real one.
  if (recording) overrides = { ...overrides, modelProvider: recording.providerId };
  const mapper = new JsonlMapper();
  const live = !args.json && io.stderrIsTerminal && io.terminalSize ? await liveTail(io, io.terminalSize) : undefined;
  const stderr = live ? (text: string) => live.write(text) : io.stderr;
  const human = new HumanRenderer({
    out: io.stdout,
    err: stderr,
    color: io.color,
    outIsTerminal: io.stdoutIsTerminal,
    live,
  });
  let lastMessage = "";
  const unsubscribe = runtime.bus.onAny((n: Notification) => {
    if (!concerns(n, thread.id)) return;
    if (n.method === "item/completed" && n.params.item.type === "agentMessage") lastMessage = n.params.item.text;
    if (args.json) {
      const lines = mapper.map(n).map((e) => JSON.stringify(e)).join("\n");
      if (lines) io.stdout(lines + "\n");
    } else human.render(n);
  }, { owner: "exec" });

  if (args.json) io.stdout(JSON.stringify(mapper.threadStarted(thread.id)) + "\n");
  else {
    human.header({
      tern: runtime.cliVersion,
      workdir: thread.settings.cwd,
      model: `${thread.settings.model} (${thread.settings.modelProvider})`,
      sandbox: thread.settings.sandboxMode,
      approval: thread.settings.approvalPolicy,
      thread: thread.id,
      ...(args.resume ? { resumed: resumedLine(thread) } : {}),
      ...(thread.path ? { rollout: thread.path } : {}),
    });
  }

  // The user's answer ends with Enter, which the terminal echoes: the live block may be drawn again.
  const readLine: LineReader = live
    ? async (signal) => {
      const line = await io.readLine(signal);
      live.lineEnded();
      return line;
    }
    : io.readLine;
  runtime.bus.setRequestPolicy(headlessPolicy);
  const detach = io.stdinIsTerminal ? runtime.bus.attachResponder(terminalResponder(stderr, readLine)) : () => {};

  const onSigint = () => thread.interrupt();
  Deno.addSignalListener("SIGINT", onSigint);
  let status: string;
  try {
    status = (await thread.run(input, { overrides, outputSchema })).turn.status;
  } finally {
    Deno.removeSignalListener("SIGINT", onSigint);
    detach();
    await runtime.bus.idle();
    unsubscribe();
    live?.close();
    await recording?.finish();
  }
  if (args.outputLastMessage) await Deno.writeTextFile(resolve(cwd, args.outputLastMessage), lastMessage);
  return status === "completed" ? 0 : status === "interrupted" ? 130 : 1;
}

/** The live block of running commands at a terminal (its code is imported only then). */
async function liveTail(io: ExecIo, size: () => { columns: number; rows: number }) {
  const { LiveTail } = await importOnUse<typeof import("./live_tail.ts")>("./live_tail.ts", import.meta.url);
  return new LiveTail({ write: io.stderr, size, color: io.color });
}

/** The header's line for a resumed thread: what it carries on from. */
function resumedLine(thread: Thread): string {
  const turns = thread.turns.length;
  return `yes, after ${turns} earlier ${turns === 1 ? "turn" : "turns"}${
    thread.meta.name ? ` ("${thread.meta.name}")` : ""
  }`;
}

/** Starts `--record FILE` (its code is imported only then). */
async function startRecording(
  file: string,
  at: { runtime: FrontEnd; thread: Thread; options: ExecOptions; prompt: string },
) {
  const addProvider = at.options.addProvider;
  if (!addProvider) throw new Error("Cannot record: this exec was started without a way to add providers");
  const { startRecording } = await importOnUse<typeof import("./record.ts")>("./record.ts", import.meta.url);
  const { runtime, thread, prompt } = at;
  return startRecording({ runtime, thread, addProvider, file: resolve(runtime.cwd, file), prompt });
}

async function openThread(
  args: ExecArgs,
  runtime: FrontEnd,
  overrides: Partial<ThreadSettings>,
  io: ExecIo,
): Promise<Thread> {
  if (!args.resume) return await runtime.startThread({ source: "exec", ephemeral: args.ephemeral, ...overrides });
  const id = "id" in args.resume ? args.resume.id : await runtime.latestThreadId({ cwd: runtime.cwd });
  if (!id) throw new Error(`Cannot resume: no stored thread was started in ${runtime.cwd}`);
  const { thread, warnings } = await runtime.resumeThread(id, { cwd: runtime.cwd });
  for (const w of warnings) io.stderr(`warning: ${w}\n`);
  return thread;
}

async function readPrompt(args: ExecArgs, io: ExecIo): Promise<string> {
  if (args.prompt !== undefined && args.prompt !== "-") return args.prompt;
  if (io.stdinIsTerminal && args.prompt !== "-") {
    throw new Error('No prompt given: pass it as an argument, or "-" to read it from stdin');
  }
  const text = (await io.readStdin()).trim();
  if (!text) throw new Error("No prompt given: stdin was empty");
  return text;
}

async function readSchema(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new Error(`Cannot read --output-schema "${path}": ${(error as Error).message}`);
  }
  // A syntax error names the place: `PATH:LINE:COL: Cannot parse --output-schema: expected ","`.
  const value = await parseJsonText(text, path, { what: "--output-schema" });
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`Cannot use --output-schema "${path}": the file must hold a JSON object`);
  }
  return value as Record<string, unknown>;
}

async function insideGitRepo(dir: string): Promise<boolean> {
  for (let current = resolve(dir);; current = dirname(current)) {
    try {
      await Deno.stat(join(current, ".git"));
      return true;
    } catch { /* keep walking up */ }
    if (dirname(current) === current) return false;
  }
}

function concerns(n: Notification, threadId: string): boolean {
  const params = n.params as { threadId?: string | null };
  return params.threadId === undefined || params.threadId === null || params.threadId === threadId;
}

function writeAll(file: { writeSync(p: Uint8Array): number }, text: string): void {
  let bytes = encoder.encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(file.writeSync(bytes));
}
