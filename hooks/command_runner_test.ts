import { assertEquals, assertLess } from "@std/assert";
import { skipWhen } from "../test/support/skip.ts";
import { processesLeft, processesWith } from "../test/support/processes.ts";
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

Deno.test({
  name: "runCommand() returns once an exited hook's output drains, not when its background child ends, and kills it",
  ignore: skipWhen(Deno.build.os === "windows", "command_runner_test.ts: process groups: not on Windows"),
  async fn() {
    await withTempDir(async (dir) => {
      const marker = `41.${Math.floor(Math.random() * 1e6)}`;
      const started = performance.now();
      const result = await runCommand(`sleep ${marker} & echo '{"ok":true}'; exit 0`, {
        ...base,
        timeoutSec: 60,
        cwd: dir,
        stdin: "",
      });
      // The hook finished: its exit code and output are the result, long before the child's 41 s.
      assertEquals([result.exitCode, result.stdout, result.error], [0, '{"ok":true}\n', null]);
      assertLess(performance.now() - started, 20_000);
      assertEquals(await processesLeft(`sleep ${marker}`, 1_000), [], "the hook's background child outlived it");
    });
  },
});

Deno.test({
  name: "runCommand(): a pipe holder that left the hook's process group cannot hold an exited hook either",
  ignore: skipWhen(Deno.build.os !== "linux", "command_runner_test.ts: the pipe-holder test needs Linux's setsid"),
  async fn() {
    await withTempDir(async (dir) => {
      const marker = `42.${Math.floor(Math.random() * 1e6)}`;
      const started = performance.now();
      try {
        const result = await runCommand(`setsid sleep ${marker} & echo done`, {
          ...base,
          timeoutSec: 1,
          cwd: dir,
          stdin: "",
        });
        assertEquals([result.exitCode, result.stdout, result.error], [0, "done\n", null]);
        assertLess(performance.now() - started, 20_000);
      } finally {
        for (const pid of processesWith(`sleep ${marker}`)) Deno.kill(pid, "SIGKILL");
      }
    });
  },
});
