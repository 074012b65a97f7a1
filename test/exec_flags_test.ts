/**
 * `tern exec` flags from `codex exec` that Tern used to take and ignore: `--color` now decides the
 * transcript's colour (over NO_COLOR and the terminal check), and `--cyber-access-program` is
 * refused with an error naming the flag and `--thread-source` is run without, with a warning.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { makeSandbox, runTern, scriptedModel } from "./support/tern_process.ts";

const ESC = "\x1b[";

Deno.test("tern exec --color always colours the transcript even when NO_COLOR is set and stderr is a pipe; never and auto do not", async () => {
  const sandbox = await makeSandbox(); // its environment sets NO_COLOR=1
  try {
    const script = scriptedModel([[{ say: "hello" }]]);
    const always = await runTern(sandbox, [...script, "exec", "--color", "always", "hi"]);
    assertEquals(always.code, 0, always.stderr);
    assertStringIncludes(always.stderr, ESC);
    assertEquals(always.stdout, "hello\n", "the answer on stdout stays plain");
    for (const color of ["never", "auto"]) {
      const run = await runTern(sandbox, [...script, "exec", `--color=${color}`, "hi"], { env: { NO_COLOR: "" } });
      assertEquals(run.code, 0, run.stderr);
      assertEquals(run.stderr.includes(ESC), false, `--color ${color}: ${JSON.stringify(run.stderr)}`);
    }
    const bad = await runTern(sandbox, [...script, "exec", "--color", "sometimes", "hi"]);
    assertEquals(bad.code, 2);
    assertStringIncludes(bad.stderr, '--color "sometimes" is not one of always, never, auto');
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("tern exec refuses --cyber-access-program and warns that it ignores --thread-source", async () => {
  const sandbox = await makeSandbox();
  try {
    const refused = await runTern(sandbox, [
      ...scriptedModel([[{ say: "ran" }]]),
      "exec",
      "--cyber-access-program",
      "x",
      "hi",
    ]);
    assertEquals(refused.code, 2, refused.stderr);
    assertStringIncludes(refused.stderr, 'Cannot use "tern exec --cyber-access-program"');
    assertEquals(refused.stdout, "", "no turn ran");

    const labelled = await runTern(sandbox, [
      ...scriptedModel([[{ say: "ran" }]]),
      "exec",
      "--thread-source",
      "ci",
      "hi",
    ]);
    assertEquals(labelled.code, 0, labelled.stderr);
    assertEquals(labelled.stdout, "ran\n");
    assertStringIncludes(
      labelled.stderr,
      'warning: tern exec ignores --thread-source "ci": Tern records every exec thread with source "exec"',
    );

    const help = await runTern(sandbox, ["exec", "--help"]);
    assertStringIncludes(help.stdout, "--color always|never|auto");
    assertStringIncludes(help.stdout, "--add-dir DIR");
    assertStringIncludes(help.stdout, "--cyber-access-program is refused");
    assertStringIncludes(help.stdout, "--thread-source VALUE is ignored with a warning");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("tern --watch exec says --watch does nothing for a one-turn exec and names the loops that work", async () => {
  const sandbox = await makeSandbox();
  try {
    const run = await runTern(sandbox, ["--watch", ...scriptedModel([[{ say: "hello" }]]), "exec", "hi"]);
    assertEquals(run.code, 0, run.stderr);
    assertEquals(run.stdout, "hello\n");
    assertStringIncludes(run.stderr, "warning: --watch does nothing for tern exec (it runs one turn and exits)");
    assertStringIncludes(run.stderr, "tern plugin reload --watch");
  } finally {
    await sandbox.cleanup();
  }
});
