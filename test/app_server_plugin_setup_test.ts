/**
 * `tern app-server` with plugins that hang in `setup()` or cannot load: the plugins set up at
 * once, so `initialize` is answered after the setup timeout, not after one timeout per plugin;
 * each failure reaches the client as a `configWarning` notification (with the file at fault), what
 * a timed-out plugin registered is undone, and the rest of Tern runs turns.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { spawnStdioServer } from "./support/app_server_process.ts";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox } from "./support/tern_process.ts";

const KERNEL = new URL("../kernel/mod.ts", import.meta.url).href;
const SETUP_TIMEOUT_SEC = 4; // long enough that three in a row (12 s) stand apart from one (4 s) on a loaded machine
const HUNG = ["hung-a", "hung-b", "hung-c"];

async function writePlugin(root: string, name: string, manifest: object, entry: string): Promise<string> {
  const dir = join(root, name);
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(join(dir, "plugin.jsonc"), JSON.stringify(manifest, null, 2));
  await Deno.writeTextFile(join(dir, "mod.js"), entry);
  return dir;
}

Deno.test("app-server: plugins whose setup hangs delay initialize by one setup timeout, and each failure is a configWarning", async () => {
  const sandbox = await makeSandbox();
  const mock = await startMockModelServer({ responses: [turnOf(ev.assistantMessage("msg_1", "Still here."))] });
  const plugins = [];
  for (const name of HUNG) {
    plugins.push(
      await writePlugin(
        sandbox.root,
        name,
        { name, entry: "./mod.js" },
        `import { z } from "zod";
import { definePlugin, tool } from "${KERNEL}";
export default definePlugin({
  name: "${name}",
  setup(api) {
    api.tools.register(tool({ name: "${name.replace("-", "_")}", description: "d", parameters: z.object({}),
      execute: () => ({ output: "never offered" }) }));
    return new Promise(() => {});
  },
});`,
      ),
    );
  }
  const broken = await writePlugin(sandbox.root, "broken", { name: "broken", timeouts: { setupSec: "soon" } }, "");
  plugins.push(broken);
  const started = performance.now();
  const server = spawnStdioServer(sandbox, {
    plugins,
    config: [`openai_base_url=${JSON.stringify(mock.url)}`, `pluginSetupTimeoutSec=${SETUP_TIMEOUT_SEC}`],
  });
  try {
    const client = server.client;
    await client.initialize();
    const elapsed = performance.now() - started;
    // One after another, the three would take 3 × 4 s before the server could answer.
    assert(
      elapsed < (HUNG.length * SETUP_TIMEOUT_SEC - 1) * 1000,
      `initialize answered after ${elapsed.toFixed(0)} ms: the hung setups ran one after another`,
    );
    assert(elapsed >= SETUP_TIMEOUT_SEC * 1000, "initialize waited for the setup timeout");

    const warnings = [];
    for (let i = 0; i < HUNG.length + 1; i++) warnings.push((await client.notification("configWarning")).params);
    assertEquals(
      warnings.slice(0, HUNG.length).map((w) => [w.summary, w.path]),
      HUNG.map((name) => [
        `Cannot load plugin "${name}": setup() did not finish within ${SETUP_TIMEOUT_SEC * 1000} ms`,
        join(sandbox.root, name, "plugin.jsonc"),
      ]),
    );
    const manifestError = warnings[HUNG.length];
    assertStringIncludes(manifestError.summary, "broken");
    assertEquals(manifestError.path, join(broken, "plugin.jsonc"));
    assertStringIncludes(manifestError.details, 'key "timeouts.setupSec"');

    const thread = (await client.call("thread/start", {})).thread;
    await client.call("turn/start", { threadId: thread.id, input: [{ type: "text", text: "hi", text_elements: [] }] });
    const completed = await client.notification("turn/completed");
    assertEquals(completed.params.turn.status, "completed");
    const offered = mock.requests[0].body.tools.map((t: { name: string }) => t.name);
    assert(offered.includes("shell_command"), offered.join(", "));
    assertEquals(
      offered.filter((name: string) => name.startsWith("hung_")),
      [],
      "a timed-out plugin's tools are undone",
    );
    assertStringIncludes(server.stderr(), 'Cannot load plugin "hung-a"', "the terminal still gets the failures");
  } finally {
    await server.stop();
    await mock.close();
    await sandbox.cleanup();
  }
});
