import { assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { makeSandbox, runScriptedExec, runTern } from "../../test/support/tern_process.ts";

Deno.test("tern plugin new NAME -C DIR creates a plugin whose own `deno test -A` passes there", async () => {
  const sandbox = await makeSandbox();
  try {
    const parent = join(sandbox.root, "elsewhere");
    await Deno.mkdir(parent);
    const run = await runTern(sandbox, ["plugin", "new", "acme-notes", "-C", parent]);
    assertEquals(run.code, 0, run.stderr);
    assertStringIncludes(run.stdout, `Created plugin "acme-notes" in ${join(parent, "acme-notes")}`);
    const dir = join(parent, "acme-notes");
    const files = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assertEquals(files, ["README.md", "deno.json", "mod.ts", "mod_test.ts", "plugin.jsonc"]);

    const test = await new Deno.Command(Deno.execPath(), {
      args: ["test", "-A"],
      cwd: dir,
      env: sandbox.env,
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const out = new TextDecoder().decode(test.stdout) + new TextDecoder().decode(test.stderr);
    assertEquals(test.code, 0, out);
    assertStringIncludes(out, "3 passed");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("the scaffolded plugin loads in tern exec: the model calls its tool", async () => {
  const sandbox = await makeSandbox();
  try {
    assertEquals((await runTern(sandbox, ["plugin", "new", "hello-there"])).code, 0);
    const script = [[{ call: "hello_there_hello", args: { name: "Ada" } }], [{ say: "{{output}}" }]];
    const run = await runScriptedExec(sandbox, "say hello to Ada", script, ['extraPlugins=["./hello-there"]']);
    assertEquals(run.code, 0, run.stderr);
    assertEquals(run.stdout, "Hello, Ada!\n");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("tern plugin new refuses a bad name and a folder that is not empty", async () => {
  const sandbox = await makeSandbox();
  try {
    const bad = await runTern(sandbox, ["plugin", "new", "Acme_Notes"]);
    assertEquals(bad.code, 2);
    assertStringIncludes(
      bad.stderr,
      'Cannot create plugin "Acme_Notes": a name is lowercase letters, digits and dashes',
    );
    await Deno.mkdir(join(sandbox.workspace, "taken"));
    await Deno.writeTextFile(join(sandbox.workspace, "taken", "notes.md"), "mine");
    const taken = await runTern(sandbox, ["plugin", "new", "taken"]);
    assertEquals(taken.code, 1);
    assertStringIncludes(taken.stderr, "exists and is not empty (--force writes over its files)");
    assertEquals(await Deno.readTextFile(join(sandbox.workspace, "taken", "notes.md")), "mine");
  } finally {
    await sandbox.cleanup();
  }
});
