import { assert, assertEquals, assertGreater, assertLess, assertMatch, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import type { SandboxPolicy } from "../../kernel/mod.ts";
import { fakeContext, type FakeContextOptions } from "./_fake_context.ts";
import { pretendSandbox } from "./_fake_sandbox.ts";
import { clampYield, createExecCommandTool, EXEC_YIELD } from "./exec_command.ts";
import { ExecSessions } from "./exec_sessions.ts";
import { closeConfinement, detectSandbox } from "../../lib/sandbox/mod.ts";
import { createWriteStdinTool } from "./write_stdin.ts";
import { SANDBOX_DENIED } from "../../test/support/processes.ts";
import { skipWhen } from "../../test/support/skip.ts";

async function tempDir(): Promise<string> {
  return await Deno.realPath(await Deno.makeTempDir({ prefix: "tern-exec-" }));
}

/** exec_command and write_stdin over one set of sessions; `close()` kills what is left. */
function unifiedExec(options: { operations?: ReturnType<typeof pretendSandbox> } = {}) {
  const sessions = new ExecSessions();
  const shared = { sessions, shell: "/bin/bash", operations: options.operations };
  const exec = createExecCommandTool(shared);
  const write = createWriteStdinTool(shared);
  let calls = 0;
  const ctx = (extra: Partial<FakeContextOptions> = {}) =>
    fakeContext({ cwd: Deno.cwd(), callId: `call-${++calls}`, ...extra });
  return {
    sessions,
    async exec(args: Parameters<typeof exec.execute>[0], extra: Partial<FakeContextOptions> = {}) {
      const fake = ctx(extra);
      const result = await exec.execute(args, fake.ctx);
      return { ...result, output: result.output as string, fake };
    },
    async write(args: Parameters<typeof write.execute>[0], extra: Partial<FakeContextOptions> = {}) {
      const fake = ctx(extra);
      const result = await write.execute(args, fake.ctx);
      return { ...result, output: result.output as string, fake };
    },
    close: () => sessions.closeAll(),
  };
}

const sessionId = (output: string) => Number(output.match(/Process running with session ID (\d+)\n/)?.[1]);

Deno.test("`exec_command` returns the output and exit code of a command that ends within the yield", async () => {
  const ux = unifiedExec();
  const { output, success, fake } = await ux.exec({ cmd: "echo hi; echo err >&2" });
  assertMatch(output, /^Wall time: \d+\.\d{4} seconds\nProcess exited with code 0\nOutput:\nhi\nerr\n$/);
  assertEquals(success, true);
  const item = fake.completed();
  assertEquals([item.source, item.status, item.exitCode, item.aggregatedOutput], [
    "unifiedExecStartup",
    "completed",
    0,
    "hi\nerr\n",
  ]);
  assertMatch(item.processId ?? "", /^\d+$/);
  assertEquals(fake.deltas(), "hi\nerr\n");
  assertEquals(ux.sessions.count("thread-1"), 0);
  await ux.close();
});

Deno.test("`exec_command` reports a non-zero exit as a failed item", async () => {
  const ux = unifiedExec();
  const { output, success, fake } = await ux.exec({ cmd: "echo oops; exit 7" });
  assertStringIncludes(output, "Process exited with code 7\nOutput:\noops\n");
  assertEquals(success, false);
  assertEquals(fake.completed().status, "failed");
  await ux.close();
});

Deno.test("`exec_command` keeps an interactive process alive and `write_stdin` talks to it", async () => {
  const ux = unifiedExec();
  const cmd = 'while read line; do echo "got:$line"; done';
  const started = await ux.exec({ cmd, yield_time_ms: 250 });
  assertMatch(started.output, /^Wall time: 0\.\d{4} seconds\nProcess running with session ID \d+\nOutput:\n$/);
  const id = sessionId(started.output);
  assertEquals(started.fake.completed().processId, String(id));
  assertEquals(started.fake.completed().exitCode, null);

  const first = await ux.write({ session_id: id, chars: "hello\n", yield_time_ms: 300 });
  assertStringIncludes(first.output, `Process running with session ID ${id}\nOutput:\ngot:hello\n`);
  const second = await ux.write({ session_id: id, chars: "again\n", yield_time_ms: 300 });
  assert(second.output.endsWith("Output:\ngot:again\n"), second.output); // only what came since the last call
  const item = second.fake.completed();
  assertEquals([item.source, item.command, item.processId, item.id], [
    "unifiedExecInteraction",
    cmd,
    String(id),
    "call-3",
  ]);
  assertEquals(second.fake.deltas(), "got:again\n");
  await ux.close();
});

Deno.test("`write_stdin` reports the exit of a session and forgets it", async () => {
  const ux = unifiedExec();
  const started = await ux.exec({ cmd: "read x; echo got:$x", yield_time_ms: 250 });
  const id = sessionId(started.output);
  const answered = await ux.write({ session_id: id, chars: "bye\n" });
  assertStringIncludes(answered.output, "Process exited with code 0\nOutput:\ngot:bye\n");
  assertEquals(answered.fake.completed().exitCode, 0);
  const gone = await ux.write({ session_id: id, chars: "" });
  assertEquals(gone.success, false);
  assertStringIncludes(gone.output, `no running process has session ID ${id}`);
  await ux.close();
});

Deno.test("an empty `write_stdin` polls a long-running process and returns as soon as it exits", async () => {
  const ux = unifiedExec();
  const started = await ux.exec({ cmd: "sleep 0.4; echo tick; sleep 0.4; echo done", yield_time_ms: 250 });
  const id = sessionId(started.output);
  const before = performance.now();
  const polled = await ux.write({ session_id: id });
  assertLess(performance.now() - before, 4_000); // the 5 s minimum poll ends early on exit
  assertStringIncludes(polled.output, "Process exited with code 0\nOutput:\ntick\ndone\n");
  await ux.close();
});

Deno.test("`exec_command` clamps yield_time_ms to 250-30000 ms", async () => {
  assertEquals(clampYield(10, EXEC_YIELD), 250);
  assertEquals(clampYield(undefined, EXEC_YIELD), 10_000);
  assertEquals(clampYield(999_999, EXEC_YIELD), 30_000);
  const ux = unifiedExec();
  const before = performance.now();
  const { output } = await ux.exec({ cmd: "sleep 5", yield_time_ms: 1 });
  assertGreater(performance.now() - before, 240);
  assertStringIncludes(output, "Process running with session ID");
  await ux.close();
});

Deno.test("`exec_command` truncates to max_output_tokens and gives the original token count", async () => {
  const ux = unifiedExec();
  const { output } = await ux.exec({ cmd: "seq 1 2000", max_output_tokens: 10 });
  assertMatch(output, /\nOriginal token count: \d+\nOutput:\n1\n2\n/);
  assertMatch(output, /…\d+ chars truncated…/);
  const tokens = Number(output.match(/Original token count: (\d+)/)?.[1]);
  assertEquals(
    tokens,
    Math.ceil(new TextEncoder().encode(Array.from({ length: 2000 }, (_, i) => `${i + 1}\n`).join("")).length / 4),
  );
  await ux.close();
});

Deno.test("an interrupt ends the wait early but leaves the session running for a later turn", async () => {
  const ux = unifiedExec();
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 150);
  const before = performance.now();
  const started = await ux.exec({ cmd: "sleep 0.5; echo later", yield_time_ms: 20_000 }, { signal: controller.signal });
  assertLess(performance.now() - before, 2_000);
  const id = sessionId(started.output);
  const polled = await ux.write({ session_id: id });
  assertStringIncludes(polled.output, "Process exited with code 0\nOutput:\nlater\n");
  await ux.close();
});

