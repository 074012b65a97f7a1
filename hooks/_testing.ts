/**
 * @module
 * Test support for the hook engine (private to `hooks/` tests): hook scripts written to temp
 * folders, a plugin of recording test tools, and `bootHooks()`, which builds a real `Runtime` with
 * the scripted provider, the JSONL store, the test tools and this plugin, then runs whole turns.
 */
import { dirname, fromFileUrl, join, toFileUrl } from "@std/path";
import {
  type FrontEnd,
  type HookRunSummary,
  loadConfig,
  type Notification,
  type NotificationMap,
  Runtime,
  type Thread,
  type Topic,
  type UserInput,
} from "../kernel/mod.ts";
import type { EventContext } from "./events/common.ts";

const ROOT = fromFileUrl(new URL("..", import.meta.url));
const KERNEL = toFileUrl(join(ROOT, "kernel", "mod.ts")).href;
const HOOKS_PLUGIN = join(ROOT, "hooks");

/** Writes an executable shell script; returns its path. */
export async function writeScript(dir: string, name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await Deno.mkdir(dirname(path), { recursive: true });
  await Deno.writeTextFile(path, `#!/bin/sh\n${body}\n`);
  await Deno.chmod(path, 0o755);
  return path;
}

/** A command hook that saves its stdin to `<dir>/<name>.json`, then runs `then` (shell). */
export async function recordingHook(dir: string, name: string, then = ""): Promise<string> {
  return await writeScript(dir, `${name}.sh`, `cat > "${join(dir, `${name}.json`)}"\n${then}`);
}

/** The stdin a `recordingHook` saw, parsed; null when it never ran. */
export async function recorded(dir: string, name: string): Promise<Record<string, unknown> | null> {
  try {
    return JSON.parse(await Deno.readTextFile(join(dir, `${name}.json`)));
  } catch {
    return null;
  }
}

/** A one-line shell command printing `value` as JSON on stdout. */
export function printJson(value: unknown): string {
  return `printf '%s\\n' '${JSON.stringify(value).replaceAll("'", "'\\''")}'`;
}

/** One `hooks.json` handler group. */
export function group(command: string, extra: Record<string, unknown> = {}, matcher?: string) {
  return { ...(matcher !== undefined ? { matcher } : {}), hooks: [{ type: "command", command, ...extra }] };
}

/** Calls the test tools made, by tool name: the input each call received. */
export type ToolCalls = Record<string, string[]>;

const TOOLS_PLUGIN = `
import { z } from "zod";
import { definePlugin, defineTool, requestApproval } from "${KERNEL}";
const calls = (globalThis.__ternHookToolCalls ??= {});
const record = (name, input) => (calls[name] ??= []).push(input);
export default definePlugin({
  name: "hook-test-tools",
  setup(api) {
    api.tools.register(defineTool({ name: "shell_command", description: "runs", parameters: z.object({ command: z.string(), workdir: z.string().optional() }).loose(),
      execute: (args, ctx) => (record("shell_command", JSON.stringify(args)), Promise.resolve({
        output: "ran: " + args.command + (ctx.approvalRequired ? " [approval required: " + ctx.approvalRequired + "]" : "") })) }));
    api.tools.register(defineTool({ name: "exec_command", description: "runs", parameters: z.object({ cmd: z.string() }).loose(),
      execute: (args) => (record("exec_command", JSON.stringify(args)), Promise.resolve({ output: "exec: " + args.cmd })) }));
    api.tools.register({ kind: "freeform", name: "apply_patch", description: "patches", format: { type: "text" },
      execute: (input) => (record("apply_patch", input), Promise.resolve({ output: "patched" })) });
    api.tools.register(defineTool({ name: "mcp__docs__search", description: "mcp", parameters: z.object({ query: z.string() }).loose(),
      execute: (args) => (record("mcp__docs__search", JSON.stringify(args)), Promise.resolve({ output: "found " + args.query })) }));
    api.tools.register(defineTool({ name: "guarded", description: "asks first", parameters: z.object({ cmd: z.string() }),
      async execute(args, ctx) {
        record("guarded", JSON.stringify(args));
        const r = await requestApproval(ctx, "item/commandExecution/requestApproval", {
          threadId: ctx.threadId, turnId: ctx.turnId, itemId: ctx.callId, startedAtMs: 0, command: args.cmd });
        return { output: "approval: " + r.decision + (r.reason ? " (" + r.reason + ")" : "") };
      } }));
  },
});`;

/** Options for `bootHooks()`. */
export interface BootOptions {
  /** The `hooks` config key. */
  hooks?: Record<string, unknown>;
  /** Scripted model responses, one list of steps per request. */
  responses?: unknown[][];
  /** More `-c` overrides. */
  overrides?: string[];
  /** More plugin paths, loaded after the test tools and before the hooks plugin. */
  plugins?: string[];
  /** The workspace (default: `<root>/ws`). */
  cwd?: string;
  /** Load the recording test tools. @default true */
  testTools?: boolean;
}

