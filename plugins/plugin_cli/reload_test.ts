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
      'failed once: Cannot load plugin "once": setup() threw: it cannot be set up twice',
    );
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
  } finally {
    child.kill("SIGTERM");
    assertEquals((await child.status).code, 0, err);
    await pipes;
    await sandbox.cleanup();
  }
});
