import { assert, assertEquals, assertLess, assertStringIncludes } from "@std/assert";
import { type PluginApi, type Tool, ToolRegistry } from "../../kernel/mod.ts";
import { fakeContext } from "./_fake_context.ts";
import plugin, { ShellConfig } from "./mod.ts";
import { processesLeft, processesWith } from "../../test/support/processes.ts";

/** The Tern home the plugin records its running commands under (`process_records.ts`). */
const ternHome = Deno.makeTempDirSync({ prefix: "tern-shell-home-" });
globalThis.addEventListener("unload", () => Deno.removeSync(ternHome, { recursive: true }));

/** Sets the plugin up against a minimal API that records tools, bus listeners and close handlers. */
async function setUp(config: unknown) {
  const tools: Tool[] = [];
  const closers: (() => void | Promise<void>)[] = [];
  const listeners = new Map<string, (params: unknown) => void>();
  const services = new Map<string, unknown>();
  const api = {
    name: "shell",
    ternHome,
    tools: { register: (tool: Tool) => (tools.push(tool), () => {}) },
    bus: { on: (topic: string, fn: (params: unknown) => void) => (listeners.set(topic, fn), () => {}) },
    services: { provide: (name: string, value: unknown) => (services.set(name, value), () => {}) },
    onClose: (fn: () => void | Promise<void>) => closers.push(fn),
    log: () => {},
    warn: () => {},
  } as unknown as PluginApi;
  await plugin.setup(api, ShellConfig.parse(config));
  return {
    tools,
    services,
    tool: (name: string) => tools.find((t) => t.name === name)!,
    emit: (topic: string, params: unknown) => listeners.get(topic)?.(params),
    close: async () => await Promise.all(closers.map((fn) => fn())),
  };
}

/**
 * A command that runs until killed, and the marker its processes carry. `$$` would not do: under
 * bubblewrap the command has its own pid namespace, and its pid names another process out here.
 */
function longCommand(): { cmd: string; marker: string } {
  const marker = `30.${Math.floor(Math.random() * 1e6)}`;
  return { cmd: `sleep ${marker}`, marker };
}

/** Whether the process with `marker` runs (where processes can be seen: Linux). */
const runs = (marker: string) => Deno.build.os !== "linux" || processesWith(marker).length === 1;

Deno.test("`shell` config fills Codex's defaults and rejects unknown keys", () => {
  assertEquals(ShellConfig.parse(undefined), {
    tool: "shell_command",
    login: false,
    timeoutMs: 10_000,
    maxOutputBytes: 10_000,
  });
  assertEquals(ShellConfig.safeParse({ tool: "local" }).success, false);
  assertEquals(ShellConfig.parse({ timeoutMs: 500 }).timeoutMs, 500);
  assertEquals(ShellConfig.safeParse({ timeout: 5 }).success, false);
  assertEquals(ShellConfig.safeParse({ maxOutputBytes: 0 }).success, false);
});

Deno.test("the `shell` plugin registers shell_command with Codex's parameters for the model", async () => {
  const { tools, services } = await setUp({ timeoutMs: 30_000 });
  assertEquals(tools.map((t) => t.name), ["shell_command"]);
  assertEquals(
    [...services.keys()],
    ["user-shell", "command-exec"],
    "the services that run a user's `!` commands and `command/exec`",
  );
  const registry = new ToolRegistry();
  registry.register(tools[0], "shell");
  const [spec] = registry.specs();
  assert(spec.type === "function");
  const schema = spec.parameters as { required: string[]; properties: Record<string, { description?: string }> };
  assertEquals(schema.required, ["command"]);
  assertEquals(Object.keys(schema.properties), [
    "command",
    "workdir",
    "timeout_ms",
    "sandbox_permissions",
    "justification",
  ]);
  assertEquals(schema.properties.command.description, "Shell script to run in the user's default shell.");
  assertStringIncludes(schema.properties.timeout_ms.description ?? "", "Defaults to 30000");
  assertStringIncludes(spec.description, "workdir");
});

Deno.test("the `shell` plugin applies its configured timeout when the model gives none", async () => {
  const { tools } = await setUp({ timeoutMs: 200 });
  const tool = tools[0];
  assert(tool.kind !== "freeform");
  const fake = fakeContext({ cwd: Deno.cwd() });
  const result = await tool.execute({ command: "sleep 30" }, fake.ctx);
  assertStringIncludes(result.output as string, "command timed out after 200 milliseconds");
});

Deno.test("closing the runtime kills commands the `shell` plugin still runs", async () => {
  const { tools, close } = await setUp({});
  const tool = tools[0];
  assert(tool.kind !== "freeform");
  const fake = fakeContext({ cwd: Deno.cwd() });
  const started = performance.now();
  const running = tool.execute({ command: "sleep 30", timeout_ms: 60_000 }, fake.ctx);
  await new Promise((resolve) => setTimeout(resolve, 200));
  await close();
  const result = await running;
  assertLess(performance.now() - started, 5_000);
  assertEquals(result.success, false);
  assertEquals(fake.completed().status, "failed");
});

Deno.test("`shell.tool` chooses shell_command, exec_command + write_stdin, or both", async () => {
  assertEquals((await setUp({})).tools.map((t) => t.name), ["shell_command"]);
  assertEquals((await setUp({ tool: "unified_exec" })).tools.map((t) => t.name), ["exec_command", "write_stdin"]);
  assertEquals((await setUp({ tool: "both" })).tools.map((t) => t.name), [
    "shell_command",
    "exec_command",
    "write_stdin",
  ]);
});

Deno.test("closing the runtime kills the exec_command sessions still running", async () => {
  const { tool, close } = await setUp({ tool: "unified_exec" });
  const exec = tool("exec_command");
  assert(exec.kind !== "freeform");
  const { cmd, marker } = longCommand();
  const result = await exec.execute({ cmd, yield_time_ms: 300 }, fakeContext({ cwd: "/" }).ctx);
  assertStringIncludes(result.output as string, "Process running with session ID ");
  assert(runs(marker), "the session's process runs");
  await close();
  assertEquals(await processesLeft(marker), [], "the session's process survived close");
});

Deno.test("closing a thread kills that thread's exec_command sessions", async () => {
  const { tool, emit, close } = await setUp({ tool: "unified_exec" });
  const exec = tool("exec_command");
  assert(exec.kind !== "freeform");
  const { cmd, marker } = longCommand();
  await exec.execute({ cmd, yield_time_ms: 300 }, fakeContext({ cwd: "/" }).ctx);
  emit("thread/closed", { threadId: "other-thread" });
  await new Promise((r) => setTimeout(r, 100));
  assert(runs(marker), "closing another thread killed this thread's session");
  emit("thread/closed", { threadId: "thread-1" });
  assertEquals(await processesLeft(marker), [], "the session's process survived its thread");
  await close();
});
