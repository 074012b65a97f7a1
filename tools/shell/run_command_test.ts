import { assert, assertEquals, assertLess, assertStringIncludes } from "@std/assert";
import { fakeContext } from "./_fake_context.ts";
import { denoShellOperations, type ShellOperations } from "./operations.ts";
import { runCommand } from "./run_command.ts";

const options = { operations: denoShellOperations, shell: "/bin/bash", login: false, maxOutputBytes: 10_000 };

Deno.test("`runCommand()` caps the output kept on the item, keeping head and tail", async () => {
  const fake = fakeContext({ cwd: Deno.cwd() });
  const command = "echo FIRST; head -c 300000 /dev/zero | tr '\\0' x; echo; echo LAST";
  await runCommand({ command, cwd: Deno.cwd(), timeoutMs: 10_000 }, fake.ctx, { ...options, maxItemOutput: 1000 });
  const kept = fake.completed().aggregatedOutput ?? "";
  assert(kept.startsWith("FIRST\nxxx"), kept.slice(0, 20));
  assert(kept.endsWith("xxx\nLAST\n"), kept.slice(-20));
  assertStringIncludes(kept, "chars truncated…");
  assertLess(kept.length, 1100);
});

Deno.test("`runCommand()` spawns through its operations, so a wrapper sees every command", async () => {
  const seen: string[][] = [];
  const operations: ShellOperations = {
    ...denoShellOperations,
    spawn(request) {
      seen.push([request.program, ...request.args, request.cwd]);
      return denoShellOperations.spawn(request);
    },
  };
  const fake = fakeContext({ cwd: "/" });
  const result = await runCommand({ command: "echo via-seam", cwd: "/", timeoutMs: 10_000 }, fake.ctx, {
    ...options,
    operations,
    login: true,
  });
  assertEquals(seen, [["/bin/bash", "-lc", "echo via-seam", "/"]]);
  assertStringIncludes(result.output as string, "via-seam");
});

Deno.test("`runCommand()` stops reading after the drain period when a background child keeps the pipe open", async () => {
  const fake = fakeContext({ cwd: "/" });
  const started = performance.now();
  const result = await runCommand(
    { command: "echo started; (sleep 5; echo late) & exit 0", cwd: "/", timeoutMs: 60_000 },
    fake.ctx,
    options,
  );
  assertLess(performance.now() - started, 4_500);
  assertEquals(result.success, true);
  assertEquals(fake.completed().aggregatedOutput, "started\n");
});
