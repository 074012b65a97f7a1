/**
 * `tern exec -s workspace-write`, end to end on the scripted model, on whatever sandbox this machine
 * has (on a fresh Linux machine: Landlock + seccomp): `ls` runs without asking, a write in the
 * workspace lands, and neither a write outside it nor a connection to a server on loopback gets
 * through. The model reads each command's output.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { makeSandbox, runScriptedExec } from "./support/tern_process.ts";

const shell = (command: string) => [{ call: "shell_command", args: { command } }];

Deno.test("tern exec -s workspace-write runs ls, writes the workspace, and cannot write outside it, into Tern's home, or reach the network", async () => {
  const sandbox = await makeSandbox();
  let hits = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, () => {
    hits++;
    return new Response("reached");
  });
  const outside = `/var/tmp/tern-exec-outside-${crypto.randomUUID()}`;
  try {
    await Deno.mkdir(join(sandbox.workspace, "src"));
    await Deno.writeTextFile(join(sandbox.workspace, "src", "main.ts"), "console.log(1);\n");
    const script = [
      shell("ls src"),
      shell("echo made > src/made.txt && cat src/made.txt"),
      shell(`echo no > ${outside}`),
      // Tern's home is under /tmp, a writable root: still never writable (the next session would run the hook).
      shell(`echo '{}' > ${sandbox.ternHome}/hooks.json`),
      shell(`exec 3<>/dev/tcp/127.0.0.1/${server.addr.port} && echo connected`),
      [{ say: "Read: {{output}}" }],
    ];
    const run = await runScriptedExec(sandbox, "look around", script, ['sandbox_mode="workspace-write"']);
    assertEquals(run.code, 0, run.stderr);
    assertEquals(run.stderr.includes("No sandbox for shell commands"), false, run.stderr);
    // The transcript (stderr) shows each command and its outcome.
    assertStringIncludes(run.stderr, "exec ls src in");
    assertStringIncludes(run.stderr, "  main.ts\n  ✓ exit 0");
    assertEquals(await Deno.readTextFile(join(sandbox.workspace, "src", "made.txt")), "made\n");
    assertEquals(await Deno.stat(outside).then(() => true, () => false), false, "wrote outside the workspace");
    const planted = await Deno.stat(join(sandbox.ternHome, "hooks.json")).then(() => true, () => false);
    assertEquals(planted, false, "planted a hook in Tern's home");
    assertEquals(/^ {2}connected$/m.test(run.stderr), false, run.stderr); // the command's output line
    assertEquals(hits, 0);
  } finally {
    await server.shutdown();
    await sandbox.cleanup();
  }
});
