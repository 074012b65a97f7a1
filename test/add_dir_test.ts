/**
 * `--add-dir DIR` (a global flag, as in Codex): under `workspace-write`, sandboxed commands may
 * also write DIR, but not its `.git` or `.tern`; `tern exec` and the interactive session both take
 * it; a relative DIR is resolved against the workspace; a DIR that does not exist or is not a
 * directory stops the run before anything starts. The directories sit under /var/tmp, outside the
 * workspace and the always-writable temp directories.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { makeSandbox, runScriptedExec, runTern, type Sandbox } from "./support/tern_process.ts";
import { skipWhen } from "./support/skip.ts";
import { HAS_SCRIPT, Keys, openTerminal } from "./support/terminal.ts";

const shell = (command: string) => [{ call: "shell_command", args: { command } }];
const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

/**
 * A directory outside every default writable root, with a `.git` folder and a `src` folder;
 * removed by `cleanup`. The commands write into `src`: under Landlock (a machine without
 * bubblewrap) no new entry can be made directly in a root that holds `.git` (docs/tools.md).
 */
async function extraDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await Deno.makeTempDir({ dir: "/var/tmp", prefix: "tern-add-dir-" });
  await Deno.mkdir(join(dir, ".git"));
  await Deno.mkdir(join(dir, "src"));
  return { dir, cleanup: () => Deno.remove(dir, { recursive: true }) };
}

/** The scripted turn: write DIR/src/out.txt, then DIR/.git/planted, then say what each printed. */
function writes(dir: string): unknown[][] {
  return [
    shell(`echo added > ${dir}/src/out.txt && echo wrote-out`),
    shell(`echo no > ${dir}/.git/planted && echo wrote-git`),
    [{ say: "done" }],
  ];
}

Deno.test("tern exec --add-dir DIR lets a workspace-write command write DIR but not DIR/.git; without it the write fails", async () => {
  const sandbox = await makeSandbox();
  const extra = await extraDir();
  try {
    const config = ['sandbox_mode="workspace-write"', 'approval_policy="never"'];
    const without = await runScriptedExec(sandbox, "write there", writes(extra.dir), config);
    assertEquals(without.code, 0, without.stderr);
    assertEquals(await exists(join(extra.dir, "src", "out.txt")), false, "wrote DIR without --add-dir");

    const run = await runTern(sandbox, [
      ...["-c", 'model_provider="scripted"', "-c", `scripted.responses=${JSON.stringify(writes(extra.dir))}`],
      ...config.flatMap((o) => ["-c", o]),
      "exec",
      "--add-dir",
      extra.dir,
      "write there",
    ]);
    assertEquals(run.code, 0, run.stderr);
    assertEquals(run.stderr.includes("No sandbox for shell commands"), false, run.stderr);
    assertEquals(await Deno.readTextFile(join(extra.dir, "src", "out.txt")), "added\n");
    assertEquals(await exists(join(extra.dir, ".git", "planted")), false, "wrote DIR/.git");
    // The transcript indents each command's output: the first write printed, the second did not get that far.
    assertEquals(/^ {2}wrote-out$/m.test(run.stderr), true, run.stderr);
    assertEquals(/^ {2}wrote-git$/m.test(run.stderr), false, run.stderr);
  } finally {
    await extra.cleanup();
    await sandbox.cleanup();
  }
});

Deno.test("--add-dir resolves a relative DIR against the workspace (-C), and tern sandbox lists it", async () => {
  const sandbox = await makeSandbox();
  try {
    await Deno.mkdir(join(sandbox.root, "shared"));
    // Run from elsewhere: the workspace named by -C, not the process's directory, anchors the path.
    const run = await runTern(sandbox, ["-C", sandbox.workspace, "--add-dir", "../shared", "sandbox", "--json"], {
      cwd: sandbox.root,
    });
    const report = JSON.parse(run.stdout) as { writableRoots: string[] };
    assertEquals(report.writableRoots.includes(await Deno.realPath(join(sandbox.root, "shared"))), true, run.stdout);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("--add-dir naming a missing path or a file stops before anything runs, naming it", async () => {
  const sandbox = await makeSandbox();
  try {
    await Deno.writeTextFile(join(sandbox.workspace, "notes.txt"), "x");
    const missing = await runTern(sandbox, ["exec", "--add-dir", "no-such-dir", "hi"]);
    assertEquals(missing.code, 2, missing.stderr);
    assertStringIncludes(
      missing.stderr,
      `Error: --add-dir no-such-dir (${join(sandbox.workspace, "no-such-dir")}) does not exist`,
    );
    const file = await runTern(sandbox, ["--add-dir", "notes.txt", "exec", "hi"]);
    assertEquals(file.code, 2, file.stderr);
    assertStringIncludes(file.stderr, "--add-dir notes.txt");
    assertStringIncludes(file.stderr, "is not a directory");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test({
  name: "tern --add-dir DIR: in the interactive session a command may write DIR but not DIR/.git",
  ignore: skipWhen(!HAS_SCRIPT, "test/add_dir_test.ts: the interactive session: no util-linux `script` for a PTY"),
  fn: async () => {
    const sandbox: Sandbox = await makeSandbox();
    const extra = await extraDir();
    const script = JSON.stringify(writes(extra.dir));
    const term = openTerminal(sandbox, [
      ...["-c", 'model_provider="scripted"', "-c", `scripted.responses=${script}`],
      ...["-c", 'sandbox_mode="workspace-write"', "-c", 'approval_policy="never"'],
      "--add-dir",
      extra.dir,
    ]);
    try {
      await term.waitFor("enter send");
      await term.type("write there" + Keys.enter);
      await term.waitFor(/Worked for/);
      assertEquals(await Deno.readTextFile(join(extra.dir, "src", "out.txt")), "added\n");
      assertEquals(await exists(join(extra.dir, ".git", "planted")), false, "wrote DIR/.git");
    } finally {
      await term.close();
      await extra.cleanup();
      await sandbox.cleanup();
    }
  },
});