Deno.test("`ExecSessions` keeps at most its cap per thread, killing the least recently used idle session", async () => {
  const sessions = new ExecSessions({ maxPerThread: 2 });
  const exec = createExecCommandTool({ sessions, shell: "/bin/bash" });
  const start = async (n: number) => {
    const fake = fakeContext({ cwd: "/", callId: `c${n}` });
    return sessionId((await exec.execute({ cmd: "sleep 30", yield_time_ms: 250 }, fake.ctx)).output as string);
  };
  const first = await start(1);
  const second = await start(2);
  const oldest = sessions.get("thread-1", first)!;
  sessions.get("thread-1", second)!.take(); // used more recently
  const third = await start(3);
  assertEquals(sessions.count("thread-1"), 2);
  assertEquals(sessions.get("thread-1", first), undefined);
  assert(sessions.get("thread-1", third));
  assertEquals((await oldest.done).signal, "SIGKILL");
  await sessions.closeAll();
});

Deno.test("`exec_command` goes through the approval gate: untrusted asks, and a declined command never starts", async () => {
  const operations = pretendSandbox();
  const ux = unifiedExec({ operations });
  const cwd = await tempDir();
  const sandbox: SandboxPolicy = { mode: "workspace-write", writableRoots: [cwd], networkAccess: false };
  const declined = await ux.exec({ cmd: "touch x" }, {
    cwd,
    sandbox,
    approvalPolicy: "untrusted",
    answers: ["decline"],
  });
  assertEquals(declined.output, "the user declined to run this command");
  assertEquals(declined.fake.completed().status, "declined");
  // The request shows the command as the shell runs it, as Codex's does.
  assertEquals(declined.fake.requests()[0].command, "/bin/bash -c 'touch x'");
  assertEquals(operations.runs, []);
  const safe = await ux.exec({ cmd: "ls" }, { cwd, sandbox, approvalPolicy: "untrusted", answers: [] });
  assertStringIncludes(safe.output, "Process exited with code 0");
  assertEquals(operations.runs, [{ command: "ls", sandboxed: true }]);
  await ux.close();
});

Deno.test({
  name: "a sandboxed `exec_command` session reads stdin but cannot write outside the workspace",
  ignore: skipWhen(
    (await detectSandbox()).kind === "none",
    "exec_command_test.ts: the sandboxed session test: no sandbox here",
  ),
  async fn() {
    const ux = unifiedExec();
    const cwd = await tempDir();
    const outside = await tempDir();
    const sandbox: SandboxPolicy = { mode: "workspace-write", writableRoots: [cwd], networkAccess: false };
    const cmd = `read name; echo hi > "$name" && echo wrote`;
    const started = await ux.exec({ cmd, yield_time_ms: 250 }, { cwd, sandbox });
    const id = sessionId(started.output);
    const denied = await ux.write({ session_id: id, chars: `${outside}/f.txt\n` });
    assertMatch(denied.output, SANDBOX_DENIED);
    const again = await ux.exec({ cmd, yield_time_ms: 250 }, { cwd, sandbox });
    const allowed = await ux.write({ session_id: sessionId(again.output), chars: `${cwd}/f.txt\n` });
    assertStringIncludes(allowed.output, "Output:\nwrote\n");
    assertEquals(await Deno.readTextFile(join(cwd, "f.txt")), "hi\n");
    await ux.close();
    closeConfinement();
  },
});
