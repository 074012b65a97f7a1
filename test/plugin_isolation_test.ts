/**
 * Worker-isolated plugins (`"isolation": "worker"`) in real `tern exec` turns against the mock
 * model: the plugin reads, writes, reaches and runs only what its manifest grants (each denial is
 * a NotCapable error inside the worker, seen here in the tool's output), its tool, hooks and
 * context work through the same API, a hanging tool and a throwing hook are cut off while the
 * turn completes, and plugins that fail to load are reported by name.
 */
import { assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox, runTern, type Sandbox, scriptedModel } from "./support/tern_process.ts";

const KERNEL = new URL("../kernel/mod.ts", import.meta.url).href;

const PROBE = `
import { z } from "zod";
import { definePlugin, tool } from "${KERNEL}";
async function attempt(action, target) {
  switch (action) {
    case "read": return (await Deno.readTextFile(target)).trim();
    case "write": await Deno.writeTextFile(target, "written"); return "written";
    case "net": return (await (await fetch(target)).text()).trim();
    case "run": return new TextDecoder().decode((await new Deno.Command(target, { args: ["ran"] }).output()).stdout).trim();
    default: return String(Deno.env.get(target));
  }
}
export default definePlugin({
  name: "probe",
  setup(api) {
    api.tools.register(tool({
      name: "probe",
      description: "Tries one capability",
      parameters: z.object({ action: z.string(), target: z.string() }),
      async execute({ action, target }) {
        try { return { output: "ok: " + await attempt(action, target) }; }
        catch (error) { return { output: error.name + ": " + error.message, success: false }; }
      },
    }));
    api.tools.register(tool({ name: "hang", description: "Never returns", parameters: z.object({}),
      execute: () => { while (true) {} } }));
    api.hooks.on("UserPromptSubmit", {}, (input) => "isolated note for: " + input.prompt);
    api.hooks.on("Stop", {}, () => { throw new Error("the stop hook broke"); });
    api.context.register({ name: "probe-context", contribute: (request) => [{ role: "developer", text: "probe sees cwd " + request.cwd }] });
  },
});`;

async function writeProbe(sandbox: Sandbox, net: string): Promise<string> {
  const dir = join(sandbox.root, "probe");
  await Deno.mkdir(join(dir, "out"), { recursive: true });
  await Deno.writeTextFile(join(dir, "mod.ts"), PROBE);
  await Deno.writeTextFile(join(dir, "data.txt"), "inside");
  await Deno.writeTextFile(join(sandbox.root, "secret.txt"), "outside");
  await Deno.writeTextFile(
    join(dir, "plugin.jsonc"),
    JSON.stringify({
      name: "probe",
      isolation: "worker",
      contributes: { tools: ["probe", "hang"], hooks: ["UserPromptSubmit", "Stop"], context: ["probe-context"] },
      permissions: { read: ["./data.txt"], write: ["./out"], net: [net], env: ["PROBE_OK"], run: ["echo"] },
      timeouts: { toolSec: 1, hookSec: 1 },
    }),
  );
  return dir;
}

const serve = (text: string) => Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, () => new Response(text));

