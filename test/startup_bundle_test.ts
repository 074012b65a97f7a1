/**
 * The start-up bundle, end to end, in a copy of Tern's tree (so that a source can be changed):
 * `startup/build.ts` builds it, the launcher runs from it and from the sources with the same
 * result, a changed source makes the launcher go back to the sources and build again in the
 * background, and the next run uses the new bundle.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { fromFileUrl, join } from "@std/path";
import { makeSandbox, type Sandbox } from "./support/tern_process.ts";

const REPO = fromFileUrl(new URL("..", import.meta.url));
const COPIED = [
  "main.ts",
  "tern.ts",
  "deno.json",
  "deno.lock",
  "bin",
  "kernel",
  "plugins",
  "tools",
  "hooks",
  "lib",
  "startup",
];
const SCRIPT = JSON.stringify([[{ say: "hello from the script" }]]);

async function copyTree(from: string, to: string): Promise<void> {
  const info = await Deno.stat(from);
  if (info.isFile) return await Deno.copyFile(from, to);
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.name.startsWith(".")) continue;
    await copyTree(join(from, entry.name), join(to, entry.name));
  }
}

/** Runs the copy's `bin/tern --debug exec` on the scripted model; the bundle unless `fromSources`. */
async function runExec(sandbox: Sandbox, tern: string, fromSources = false) {
  const env: Record<string, string> = { ...sandbox.env };
  delete env.TERN_NO_BUNDLE;
  if (fromSources) env.TERN_NO_BUNDLE = "1";
  const args = [
    "-c",
    'model_provider="scripted"',
    "-c",
    `scripted.responses=${SCRIPT}`,
    "--debug",
    "exec",
    "--json",
    "hi",
  ];
  const out = await new Deno.Command(join(tern, "bin", "tern"), {
    args,
    cwd: sandbox.workspace,
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  assertEquals(out.code, 0, stderr);
  const events = stdout.trim().split("\n").map((line) => JSON.parse(line).type as string);
  const from = stderr.match(/debug: running from (the sources|the start-up bundle (\S+))/);
  assert(from, stderr);
  return { events, stdout, bundle: from[2] ?? null };
}

async function build(tern: string): Promise<void> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-check", "--config", join(tern, "deno.json"), join(tern, "startup", "build.ts")],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
}

async function waitUntilGone(path: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (await Deno.stat(path).then(() => true, () => false)) {
    if (Date.now() > deadline) throw new Error(`${path} still there after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

Deno.test("tern runs from a fresh start-up bundle as from the sources, and rebuilds it after a source changes", async () => {
  const sandbox = await makeSandbox();
  const tern = join(sandbox.root, "tern");
  try {
    await Deno.mkdir(tern);
    for (const name of COPIED) await copyTree(join(REPO, name), join(tern, name));
    await Deno.symlink(join(REPO, "node_modules"), join(tern, "node_modules"));
    await build(tern);

    const bundled = await runExec(sandbox, tern);
    const sources = await runExec(sandbox, tern, true);
    assert(bundled.bundle?.startsWith(`file://${tern}/.cache/startup/b-`), `ran from ${bundled.bundle}`);
    assertEquals(sources.bundle, null);
    assertEquals(bundled.events, sources.events);
    assertEquals(bundled.events.at(-1), "turn.completed");
    assertStringIncludes(bundled.stdout, "hello from the script");

    // What the build did to the code: lazy modules became chunks, strings kept their import.meta.
    const dir = fromFileUrl(new URL(".", bundled.bundle!));
    const chunks = await Promise.all([...Deno.readDirSync(dir)].map((e) => Deno.readTextFile(join(dir, e.name))));
    const code = chunks.join("\n");
    assertEquals(code.match(/importOnUse\("/g), null, "every importOnUse call became a plain import()");
    assertEquals(
      code.match(/import\("[^"]*"\)/g),
      null,
      "no dynamic import Deno would load before the first line runs (literal specifiers became computed ones)",
    );
    assertStringIncludes(code, "const plugin = import.meta.dirname!;", "the plugin scaffold's template is untouched");
    const state = JSON.parse(await Deno.readTextFile(join(tern, ".cache", "startup", "state.json")));
    const watched = state.inputs.map(([path]: [string]) => path);
    for (const path of ["main.ts", "kernel/mod.ts", "tools/shell/plugin.jsonc", "deno.lock"]) {
      assert(watched.includes(path), `a change to ${path} makes the bundle stale`);
    }

    // A changed source: this run uses the sources and asks for a build; the next uses the new bundle.
    await Deno.writeTextFile(join(tern, "kernel", "base", "errors.ts"), "\n// changed\n", { append: true });
    const stale = await runExec(sandbox, tern);
    assertEquals(stale.bundle, null, "a stale bundle is never run");
    await waitUntilGone(join(tern, ".cache", "startup", "build.lock"), 60_000);
    const rebuilt = await runExec(sandbox, tern);
    assert(rebuilt.bundle !== null && rebuilt.bundle !== bundled.bundle, `ran from ${rebuilt.bundle}`);
    assertEquals(rebuilt.events, bundled.events);
  } finally {
    await sandbox.cleanup();
  }
});
