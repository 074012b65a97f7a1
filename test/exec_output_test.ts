/**
 * @module
 * What `tern exec` prints where, and what it says when something is wrong, driven through the real
 * binary: stdout holds only the final answer; the variable to set when there is no API key; a
 * fatal error said once; a prompt that is not text; a workspace that is not a directory.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { makeSandbox, runScriptedExec, runTern } from "./support/tern_process.ts";

const occurrences = (text: string, part: string) => text.split(part).length - 1;

Deno.test("with no API key, exec names OPENAI_API_KEY (the README's variable) and the other it reads, once", async () => {
  const sandbox = await makeSandbox();
  try {
    delete sandbox.env.OPENAI_API_KEY;
    // An address nothing listens on: no request may be made without a key anyway.
    const run = await runTern(sandbox, ["-c", 'openai_base_url="http://127.0.0.1:9/v1"', "exec", "hi"]);
    assertEquals(run.code, 1);
    assertStringIncludes(
      run.stderr,
      "no API key. Set the environment variable OPENAI_API_KEY (CODEX_API_KEY is read too)",
    );
    assertEquals(occurrences(run.stderr, "Set the environment variable OPENAI_API_KEY"), 1, run.stderr);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("exec refuses a prompt on stdin that is not text, naming the bad byte, before any request", async () => {
  const sandbox = await makeSandbox();
  try {
    const run = await runTern(sandbox, ["-c", 'openai_base_url="http://127.0.0.1:9/v1"', "exec", "-"], {
      stdinBytes: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0xff, 0xfe]),
    });
    assertEquals(run.code, 1);
    assertStringIncludes(run.stderr, "The prompt on stdin is not UTF-8 text: byte 8 (0xff)");
    assertEquals(run.stderr.includes("\x7f"), false, "the bytes are not echoed to the terminal");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("-C must name a directory that exists: tern says which and runs nothing", async () => {
  const sandbox = await makeSandbox();
  try {
    const missing = await runTern(sandbox, ["-C", "no/such/dir", "exec", "--skip-git-repo-check", "hi"]);
    assertEquals(missing.code, 2);
    assertStringIncludes(missing.stderr, `-C no/such/dir (${join(sandbox.workspace, "no/such/dir")}) does not exist`);
    await Deno.writeTextFile(join(sandbox.workspace, "notes.txt"), "x");
    const file = await runTern(sandbox, ["-C", "notes.txt", "exec", "hi"]);
    assertEquals(file.code, 2);
    assertStringIncludes(file.stderr, `-C notes.txt (${join(sandbox.workspace, "notes.txt")}) is not a directory`);
    assertEquals(await Array.fromAsync(Deno.readDir(sandbox.ternHome)), [], "nothing was written to Tern's home");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("stdout holds only the turn's final message; the transcript, earlier messages included, is on stderr", async () => {
  const sandbox = await makeSandbox();
  try {
    const run = await runScriptedExec(sandbox, "count the files", [
      [{ say: "I'll list the files." }, { call: "shell_command", args: { command: "echo one two" } }],
      [{ say: "There are two." }],
    ]);
    assertEquals(run.code, 0, run.stderr);
    assertEquals(run.stdout, "There are two.\n");
    assertStringIncludes(run.stderr, "I'll list the files.");
    assertStringIncludes(run.stderr, "one two");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("a resumed run's header says it resumed, and after how many turns", async () => {
  const sandbox = await makeSandbox();
  try {
    const first = await runScriptedExec(sandbox, "one", [[{ say: "First." }]]);
    assertEquals(first.code, 0, first.stderr);
    assertEquals(first.stderr.includes("resumed"), false);
    const scripted = ['model_provider="scripted"', `scripted.responses=${JSON.stringify([[{ say: "Second." }]])}`];
    const again = await runTern(sandbox, [...scripted.flatMap((o) => ["-c", o]), "exec", "resume", "--last", "two"]);
    assertEquals(again.code, 0, again.stderr);
    assertStringIncludes(again.stderr, "resumed   yes, after 1 earlier turn");
    assertEquals(again.stdout, "Second.\n");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("exec's transcript shows a patch as its diff, and a failed patch as failed", async () => {
  const sandbox = await makeSandbox();
  try {
    await Deno.writeTextFile(join(sandbox.workspace, "greet.txt"), "hello\nworld\n");
    const patch = "*** Begin Patch\n*** Update File: greet.txt\n@@\n hello\n-world\n+there\n*** End Patch";
    const broken = "*** Begin Patch\n*** Update File: missing.txt\n@@\n-x\n+y\n*** End Patch";
    const run = await runScriptedExec(sandbox, "edit", [
      [{ custom: "apply_patch", input: patch }],
      [{ custom: "apply_patch", input: broken }],
      [{ say: "Edited." }],
    ], ['sandbox_mode="workspace-write"', 'approval_policy="never"']);
    assertEquals(run.code, 0, run.stderr);
    assertStringIncludes(run.stderr, `patch update ${join(sandbox.workspace, "greet.txt")} (+1 -1)`);
    assertStringIncludes(run.stderr, "   hello\n  -world\n  +there\n  ✓ applied");
    assertEquals(await Deno.readTextFile(join(sandbox.workspace, "greet.txt")), "hello\nthere\n");
    assertEquals(run.stdout, "Edited.\n");
  } finally {
    await sandbox.cleanup();
  }
});
