/**
 * `tern sandbox`, driven as a user would: it names this machine's backend and the policy, runs one
 * command under a mode and exits with its code, and refuses what the mode refuses; with
 * `TERN_SANDBOX_BACKEND=none` it says there is no sandbox and what to do. Also `tern doctor`'s line.
 */
import { assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { makeSandbox, runTern } from "./support/tern_process.ts";
import { SANDBOX_DENIED } from "./support/processes.ts";

Deno.test("tern sandbox names the backend, and runs a command that writes the workspace but not outside it", async () => {
  const sandbox = await makeSandbox();
  try {
    await Deno.mkdir(join(sandbox.workspace, "src"));
    const status = await runTern(sandbox, ["sandbox", "--json"]);
    assertEquals(status.code, 0, status.stderr);
    const report = JSON.parse(status.stdout);
    assertEquals(["bwrap", "landlock", "seatbelt"].includes(report.backend), true, status.stdout);
    assertEquals(report.mode, "workspace-write");
    assertEquals(report.readOnlyPaths.includes(await Deno.realPath(join(sandbox.workspace, ".git"))), true);

    const outside = `/var/tmp/tern-outside-${crypto.randomUUID()}`; // /tmp is a writable root
    const run = await runTern(sandbox, [
      "sandbox",
      "--",
      "sh",
      "-c",
      `echo inside > src/made.txt && cat src/made.txt && echo x > ${outside}; echo sandbox=$TERN_SANDBOX`,
    ]);
    assertStringIncludes(run.stdout, "inside\n");
    assertStringIncludes(run.stdout, `sandbox=${report.backend}\n`);
    assertMatch(run.stderr, SANDBOX_DENIED);
    assertEquals(await Deno.stat(outside).then(() => true, () => false), false);

    const readOnly = await runTern(sandbox, ["sandbox", "--mode", "read-only", "--", "touch", "src/new.txt"]);
    assertEquals(readOnly.code, 1, readOnly.stderr);
    const doctor = await runTern(sandbox, ["doctor"]);
    assertStringIncludes(doctor.stdout, `Sandbox: `);
    assertStringIncludes(doctor.stdout, `(mode workspace-write)`);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("tern sandbox without a backend says what is missing and refuses to run unsandboxed", async () => {
  const sandbox = await makeSandbox();
  try {
    const env = { TERN_SANDBOX_BACKEND: "none" };
    const status = await runTern(sandbox, ["sandbox"], { env });
    assertEquals(status.code, 1);
    assertStringIncludes(
      status.stdout,
      "No sandbox for shell commands: TERN_SANDBOX_BACKEND=none turns the sandbox off",
    );
    const run = await runTern(sandbox, ["sandbox", "--", "true"], { env });
    assertEquals(run.code, 126);
    const doctor = await runTern(sandbox, ["doctor", "--json"], { env });
    const report = JSON.parse(doctor.stdout);
    assertEquals(report.sandbox.backend, "none");
    assertEquals(report.problems.some((p: { section: string }) => p.section === "sandbox"), true);
    const bad = await runTern(sandbox, ["sandbox", "--mode", "everything"]);
    assertEquals(bad.code, 2);
    assertStringIncludes(bad.stderr, 'Cannot use sandbox mode "everything"');
  } finally {
    await sandbox.cleanup();
  }
});
