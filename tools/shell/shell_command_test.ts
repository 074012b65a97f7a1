import { assert, assertEquals, assertLess, assertMatch, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { fakeContext } from "./_fake_context.ts";
import { createShellCommandTool } from "./shell_command.ts";

const bash = "/bin/bash";

async function tempDir(): Promise<string> {
  return await Deno.realPath(await Deno.makeTempDir({ prefix: "tern-shell-" }));
}

/** Whether a process is still running (a zombie waiting for its reaper counts as gone). */
function isRunning(pid: number): boolean {
  assert(Number.isInteger(pid) && pid > 0, `not a pid: ${pid}`);
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** Waits up to a second for a killed process to finish dying; true when it is gone. */
async function isGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50 && isRunning(pid); i++) await new Promise((r) => setTimeout(r, 20));
  return !isRunning(pid);
}

Deno.test("`shell_command` streams output between item/started and item/completed", async () => {
  const cwd = await tempDir();
  const fake = fakeContext({ cwd });
  const tool = createShellCommandTool({ shell: bash });
  const result = await tool.execute({ command: "echo hello; echo world" }, fake.ctx);

  const kinds = fake.events.map((e) => e.kind);
  assertEquals(kinds[0], "started");
  assertEquals(kinds.at(-1), "completed");
  assert(kinds.slice(1, -1).length > 0 && kinds.slice(1, -1).every((k) => k === "delta"), kinds.join(","));
  const started = fake.events[0];
  assert(started.kind === "started" && started.item.type === "commandExecution");
  assertEquals(started.item.status, "inProgress");
  assertEquals(started.item.id, "call-1");
  assertEquals(started.item.cwd, cwd);
  assertEquals(started.item.commandActions, [{ type: "unknown", command: "echo hello; echo world" }]);
  assert(fake.events.every((e) => e.kind !== "delta" || e.itemId === "call-1"));
  assertEquals(fake.deltas(), "hello\nworld\n");

  const item = fake.completed();
  assertEquals(item.status, "completed");
  assertEquals(item.exitCode, 0);
  assertEquals(item.aggregatedOutput, "hello\nworld\n");
  assertMatch(item.processId ?? "", /^\d+$/);
  assert(item.durationMs !== null && item.durationMs >= 0);
  assertEquals(result.success, true);
  assertMatch(result.output as string, /^Exit code: 0\nWall time: \d+\.\d seconds\nOutput:\nhello\nworld\n$/);
});

Deno.test("`shell_command` marks a non-zero exit as failed and tells the model the exit code", async () => {
  const fake = fakeContext({ cwd: await tempDir() });
  const result = await createShellCommandTool({ shell: bash }).execute({ command: "echo partial; exit 3" }, fake.ctx);
  assertEquals(result.success, false);
  assertMatch(result.output as string, /^Exit code: 3\n/);
  assertStringIncludes(result.output as string, "Output:\npartial\n");
  assertEquals(fake.completed().status, "failed");
  assertEquals(fake.completed().exitCode, 3);
});

Deno.test("`shell_command` captures stderr together with stdout in arrival order", async () => {
  const fake = fakeContext({ cwd: await tempDir() });
  const command = "echo out1; sleep 0.1; echo err1 >&2; sleep 0.1; echo out2";
  const result = await createShellCommandTool({ shell: bash }).execute({ command }, fake.ctx);
  assertEquals(fake.completed().aggregatedOutput, "out1\nerr1\nout2\n");
  assertStringIncludes(result.output as string, "Output:\nout1\nerr1\nout2\n");
});

Deno.test("`shell_command` resolves a relative workdir against the thread cwd", async () => {
  const cwd = await tempDir();
  await Deno.mkdir(join(cwd, "sub"));
  const fake = fakeContext({ cwd });
  const result = await createShellCommandTool({ shell: bash }).execute({ command: "pwd", workdir: "sub" }, fake.ctx);
  assertStringIncludes(result.output as string, `Output:\n${join(cwd, "sub")}\n`);
  assertEquals(fake.completed().cwd, join(cwd, "sub"));
});

Deno.test("`shell_command` reports a missing workdir as a failed item and a clear error", async () => {
  const cwd = await tempDir();
  const fake = fakeContext({ cwd });
  const result = await createShellCommandTool({ shell: bash }).execute({ command: "pwd", workdir: "nope" }, fake.ctx);
  assertEquals(result.success, false);
  assertEquals(
    result.output,
    `Cannot run shell command: working directory "${join(cwd, "nope")}" does not exist`,
  );
  assertEquals(fake.events.map((e) => e.kind), ["started", "completed"]);
  assertEquals(fake.completed().status, "failed");
  assertEquals(fake.completed().exitCode, null);
});

Deno.test("`shell_command` reports a shell that cannot start as a failed item", async () => {
  const fake = fakeContext({ cwd: await tempDir() });
  const tool = createShellCommandTool({ shell: "/nonexistent/zsh" });
  const result = await tool.execute({ command: "echo hi" }, fake.ctx);
  assertEquals(result.success, false);
  assertMatch(result.output as string, /^Cannot run shell command: failed to start "\/nonexistent\/zsh": /);
  assertEquals(fake.completed().status, "failed");
});

