/**
 * @module
 * How `tern exec` answers the shell tool's approvals, end to end on the scripted model: at a
 * terminal (a real pseudo-terminal from util-linux `script`) it asks y / a / n / c; without one it
 * declines by policy with a message the model reads; and on a machine where bubblewrap cannot
 * sandbox, it warns once and every command needs approval.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { skipWhen } from "./support/skip.ts";
import { makeSandbox, runScriptedExec, type Sandbox, TERN_BIN } from "./support/tern_process.ts";

// util-linux `script` gives the pseudo-terminal (macOS's BSD `script` takes other flags).
const SCRIPT = Deno.build.os !== "linux" ? undefined : ["/usr/bin/script", "/bin/script"].find((path) => {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
});
const QUESTION = "[y]es / [a]lways this session / [n]o / [c]ancel turn:";

const shell = (command: string) => [{ call: "shell_command", args: { command } }];
const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;
const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

/** Runs `tern exec` with stdin and stdout on a pseudo-terminal, typing `typed` ahead. */
async function execAtTerminal(sandbox: Sandbox, script: unknown[][], typed: string) {
  const args = [
    "-a",
    "untrusted",
    "-c",
    'model_provider="scripted"',
    "-c",
    `scripted.responses=${JSON.stringify(script)}`,
    "exec",
    "do it",
  ];
  const child = new Deno.Command(SCRIPT!, {
    args: ["-qefc", [TERN_BIN, ...args].map(quote).join(" "), "/dev/null"],
    cwd: sandbox.workspace,
    env: sandbox.env,
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    // An unexpected question would wait for an answer forever (script keeps the terminal open): fail instead.
    signal: AbortSignal.timeout(60_000),
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(typed));
  await writer.close();
  const out = await child.output();
  return { code: out.code, text: new TextDecoder().decode(out.stdout).replaceAll("\r\n", "\n") };
}

Deno.test({
  name: "tern exec at a terminal asks y / a / n and follows each answer; a(lways) is not asked again",
  ignore: skipWhen(
    SCRIPT === undefined,
    "exec_shell_approval_test.ts: the terminal tests: no util-linux `script` here",
  ),
  async fn() {
    const sandbox = await makeSandbox();
    try {
      // In src/: under Landlock a git workspace's own top level takes no new entries (docs/tools.md).
      await Deno.mkdir(join(sandbox.workspace, "src"));
      const script = [
        shell("touch src/yes.txt"),
        shell("touch src/always.txt"),
        shell("touch src/always.txt"),
        shell("touch src/no.txt"),
        [{ say: "Read: {{output}}" }],
      ];
      const run = await execAtTerminal(sandbox, script, "y\na\nn\n");
      assertEquals(run.code, 0, run.text);
      assertEquals(run.text.split(QUESTION).length - 1, 3, run.text);
      assertStringIncludes(run.text, `Run \`touch src/yes.txt\` in ${sandbox.workspace}?`);
      assertStringIncludes(run.text, "Read: the user declined to run this command");
      const files = ["yes.txt", "always.txt", "no.txt"].map((f) => exists(join(sandbox.workspace, "src", f)));
      assertEquals(await Promise.all(files), [true, true, false]);
    } finally {
      await sandbox.cleanup();
    }
  },
});

Deno.test({
  name: "tern exec at a terminal: c(ancel) runs nothing and interrupts the turn (exit 130)",
  ignore: skipWhen(
    SCRIPT === undefined,
    "exec_shell_approval_test.ts: the terminal tests: no util-linux `script` here",
  ),
  async fn() {
    const sandbox = await makeSandbox();
    try {
      const run = await execAtTerminal(sandbox, [shell("touch cancel.txt"), [{ say: "not reached" }]], "c\n");
      assertEquals(run.code, 130, run.text);
      assertStringIncludes(run.text, "turn interrupted");
      assertEquals(run.text.includes("not reached"), false);
      assertEquals(await exists(join(sandbox.workspace, "cancel.txt")), false);
    } finally {
      await sandbox.cleanup();
    }
  },
});

Deno.test("tern exec without a terminal declines by policy, and the model reads a message it can act on", async () => {
  const sandbox = await makeSandbox();
  try {
    const run = await runScriptedExec(sandbox, "do it", [shell("touch made.txt"), [{ say: "Read: {{output}}" }]], [
      'approval_policy="untrusted"',
    ]);
    assertEquals(run.code, 0, run.stderr);
    assertStringIncludes(run.stdout, "Read: the user declined to run this command (tern exec runs without a terminal");
    assertStringIncludes(run.stdout, "nobody can approve this");
    assertEquals(run.stderr.includes(QUESTION), false);
    assertEquals(await exists(join(sandbox.workspace, "made.txt")), false);
  } finally {
    await sandbox.cleanup();
  }
});

/** Puts a bubblewrap that cannot create namespaces first on the sandbox's PATH. */
async function breakBwrap(sandbox: Sandbox): Promise<void> {
  const bin = join(sandbox.root, "bin");
  await Deno.mkdir(bin);
  await Deno.writeTextFile(
    join(bin, "bwrap"),
    "#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n",
  );
  await Deno.chmod(join(bin, "bwrap"), 0o755);
  sandbox.env.PATH = `${bin}:${sandbox.env.PATH}`;
}

Deno.test({
  name: "where bubblewrap cannot sandbox, Landlock takes over: commands run sandboxed without asking",
  ignore: skipWhen(Deno.build.os !== "linux", "exec_shell_approval_test.ts: the Landlock fallback test needs Linux"),
  async fn() {
    const sandbox = await makeSandbox();
    try {
      await breakBwrap(sandbox);
      await Deno.mkdir(join(sandbox.workspace, "src"));
      const script = [shell("echo made > src/made.txt && echo sandbox=$TERN_SANDBOX"), [{ say: "Read: {{output}}" }]];
      const run = await runScriptedExec(sandbox, "do it", script, ['approval_policy="on-request"']);
      assertEquals(run.code, 0, run.stderr);
      assertEquals(run.stderr.includes("No sandbox for shell commands"), false, run.stderr);
      assertStringIncludes(run.stdout, "sandbox=landlock");
      assertEquals(await Deno.readTextFile(join(sandbox.workspace, "src", "made.txt")), "made\n");
    } finally {
      await sandbox.cleanup();
    }
  },
});

Deno.test("where no sandbox can be had, tern exec warns once and every command needs approval", async () => {
  const sandbox = await makeSandbox();
  try {
    // Only bubblewrap allowed, and it cannot create namespaces: a machine with no working sandbox.
    await breakBwrap(sandbox);
    sandbox.env.TERN_SANDBOX_BACKEND = "bwrap";
    const script = [shell("ls"), shell("touch made.txt"), [{ say: "Read: {{output}}" }]];
    const run = await runScriptedExec(sandbox, "do it", script, ['approval_policy="on-request"']);
    assertEquals(run.code, 0, run.stderr);
    assertEquals(run.stderr.split("No sandbox for shell commands").length - 1, 1, run.stderr);
    assertStringIncludes(run.stderr, "cannot create a sandbox here: bwrap: No permissions to create new namespace");
    assertStringIncludes(run.stdout, "It needed approval because no sandbox is available on this machine");
    assertEquals(await exists(join(sandbox.workspace, "made.txt")), false);
  } finally {
    await sandbox.cleanup();
  }
});
