import { assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { makeSandbox, runTern, type Sandbox, TERN_BIN } from "../../test/support/tern_process.ts";

const KERNEL = new URL("../../kernel/mod.ts", import.meta.url).href;

/** A plugin whose tool `greet` answers `text`; `extra` runs in setup(). */
const greeter = (name: string, text: string, extra = "") => `
import { z } from "zod";
import { definePlugin, tool } from "${KERNEL}";
export default definePlugin({
  name: "${name}",
  setup(api) {
    ${extra}
    api.tools.register(tool({ name: "${name.replaceAll("-", "_")}", description: "Greets", parameters: z.object({}),
      execute: async () => ({ output: ${JSON.stringify(text)} }) }));
  },
});`;

async function writePlugin(sandbox: Sandbox, name: string, source: string): Promise<string> {
  const dir = join(sandbox.root, name);
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(join(dir, "plugin.jsonc"), JSON.stringify({ name }));
  await Deno.writeTextFile(join(dir, "mod.ts"), source);
  return dir;
}

Deno.test("tern plugin reload says which plugins reload cleanly and which fail a second setup", async () => {
  const sandbox = await makeSandbox();
  try {
    const good = await writePlugin(sandbox, "greeter", greeter("greeter", "hello"));
    const once = await writePlugin(
      sandbox,
      "once",
      greeter(
        "once",
        "hi",
        'if ((globalThis as any).onceLoaded) throw new Error("it cannot be set up twice"); (globalThis as any).onceLoaded = true;',
      ),
    );
    const run = await runTern(sandbox, ["-c", `extraPlugins=${JSON.stringify([good, once])}`, "plugin", "reload"]);
    assertEquals(run.code, 1, run.stderr);
    assertEquals(run.stdout, "reloaded greeter (generation 2)\n");
    assertStringIncludes(
      run.stderr,
      'failed once: Cannot load plugin "once": setup() threw: it cannot be set up twice (the running version stays)',
    );
    assertEquals(run.stderr.split("it cannot be set up twice").length - 1, 1, `said once: ${run.stderr}`);
    const named = await runTern(sandbox, [
      "-c",
      `extraPlugins=${JSON.stringify([good, once])}`,
      "plugin",
      "reload",
      "greeter",
    ]);
    assertEquals([named.code, named.stdout], [0, "reloaded greeter (generation 2)\n"]);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("tern plugin reload --watch reloads a plugin at each save and shows a broken edit", async () => {
  const sandbox = await makeSandbox();
  const dir = await writePlugin(sandbox, "greeter", greeter("greeter", "v1"));
  const child = new Deno.Command(TERN_BIN, {
    args: ["-c", `extraPlugins=${JSON.stringify([dir])}`, "plugin", "reload", "--watch"],
    cwd: sandbox.workspace,
    env: sandbox.env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let out = "";
  let err = "";
  const pipes = Promise.all([
    child.stdout.pipeThrough(new TextDecoderStream()).pipeTo(new WritableStream({ write: (c) => void (out += c) })),
    child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(new WritableStream({ write: (c) => void (err += c) })),
  ]);
  const until = async (what: () => boolean, label: string) => {
    for (const deadline = Date.now() + 20_000; !what();) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${label}; stdout: ${out}; stderr: ${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  try {
    await until(() => out.includes("Watching"), "the watch to start");
    await Deno.writeTextFile(join(dir, "mod.ts"), greeter("greeter", "v2"));
    await until(() => out.includes("reloaded greeter (generation 3)"), "the reload after the edit");
    await Deno.writeTextFile(join(dir, "mod.ts"), "export default {");
    await until(() => err.includes("failed greeter"), "the broken edit to be reported");
    assertStringIncludes(err, 'failed greeter: Cannot load plugin "greeter": entry "file://');
    assertStringIncludes(err, "(the running version stays)");
    // Give a second copy of the error time to show (the warning used to come on top of the report).
    await new Promise((r) => setTimeout(r, 300));
    assertEquals(err.split('Cannot load plugin "greeter"').length - 1, 1, `said once: ${err}`);
  } finally {
    child.kill("SIGTERM");
    assertEquals((await child.status).code, 0, err);
    await pipes;
    await sandbox.cleanup();
  }
});

Deno.test("tern plugin reload NAME for a plugin the config does not list says how to load it (extraPlugins)", async () => {
  const sandbox = await makeSandbox();
  try {
    const dir = await writePlugin(sandbox, "greeter", greeter("greeter", "hello"));
    // Beside the plugin's folder (sandbox.root holds greeter/), as a user who just ran `tern plugin new` would be.
    const beside = await runTern(sandbox, ["plugin", "reload", "greeter"], { cwd: sandbox.root });
    assertEquals(beside.code, 1, beside.stderr);
    assertStringIncludes(beside.stderr, 'failed greeter: Cannot reload plugin "greeter": no plugin has that name');
    assertStringIncludes(beside.stderr, "hint: Tern loads only the plugins its config lists (plugins, extraPlugins)");
    assertStringIncludes(beside.stderr, `${dir} holds a plugin.jsonc.`);
    assertStringIncludes(beside.stderr, `tern -c 'extraPlugins=${JSON.stringify([dir])}' plugin reload greeter`);
    assertStringIncludes(beside.stderr, `tern plugin install ${dir}`);
    // Elsewhere: the same hint with a placeholder path.
    const elsewhere = await runTern(sandbox, ["plugin", "reload", "greeter"]);
    assertStringIncludes(elsewhere.stderr, 'extraPlugins=["/path/to/greeter"]');
  } finally {
    await sandbox.cleanup();
  }
});