/** A booted runtime with helpers. */
export interface Booted {
  runtime: FrontEnd;
  warnings: string[];
  events: Notification[];
  toolCalls: ToolCalls;
  /** Starts a thread (or uses `thread`) and runs one turn with `text`. */
  turn(text: string, thread?: Thread): Promise<{ thread: Thread; hookRuns: HookRunSummary[] }>;
  close(): Promise<void>;
}

/** Builds a runtime: scripted provider, store, test tools, `plugins`, then the hooks plugin. */
export async function bootHooks(root: string, options: BootOptions = {}): Promise<Booted> {
  const ternHome = join(root, "home");
  const cwd = options.cwd ?? join(root, "ws");
  await Deno.mkdir(ternHome, { recursive: true });
  await Deno.mkdir(cwd, { recursive: true });
  const toolsDir = join(root, "test-tools");
  await Deno.mkdir(toolsDir, { recursive: true });
  await Deno.writeTextFile(
    join(toolsDir, "plugin.jsonc"),
    JSON.stringify({
      name: "hook-test-tools",
      contributes: { tools: ["shell_command", "exec_command", "apply_patch", "mcp__docs__search", "guarded"] },
    }),
  );
  await Deno.writeTextFile(join(toolsDir, "mod.ts"), TOOLS_PLUGIN);
  const tools = options.testTools === false ? [] : [toolsDir];
  const plugins = ["builtin:store", "builtin:scripted", ...tools, ...(options.plugins ?? []), HOOKS_PLUGIN];
  const overrides = [
    `plugins=${JSON.stringify(plugins)}`,
    `model_provider="scripted"`,
    `model="scripted-model"`,
    `approval_policy="on-request"`,
    `scripted.responses=${JSON.stringify(options.responses ?? [[{ say: "ok" }]])}`,
    ...(options.hooks ? [`hooks=${JSON.stringify(options.hooks)}`] : []),
    ...(options.overrides ?? []),
  ];
  const loaded = await loadConfig({ cwd, ternHome, overrides });
  const warnings: string[] = [];
  const runtime = await Runtime.create({
    cwd,
    ternHome,
    loaded,
    builtins: { store: join(ROOT, "plugins", "store"), scripted: join(ROOT, "plugins", "scripted") },
    cliVersion: "test",
    warn: (message) => warnings.push(message),
  });
  const events: Notification[] = [];
  runtime.bus.onAny((n) => void events.push(n));
  const toolCalls = ((globalThis as Record<string, unknown>).__ternHookToolCalls ??= {}) as ToolCalls;
  for (const key of Object.keys(toolCalls)) delete toolCalls[key];
  return {
    runtime,
    warnings,
    events,
    toolCalls,
    async turn(text, thread) {
      thread ??= await runtime.startThread();
      const input: UserInput[] = [{ type: "text", text, text_elements: [] }];
      const { turn } = await thread.run(input);
      await runtime.bus.idle();
      return { thread, hookRuns: thread.turns.find((t) => t.id === turn.id)?.hookRuns ?? [] };
    },
    close: () => runtime.close(),
  };
}

/** The notifications of one topic. */
export function ofTopic<T extends Topic>(events: Notification[], topic: T): NotificationMap[T][] {
  return events.filter((e) => e.method === topic).map((e) => e.params as NotificationMap[T]);
}

/** The model-visible history as compact strings (`role: text`, `output(call): text`). */
export function historyLines(thread: Thread): string[] {
  return thread.history.map((item) => {
    if (item.type === "message") {
      const text = item.content.map((c) => ("text" in c ? c.text : "")).join("");
      return `${item.role}: ${text}`;
    }
    if (item.type === "function_call_output" || item.type === "custom_tool_call_output") {
      return `output(${item.call_id}): ${typeof item.output === "string" ? item.output : JSON.stringify(item.output)}`;
    }
    if (item.type === "function_call") return `call(${item.call_id}): ${item.name} ${item.arguments}`;
    if (item.type === "custom_tool_call") return `call(${item.call_id}): ${item.name} ${item.input}`;
    return item.type;
  });
}

/** An `EventContext` for driving `HookEngine.run` directly, recording what it emits. */
export function engineContext(cwd: string, overrides: Partial<EventContext> = {}) {
  const events: Notification[] = [];
  const ctx: EventContext = {
    threadId: "thread-1",
    turnId: "turn-1",
    cwd,
    model: "m",
    transcriptPath: null,
    approvalPolicy: "on-request",
    signal: new AbortController().signal,
    emit: (method, params) => void events.push({ method, params } as Notification),
    ...overrides,
  };
  return { ctx, events };
}

/** Makes a temp dir, runs `fn`, removes the dir. */
export async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "tern-hooks-" }));
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
