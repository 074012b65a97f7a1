import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { recordingToolContext } from "../testing/tool_context_testing.ts";
import type { Runtime } from "../runtime.ts";
import { boot, ECHO_MODEL, turnCalling, writePlugin } from "./_testing.ts";

/** The worker plugin under test (a fixed file: `deno test` type-checks each worker, and caches it by path). */
const PROBE_ENTRY = join(import.meta.dirname!, "testdata", "probe_plugin.ts");

interface Fixture {
  root: string;
  /** The plugin's folder. */
  dir: string;
  runtime: Runtime;
  warnings: string[];
  allowed: string;
  denied: string;
  close(): Promise<void>;
}

async function fixture(extra: Record<string, unknown> = {}): Promise<Fixture> {
  const root = await Deno.makeTempDir({ prefix: "tern-worker-" });
  const serve = (text: string) =>
    Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, () => new Response(text));
  const allowedServer = serve("allowed host");
  const deniedServer = serve("denied host");
  const allowed = `127.0.0.1:${allowedServer.addr.port}`;
  const denied = `127.0.0.1:${deniedServer.addr.port}`;
  await Deno.writeTextFile(join(root, "secret.txt"), "outside");
  const dir = await writePlugin(root, "probe", {
    "plugin.jsonc": {
      name: "probe",
      entry: PROBE_ENTRY,
      isolation: "worker",
      contributes: { tools: ["probe", "hang", "ask"], hooks: ["UserPromptSubmit", "Stop"], context: ["probe-context"] },
      permissions: { read: ["./data.txt"], write: ["./out"], net: [allowed], env: ["PROBE_OK"], run: ["echo"] },
      timeouts: { toolSec: 1, hookSec: 1 },
      ...extra,
    },
    "data.txt": "inside",
    "out/.keep": "",
  });
  const model = await writePlugin(root, "model", ECHO_MODEL);
  Deno.env.set("PROBE_OK", "granted");
  const { runtime, warnings } = await boot(root, [model, dir]);
  return {
    root,
    dir,
    runtime,
    warnings,
    allowed,
    denied,
    async close() {
      await runtime.close();
      await allowedServer.shutdown();
      await deniedServer.shutdown();
      await Deno.remove(root, { recursive: true });
    },
  };
}

async function probe(runtime: Runtime, args: Record<string, unknown>, name = "probe") {
  const { ctx, events } = recordingToolContext();
  const { result } = await runtime.tools.dispatch(
    { callId: "c1", name, input: JSON.stringify(args), kind: "function" },
    ctx,
  );
  return { ...result, events };
}

// Each worker that starts is type-checked under `deno test` (seconds each), so the tests share workers.
Deno.test("A worker plugin runs with exactly its manifest's permissions, and works through the host's API", async (t) => {
  const f = await fixture();
  try {
    assertEquals(f.runtime.plugins.find((p) => p.name === "probe")?.status, "loaded", f.warnings.join("\n"));

    await t.step("it reads, writes, reaches and runs only what its manifest grants", async () => {
      const output = async (action: string, target: string) =>
        String((await probe(f.runtime, { action, target })).output);
      assertEquals(await output("read", join(f.dir, "data.txt")), "ok: inside");
      assertMatch(
        await output("read", join(f.root, "secret.txt")),
        /^NotCapable: Requires read access to ".*secret\.txt"/,
      );
      assertEquals(await output("write", join(f.dir, "out/result.txt")), "ok: written");
      assertEquals(await Deno.readTextFile(join(f.dir, "out/result.txt")), "written");
      assertMatch(await output("write", join(f.root, "secret.txt")), /^NotCapable: Requires write access/);
      assertEquals(await Deno.readTextFile(join(f.root, "secret.txt")), "outside");
      assertEquals(await output("net", `http://${f.allowed}/`), "ok: allowed host");
      assertMatch(await output("net", `http://${f.denied}/`), /^NotCapable: Requires net access to "127\.0\.0\.1:\d+"/);
      assertEquals(await output("run", "echo"), "ok: ran");
      assertMatch(await output("run", "ls"), /^NotCapable: Requires run access to "ls"/);
      assertEquals(await output("env", "PROBE_OK"), "ok: granted");
      assertMatch(await output("env", "HOME"), /^NotCapable: Requires env access to "HOME"/);
    });

    await t.step("its tool streams progress, asks the user, sees the plugin list and validates arguments", async () => {
      const { events } = await probe(f.runtime, { action: "env", target: "PROBE_OK" });
      assertEquals(events.filter((e) => e.kind === "notification").map((e) => e.kind === "notification" && e.params), [
        { threadId: "thread-1", turnId: "turn-1", itemId: "call-1", tool: "tool", message: "env PROBE_OK" },
      ]);
      const asked = await probe(f.runtime, {}, "ask");
      assertEquals(asked.events.filter((e) => e.kind === "request").map((e) => e.kind === "request" && e.method), [
        "item/tool/requestUserInput",
      ]);
      assertEquals(JSON.parse(String(asked.output)).status, "declined");
      const plugins = await probe(f.runtime, { action: "plugins", target: "" });
      assertEquals(
        plugins.output,
        "echo-model:loaded, probe:loaded",
        "api.plugins.list() in the worker, after loading",
      );
      const invalid = await probe(f.runtime, { action: "fly", target: "x" });
      assertEquals(invalid.success, false);
      assertStringIncludes(String(invalid.output), 'invalid arguments for "probe": action:');
    });

    await t.step("its hooks answer (a throwing one fails) and its tool and context serve a real turn", async () => {
      const hooks = f.runtime.hooks.list().filter((h) => h.owner === "probe");
      assertEquals(hooks.map((h) => h.kind === "inProcess" && [h.event, h.options.timeoutSec]), [
        ["UserPromptSubmit", 1],
        ["Stop", 1],
      ]);
      const [submit, stop] = hooks.map((h) => h.kind === "inProcess" ? h.handler : null);
      const signal = new AbortController().signal;
      assertEquals(await submit!({ prompt: "hi" } as never, { signal }), "isolated note for: hi");
      let thrown: unknown;
      await Promise.resolve(stop!({} as never, { signal })).catch((e) => (thrown = e));
      assertEquals((thrown as Error).message, "the stop hook broke");
      const thread = await f.runtime.startThread({ ephemeral: true });
      assertEquals(
        await turnCalling(thread, "probe", { action: "read", target: join(f.dir, "data.txt") }),
        "tool said: ok: inside",
      );
    });

    await t.step("a hanging tool stops it, the call fails with the reason, and a reload starts it again", async () => {
      const started = performance.now();
      const hung = await probe(f.runtime, {}, "hang");
      assert(performance.now() - started < 3000);
      assertEquals(hung.success, false);
      assertEquals(
        hung.output,
        'tool "hang" failed: Plugin "probe" was stopped: tool "hang" did not finish within 1 s',
      );
      assertEquals(f.warnings.at(-1), '[probe] stopped: tool "hang" did not finish within 1 s');
      const later = await probe(f.runtime, { action: "env", target: "PROBE_OK" });
      assertStringIncludes(String(later.output), 'Plugin "probe" is stopped (tool "hang" did not finish within 1 s)');
      const [reloaded] = await f.runtime.reloadPlugins(["probe"]);
      assertEquals(reloaded.status, "reloaded");
      assertEquals((await probe(f.runtime, { action: "env", target: "PROBE_OK" })).output, "ok: granted");
    });
  } finally {
    await f.close();
  }
});
