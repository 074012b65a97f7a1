import { assertEquals } from "@std/assert";
import { runCommand } from "./command_runner.ts";
import { withTempDir } from "./_testing.ts";

const base = { env: {}, timeoutSec: 5 };

Deno.test("runCommand() writes the input to stdin and captures stdout, stderr and the exit code", async () => {
  await withTempDir(async (dir) => {
    const result = await runCommand("cat; echo oops >&2; exit 3", { ...base, cwd: dir, stdin: '{"a":1}' });
    assertEquals([result.exitCode, result.stdout, result.stderr, result.error], [3, '{"a":1}', "oops\n", null]);
  });
});

Deno.test("runCommand() is fine with a hook that never reads its stdin", async () => {
  await withTempDir(async (dir) => {
    const result = await runCommand("echo done", { ...base, cwd: dir, stdin: "x".repeat(1 << 20) });
    assertEquals([result.exitCode, result.stdout.trim()], [0, "done"]);
  });
});

Deno.test("runCommand() reports a hook that cannot start instead of throwing", async () => {
  const result = await runCommand("true", { ...base, cwd: "/nowhere/at/all", stdin: "" });
  assertEquals(result.exitCode, null);
  assertEquals(result.error?.startsWith("cannot start hook:"), true);
  const noShell = await runCommand("true", { ...base, cwd: "/", stdin: "", shell: ["/no/such/shell", "-c"] });
  assertEquals(noShell.error?.startsWith("cannot start hook:"), true);
});

Deno.test("runCommand() runs the command with the given environment added", async () => {
  await withTempDir(async (dir) => {
    const result = await runCommand('printf "%s" "$TERN_PROJECT_DIR"', {
      ...base,
      env: { TERN_PROJECT_DIR: "/proj" },
      cwd: dir,
      stdin: "",
    });
    assertEquals(result.stdout, "/proj");
  });
});
