import { assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { join, toFileUrl } from "@std/path";
import { z } from "zod";
import { loadConfig } from "../config/config.ts";
import { ConfigError } from "../base/errors.ts";
import type { Clock } from "../base/clock.ts";
import type { PluginApi } from "../plugin_api.ts";
import { tool } from "../tools.ts";
import { Runtime } from "../runtime.ts";
import { configTree } from "../testing/_config_testing.ts";

const KERNEL = toFileUrl(join(import.meta.dirname!, "..", "mod.ts")).href;
/** Where each test plugin's setup hands its `api` (the entry modules share this process). */
const apis = new Map<string, PluginApi>();
(globalThis as { __ternTestApis?: Map<string, PluginApi> }).__ternTestApis = apis;

/** Boots a runtime with one plugin that only keeps its `api`. */
async function bootWith(
  tree: { root: string; home: string; proj: string },
  name: string,
  options: { clock?: Clock } = {},
): Promise<{ api: PluginApi; runtime: Runtime }> {
  const dir = join(tree.root, name);
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(join(dir, "plugin.jsonc"), JSON.stringify({ name }));
  await Deno.writeTextFile(
    join(dir, "mod.ts"),
    `import { definePlugin } from "${KERNEL}";
export default definePlugin({ name: "${name}", setup(api) { globalThis.__ternTestApis.set("${name}", api); } });`,
  );
  const loaded = await loadConfig({ cwd: tree.proj, ternHome: tree.home, overrides: [`plugins=["${dir}"]`] });
  const runtime = await Runtime.create({
    cwd: tree.proj,
    ternHome: tree.home,
    loaded,
    builtins: {},
    cliVersion: "test",
    clock: options.clock,
  });
  return { api: apis.get(name)!, runtime };
}

Deno.test("api.config.section() parses a plugin's section with its schema, defaults applied", async () => {
  await using tree = await configTree({ "home/.tern/config.jsonc": '{ "acme": { "url": "https://a.example" } }' });
  const { api, runtime } = await bootWith(tree, "sec-ok");
  const acme = await api.config.section("acme", z.object({ url: z.string(), retries: z.number().default(3) }));
  assertEquals(acme, { url: "https://a.example", retries: 3 });
  assertEquals(api.config.model, runtime.config.model);
  assertEquals(Object.keys(api.config).includes("section"), false);
  await runtime.close();
});

Deno.test("api.config.section() rejects a bad value with a ConfigError naming the file, line and key", async () => {
  await using tree = await configTree({
    "home/.tern/config.jsonc": '{\n  "model": "m",\n  "acme": { "retries": "three" }\n}\n',
  });
  const { api, runtime } = await bootWith(tree, "sec-bad");
  const error = await assertRejects(
    () => api.config.section("acme", z.object({ retries: z.number() })),
    ConfigError,
  );
  assertStringIncludes(error.message, `${join(tree.home, "config.jsonc")}:3`);
  assertStringIncludes(error.message, '(key "acme.retries")');
  await runtime.close();
});

Deno.test("api.bus.subscribe() and api.providers.add() work as bus.on() and providers.register()", async () => {
  await using tree = await configTree({});
  const { api, runtime } = await bootWith(tree, "aliases");
  const seen: string[] = [];
  api.bus.subscribe("warning", (params) => void seen.push(params.message));
  api.bus.emit("warning", { threadId: null, message: "heads up" });
  await runtime.bus.idle();
  assertEquals(seen, ["heads up"]);
  const undo = api.providers.add({ id: "mine", stream: async function* () {} });
  assertEquals(runtime.provider("mine").id, "mine");
  undo();
  await runtime.close();
});

Deno.test("api.clock is the clock the runtime was built with", async () => {
  await using tree = await configTree({});
  const clock: Clock = {
    now: () => 42,
    sleep: () => Promise.resolve(),
    setTimeout: () => 1,
    clearTimeout: () => {},
  };
  const { api, runtime } = await bootWith(tree, "clocked", { clock });
  assertEquals(api.clock.now(), 42);
  await runtime.close();
});

Deno.test("tool() and api.config.section() carry the zod types to plugin code (checked when this file compiles)", () => {
  const greet = tool({
    name: "greet",
    description: "",
    parameters: z.object({ name: z.string(), times: z.number().default(1) }),
    execute({ name, times }) {
      // @ts-expect-error: `times` is a number, not a string
      const wrong: string = times;
      return Promise.resolve({ output: name.repeat(times) + String(wrong).length });
    },
  });
  assertEquals(greet.name, "greet");
  type Section = Awaited<ReturnType<typeof sectionOf>>;
  const sectionOf = (api: PluginApi) => api.config.section("acme", z.object({ url: z.string() }));
  const ok: Section = { url: "https://a.example" };
  // @ts-expect-error: `url` must be a string
  const bad: Section = { url: 1 };
  assertEquals([ok.url, typeof bad.url], ["https://a.example", "number"]);
});