Deno.test("`shell_command` kills the command and the processes it started on timeout", async () => {
  const fake = fakeContext({ cwd: await tempDir() });
  const started = performance.now();
  const result = await createShellCommandTool({ shell: bash }).execute(
    { command: "sleep 30 & echo child=$!; sleep 30", timeout_ms: 300 },
    fake.ctx,
  );
  assertLess(performance.now() - started, 5_000);
  const output = result.output as string;
  assertMatch(
    output,
    /^Exit code: 124\nWall time: \d+\.\d seconds\nOutput:\ncommand timed out after 300 milliseconds\n/,
  );
  assertEquals(result.success, false);
  assertEquals(fake.completed().exitCode, 124);
  assertEquals(fake.completed().status, "failed");
  const childPid = Number(output.match(/child=(\d+)/)?.[1]);
  assert(await isGone(childPid), `background child ${childPid} survived the timeout`);
});

Deno.test("`shell_command` kills the command when the turn is interrupted", async () => {
  const controller = new AbortController();
  const fake = fakeContext({ cwd: await tempDir(), signal: controller.signal });
  const started = performance.now();
  setTimeout(() => controller.abort(), 200);
  const result = await createShellCommandTool({ shell: bash }).execute(
    { command: "sleep 30 & echo child=$!; sleep 30", timeout_ms: 60_000 },
    fake.ctx,
  );
  assertLess(performance.now() - started, 5_000);
  assertEquals(result.success, false);
  assertStringIncludes(result.output as string, "Output:\ncommand interrupted after ");
  assertEquals(fake.completed().status, "failed");
  const childPid = Number((result.output as string).match(/child=(\d+)/)?.[1]);
  assert(await isGone(childPid), `background child ${childPid} survived the interrupt`);
});

Deno.test("`shell_command` does not start a command when the turn is already interrupted", async () => {
  const cwd = await tempDir();
  const controller = new AbortController();
  controller.abort();
  const fake = fakeContext({ cwd, signal: controller.signal });
  const result = await createShellCommandTool({ shell: bash }).execute({ command: "touch made" }, fake.ctx);
  assertEquals(result.success, false);
  assertEquals(fake.completed().status, "failed");
  assertEquals(await Deno.stat(join(cwd, "made")).then(() => true, () => false), false);
});

Deno.test("`shell_command` truncates long output for the model, keeping head, tail and line count", async () => {
  const fake = fakeContext({ cwd: await tempDir() });
  const tool = createShellCommandTool({ shell: bash, maxOutputBytes: 200 });
  const result = await tool.execute({ command: "seq 1 1000" }, fake.ctx);
  const output = result.output as string;
  assertMatch(output, /^Exit code: 0\nWall time: \d+\.\d seconds\nTotal output lines: 1000\nOutput:\n1\n2\n3\n/);
  assertMatch(output, /…\d+ chars truncated…/);
  assert(output.endsWith("998\n999\n1000\n"), output);
  const body = output.slice(output.indexOf("Output:\n") + "Output:\n".length).replace(/…\d+ chars truncated…/, "");
  assertEquals(new TextEncoder().encode(body).length, 200);
  assertEquals(fake.completed().aggregatedOutput?.split("\n").length, 1001); // the item keeps it all
});

Deno.test("`shell_command` omits the line count when the output fits", async () => {
  const fake = fakeContext({ cwd: await tempDir() });
  const result = await createShellCommandTool({ shell: bash }).execute({ command: "seq 1 3" }, fake.ctx);
  assert(!(result.output as string).includes("Total output lines"), result.output as string);
});

Deno.test("`shell_command` decodes a multi-byte character split across output chunks", async () => {
  const fake = fakeContext({ cwd: await tempDir() });
  const command = "printf '\\xc3'; sleep 0.2; printf '\\xa9t\\xe2\\x82'; sleep 0.2; printf '\\xac\\n'";
  const result = await createShellCommandTool({ shell: bash }).execute({ command }, fake.ctx);
  assertEquals(fake.deltas(), "ét€\n");
  assertEquals(fake.completed().aggregatedOutput, "ét€\n");
  assertStringIncludes(result.output as string, "Output:\nét€\n");
});

Deno.test("`shell_command` runs a login shell only when configured", async () => {
  const cwd = await tempDir();
  const command = "shopt -q login_shell && echo login || echo plain";
  const plain = await createShellCommandTool({ shell: bash }).execute({ command }, fakeContext({ cwd }).ctx);
  const login = await createShellCommandTool({ shell: bash, login: true }).execute(
    { command },
    fakeContext({ cwd }).ctx,
  );
  assertStringIncludes(plain.output as string, "Output:\nplain\n");
  assertStringIncludes(login.output as string, "Output:\nlogin\n");
});

Deno.test("`shell_command` classifies a simple read for clients", async () => {
  const cwd = await tempDir();
  await Deno.writeTextFile(join(cwd, "notes.txt"), "hi\n");
  const fake = fakeContext({ cwd });
  await createShellCommandTool({ shell: bash }).execute({ command: "cat notes.txt" }, fake.ctx);
  assertEquals(fake.completed().commandActions, [
    { type: "read", command: "cat notes.txt", name: "notes.txt", path: "notes.txt" },
  ]);
});