Deno.test("tern exec --json: a worker plugin gets only its manifest's permissions, and its tool, hook and context serve the turn", async () => {
  const allowed = serve("allowed host");
  const denied = serve("denied host");
  const sandbox = await makeSandbox();
  const dir = await writeProbe(sandbox, `127.0.0.1:${allowed.addr.port}`);
  const calls: [string, string, string][] = [
    ["read_in", "read", join(dir, "data.txt")],
    ["read_out", "read", join(sandbox.root, "secret.txt")],
    ["write_in", "write", join(dir, "out", "result.txt")],
    ["write_out", "write", join(sandbox.root, "secret.txt")],
    ["net_in", "net", `http://127.0.0.1:${allowed.addr.port}/`],
    ["net_out", "net", `http://127.0.0.1:${denied.addr.port}/`],
    ["run_in", "run", "echo"],
    ["run_out", "run", "ls"],
    ["env_in", "env", "PROBE_OK"],
    ["env_out", "env", "HOME"],
  ];
  const mock = await startMockModelServer({
    responses: [
      turnOf(...calls.flatMap(([id, action, target]) => ev.functionCall(id, "probe", { action, target }))),
      turnOf(ev.assistantMessage("msg_1", "Probed.")),
    ],
  });
  try {
    const run = await runTern(sandbox, [
      "exec",
      "--json",
      "-c",
      `openai_base_url=${JSON.stringify(mock.url)}`,
      "-c",
      `extraPlugins=${JSON.stringify([dir])}`,
      "probe the sandbox",
    ], { env: { PROBE_OK: "granted" } });
    assertEquals(run.code, 0, run.stderr);
    assertEquals(run.events.at(-1)?.type, "turn.completed", run.stdout);
    const first = JSON.stringify(mock.requests[0].body.input);
    assertStringIncludes(first, "isolated note for: probe the sandbox", "the hook's context reached the model");
    assertStringIncludes(first, `probe sees cwd ${sandbox.workspace}`, "the context contributor reached the model");
    const outputs = Object.fromEntries(
      // deno-lint-ignore no-explicit-any
      mock.requests[1].body.input.filter((i: any) => i.type === "function_call_output").map((i: any) => [
        i.call_id,
        i.output,
      ]),
    );
    assertEquals(outputs.read_in, "ok: inside");
    assertMatch(outputs.read_out, /^NotCapable: Requires read access to ".*secret\.txt"/);
    assertEquals(outputs.write_in, "ok: written");
    assertMatch(outputs.write_out, /^NotCapable: Requires write access to ".*secret\.txt"/);
    assertEquals(outputs.net_in, "ok: allowed host");
    assertMatch(outputs.net_out, /^NotCapable: Requires net access to "127\.0\.0\.1:\d+"/);
    assertEquals(outputs.run_in, "ok: ran");
    assertMatch(outputs.run_out, /^NotCapable: Requires run access to "ls"/);
    assertEquals(outputs.env_in, "ok: granted");
    assertMatch(outputs.env_out, /^NotCapable: Requires env access to "HOME"/);
    assertEquals(await Deno.readTextFile(join(sandbox.root, "secret.txt")), "outside");
  } finally {
    await mock.close();
    await allowed.shutdown();
    await denied.shutdown();
    await sandbox.cleanup();
  }
});

Deno.test("tern exec: a worker plugin's hanging tool and throwing Stop hook are cut off, and the turn completes", async () => {
  const sandbox = await makeSandbox();
  const dir = await writeProbe(sandbox, "127.0.0.1:9");
  const mock = await startMockModelServer({
    responses: [turnOf(ev.functionCall("call_hang", "hang", {})), turnOf(ev.assistantMessage("msg_1", "Moved on."))],
  });
  try {
    const started = Date.now();
    const run = await runTern(sandbox, [
      "exec",
      "-c",
      `openai_base_url=${JSON.stringify(mock.url)}`,
      "-c",
      `extraPlugins=${JSON.stringify([dir])}`,
      "call the hanging tool",
    ]);
    assertEquals(run.code, 0, run.stderr);
    assertEquals(run.stdout, "Moved on.\n");
    // deno-lint-ignore no-explicit-any
    const output = mock.requests[1].body.input.find((i: any) => i.type === "function_call_output").output;
    assertEquals(output, 'tool "hang" failed: Plugin "probe" was stopped: tool "hang" did not finish within 1 s');
    assertStringIncludes(run.stderr, '[probe] stopped: tool "hang" did not finish within 1 s');
    assertMatch(run.stderr, /hook stop failed[^\n]*\n\s+error: .*Plugin "probe" is stopped/);
    assertEquals(Date.now() - started < 15_000, true);

    // With the worker alive, the Stop hook's own error is what fails it.
    mock.enqueue(turnOf(ev.assistantMessage("msg_2", "Hello.")));
    const again = await runTern(sandbox, [
      "exec",
      "-c",
      `openai_base_url=${JSON.stringify(mock.url)}`,
      "-c",
      `extraPlugins=${JSON.stringify([dir])}`,
      "say hello",
    ]);
    assertEquals([again.code, again.stdout], [0, "Hello.\n"]);
    assertMatch(again.stderr, /hook stop failed[^\n]*\n\s+error: hook threw: the stop hook broke/);
  } finally {
    await mock.close();
    await sandbox.cleanup();
  }
});

