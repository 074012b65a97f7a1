/**
 * `tern exec` flags from `codex exec` that Tern used to take and ignore: `--color` now decides the
 * transcript's colour (over NO_COLOR and the terminal check), and `--thread-source` and
 * `--cyber-access-program` are refused with an error naming the flag.
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

Deno.test("tern exec refuses --thread-source and --cyber-access-program instead of ignoring them", async () => {
  const sandbox = await makeSandbox();
  try {
    for (const flag of ["--thread-source", "--cyber-access-program"]) {
      const run = await runTern(sandbox, [...scriptedModel([[{ say: "ran" }]]), "exec", flag, "x", "hi"]);
      assertEquals(run.code, 2, `${flag}: ${run.stderr}`);
      assertStringIncludes(run.stderr, `Cannot use "tern exec ${flag}"`);
      assertEquals(run.stdout, "", `${flag}: no turn ran`);
    }
    const help = await runTern(sandbox, ["exec", "--help"]);
    assertStringIncludes(help.stdout, "--color always|never|auto");
    assertStringIncludes(help.stdout, "--add-dir DIR");
    assertStringIncludes(help.stdout, "Refused: --thread-source and --cyber-access-program");
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
