import { assert, assertEquals, assertLess, assertStringIncludes } from "@std/assert";
import { type PluginApi, type Tool, ToolRegistry } from "../../kernel/mod.ts";
import { fakeContext } from "./_fake_context.ts";
import plugin, { ShellConfig } from "./mod.ts";

/** Sets the plugin up against a minimal API that records tools and close handlers. */
async function setUp(config: unknown) {
  const tools: Tool[] = [];
  const closers: (() => void | Promise<void>)[] = [];
  const api = {
    name: "shell",
    tools: { register: (tool: Tool) => (tools.push(tool), () => {}) },
    onClose: (fn: () => void | Promise<void>) => closers.push(fn),
    log: () => {},
    warn: () => {},
  } as unknown as PluginApi;
  await plugin.setup(api, ShellConfig.parse(config));
  return { tools, close: async () => await Promise.all(closers.map((fn) => fn())) };
}

Deno.test("`shell` config fills Codex's defaults and rejects unknown keys", () => {
  assertEquals(ShellConfig.parse(undefined), { login: false, timeoutMs: 10_000, maxOutputBytes: 10_000 });
  assertEquals(ShellConfig.parse({ timeoutMs: 500 }).timeoutMs, 500);
  assertEquals(ShellConfig.safeParse({ timeout: 5 }).success, false);
  assertEquals(ShellConfig.safeParse({ maxOutputBytes: 0 }).success, false);
});

Deno.test("the `shell` plugin registers shell_command with Codex's parameters for the model", async () => {
  const { tools } = await setUp({ timeoutMs: 30_000 });
  assertEquals(tools.map((t) => t.name), ["shell_command"]);
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