Deno.test("tern reports worker plugins that do not import, import a file they may not read, hang in setup, have a bad config or use an API that cannot cross", async () => {
  const sandbox = await makeSandbox();
  const plugin = async (name: string, manifest: Record<string, unknown>, source: string) => {
    const dir = join(sandbox.root, name);
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(join(dir, "plugin.jsonc"), JSON.stringify({ name, isolation: "worker", ...manifest }));
    await Deno.writeTextFile(join(dir, "mod.ts"), source);
    return dir;
  };
  const plugins = [
    await plugin("broken", {}, "export default definePlugin({ oops"),
    await plugin(
      "stuck",
      { timeouts: { setupSec: 0.5 } },
      `import { definePlugin } from "${KERNEL}";\nexport default definePlugin({ name: "stuck", setup() { while (true) {} } });`,
    ),
    await plugin(
      "configured",
      {},
      `import { z } from "zod";\nimport { definePlugin } from "${KERNEL}";\n` +
        `export default definePlugin({ name: "configured", config: z.object({ retries: z.number() }), setup() {} });`,
    ),
    await plugin(
      "provider",
      { contributes: { providers: ["p"] } },
      `import { definePlugin } from "${KERNEL}";\n` +
        `export default definePlugin({ name: "provider", setup(api) { api.providers.register({ id: "p", async *stream() {} }); } });`,
    ),
    await plugin(
      "peeking",
      {},
      `import secret from "../secret.txt" with { type: "text" };\nimport { definePlugin } from "${KERNEL}";\n` +
        `export default definePlugin({ name: "peeking", setup(api) { api.log(secret); } });`,
    ),
  ];
  await Deno.writeTextFile(join(sandbox.root, "secret.txt"), "outside");
  await Deno.writeTextFile(join(sandbox.ternHome, "config.jsonc"), '{\n  "configured": { "retries": "three" }\n}\n');
  const mock = await startMockModelServer({ responses: [turnOf(ev.assistantMessage("msg_1", "Still here."))] });
  try {
    const run = await runTern(sandbox, [
      "exec",
      "-c",
      `openai_base_url=${JSON.stringify(mock.url)}`,
      "-c",
      `extraPlugins=${JSON.stringify(plugins)}`,
      "hello",
    ]);
    assertEquals([run.code, run.stdout], [0, "Still here.\n"], run.stderr);
    assertMatch(run.stderr, /Cannot load plugin "broken": entry "file:\/\/[^"]+" failed to import: SyntaxError/);
    assertStringIncludes(run.stderr, 'Cannot load plugin "stuck": setup() did not finish within 500 ms');
    assertStringIncludes(run.stderr, 'config.jsonc:2:19 (key "configured.retries"): Invalid input: expected number');
    assertStringIncludes(
      run.stderr,
      'Cannot load plugin "provider": setup() threw: Cannot use api.providers.register() in plugin "provider": ' +
        'it runs in a worker ("isolation": "worker"), and a model provider cannot cross to the host',
    );
    assertStringIncludes(
      run.stderr,
      `failed to import: Requires read access to "${join(sandbox.root, "secret.txt")}": the plugin lacks "read" ` +
        `permission for it; grant it in "permissions": { "read": [...] } of ${
          join(sandbox.root, "peeking", "plugin.jsonc")
        }`,
    );
  } finally {
    await mock.close();
    await sandbox.cleanup();
  }
});

Deno.test("a worker plugin's tool refused a write shows the user the failed call and the permission to grant", async () => {
  const sandbox = await makeSandbox();
  const dir = join(sandbox.root, "notes");
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(
    join(dir, "plugin.jsonc"),
    JSON.stringify({ name: "notes", isolation: "worker", contributes: { tools: ["note_add"] } }),
  );
  await Deno.writeTextFile(
    join(dir, "mod.ts"),
    `import { z } from "zod";\nimport { definePlugin, tool } from "${KERNEL}";\n` +
      `export default definePlugin({ name: "notes", setup(api) {\n` +
      `  api.tools.register(tool({ name: "note_add", description: "Adds a note", parameters: z.object({ text: z.string() }),\n` +
      `    async execute({ text }) { await Deno.writeTextFile(${
        JSON.stringify(join(sandbox.root, "notes.txt"))
      }, text); return { output: "Noted." }; } }));\n` +
      `} });`,
  );
  const script = [[{ call: "note_add", args: { text: "buy milk" } }], [{ say: "Done." }]];
  try {
    const run = await runTern(sandbox, [
      ...scriptedModel(script),
      "-c",
      `extraPlugins=${JSON.stringify([dir])}`,
      "exec",
      "note it",
    ]);
    assertEquals(run.code, 0, run.stderr);
    // The transcript (what the user reads) shows the call failed, why, and what to change, not Deno's flag.
    assertStringIncludes(run.stderr, 'tool notes.note_add({"text":"buy milk"})');
    assertStringIncludes(run.stderr, "✗ failed");
    assertStringIncludes(
      run.stderr,
      `the plugin lacks "write" permission for it; grant it in "permissions": { "write": [...] } of ${
        join(dir, "plugin.jsonc")
      }`,
    );
    assertEquals(run.stderr.includes("--allow-write"), false, "Deno's own advice does not apply to a plugin");
    assertEquals(await Deno.stat(join(sandbox.root, "notes.txt")).then(() => true, () => false), false);
  } finally {
    await sandbox.cleanup();
  }
});
