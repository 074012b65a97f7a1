import { assert, assertEquals, assertMatch, assertNotEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { type ReviewDecision, type SandboxPolicy, SessionApprovals } from "../../kernel/mod.ts";
import { fakeContext, type FakeContextOptions } from "./_fake_context.ts";
import { pretendSandbox } from "./_fake_sandbox.ts";
import { closeConfinement, detectSandbox } from "../../lib/sandbox/mod.ts";
import { createShellCommandTool } from "./shell_command.ts";
import { SANDBOX_DENIED } from "../../test/support/processes.ts";
import { skipWhen } from "../../test/support/skip.ts";

async function tempDir(): Promise<string> {
  return await Deno.realPath(await Deno.makeTempDir({ prefix: "tern-approval-" }));
}

const workspaceWrite = (root: string): SandboxPolicy => ({
  mode: "workspace-write",
  writableRoots: [root],
  networkAccess: false,
});
const fullAccess: SandboxPolicy = { mode: "danger-full-access", writableRoots: ["/"], networkAccess: true };

interface Call {
  command: string;
  sandbox_permissions?: "use_default" | "require_escalated";
  justification?: string;
}

/** Runs one shell_command call in `cwd` with a pretend sandbox (or a real one when given). */
async function call(args: Call, options: Partial<FakeContextOptions> & { cwd: string; none?: boolean }) {
  const operations = pretendSandbox({ none: options.none });
  const fake = fakeContext({ sandbox: workspaceWrite(options.cwd), ...options });
  const tool = createShellCommandTool({ shell: "/bin/bash", operations });
  const result = await tool.execute(args, fake.ctx);
  return { ...result, output: result.output as string, fake, runs: operations.runs };
}

const kinds = (fake: ReturnType<typeof fakeContext>) => fake.events.map((e) => e.kind);

Deno.test("untrusted: a known-safe command runs in the sandbox without asking", async () => {
  const cwd = await tempDir();
  const { output, fake, runs } = await call({ command: "ls && pwd" }, { cwd, approvalPolicy: "untrusted" });
  assertEquals(fake.requests(), []);
  assertEquals(runs, [{ command: "ls && pwd", sandboxed: true }]);
  assertStringIncludes(output, `Output:\n${cwd}\n`);
});

Deno.test("untrusted: an unsafe command asks first, in order request → started → resolved → run → completed", async () => {
  const cwd = await tempDir();
  const { fake, runs, success } = await call({ command: "echo made > made.txt; echo done" }, {
    cwd,
    approvalPolicy: "untrusted",
    answers: ["accept"],
  });
  assertEquals(success, true);
  assertEquals(runs, [{ command: "echo made > made.txt; echo done", sandboxed: true }]);
  // The request goes to the bus (which raises the client's waitingOnApproval flag) before the item starts; the
  // client receives the request after the item's item/started (test/app_server_schema_test.ts).
  assertEquals(kinds(fake), ["request", "started", "resolved", "delta", "completed"]);
  const started = fake.events[1];
  assert(started.kind === "started" && started.item.type === "commandExecution");
  assertEquals(started.item.status, "inProgress");
  const [params] = fake.requests();
  assertMatch(String(params.approvalId), /^[0-9a-f-]{36}$/);
  assert(typeof params.startedAtMs === "number" && params.startedAtMs > 0);
  assertEquals({ ...params, approvalId: "id", startedAtMs: 0 }, {
    threadId: "thread-1",
    turnId: "turn-1",
    itemId: "call-1",
    startedAtMs: 0,
    approvalId: "id",
    // As Codex sends it: the command as the shell runs it; commandActions has the script.
    command: "/bin/bash -c 'echo made > made.txt; echo done'",
    cwd,
    reason: "this command is not on the list of known-safe read-only commands",
    commandActions: [{ type: "unknown", command: "echo made > made.txt; echo done" }],
    availableDecisions: ["accept", "acceptForSession", "decline", "cancel"],
  });
  assertEquals(fake.completed().status, "completed");
  assertEquals(await Deno.readTextFile(join(cwd, "made.txt")), "made\n");
});

Deno.test("acceptForSession: an identical command is not asked again in the thread, another one is", async () => {
  const cwd = await tempDir();
  const approvals = new SessionApprovals();
  const options = { cwd, approvalPolicy: "untrusted" as const, approvals };
  const first = await call({ command: "touch a.txt" }, { ...options, answers: ["acceptForSession"] });
  assertEquals(first.fake.requests().length, 1);
  const second = await call({ command: "touch a.txt" }, { ...options, answers: [] });
  assertEquals(second.fake.requests().length, 0);
  assertEquals(second.success, true);
  const other = await call({ command: "touch b.txt" }, { ...options, answers: ["accept"] });
  assertEquals(other.fake.requests().length, 1);
});

Deno.test("decline: nothing runs, the item is declined, and the model is told; the turn goes on", async () => {
  const cwd = await tempDir();
  const { output, success, fake, runs } = await call({ command: "touch nope.txt" }, {
    cwd,
    approvalPolicy: "untrusted",
    answers: ["decline"],
  });
  assertEquals(success, false);
  assertEquals(output, "the user declined to run this command");
  assertEquals(runs, []);
  assertEquals(kinds(fake), ["request", "started", "resolved", "completed"]);
  assertEquals(fake.completed().status, "declined");
  assertEquals(fake.completed().durationMs, null, "a command that never ran has no duration");
  assertEquals(fake.interrupts(), 0);
  assertEquals(await Deno.stat(join(cwd, "nope.txt")).then(() => true, () => false), false);
});

Deno.test("decline by policy (no client attached): the model reads the reason", async () => {
  const cwd = await tempDir();
  const { output, fake } = await call({ command: "touch nope.txt" }, {
    cwd,
    approvalPolicy: "untrusted",
    noClient: 'no client is attached to answer "item/commandExecution/requestApproval"',
  });
  assertEquals(
    output,
    'the user declined to run this command (no client is attached to answer "item/commandExecution/requestApproval")',
  );
  assertEquals(fake.completed().status, "declined");
});

Deno.test("cancel: nothing runs, the item is declined, and the turn is interrupted", async () => {
  const cwd = await tempDir();
  const { output, fake, runs } = await call({ command: "touch nope.txt" }, {
    cwd,
    approvalPolicy: "untrusted",
    answers: ["cancel"],
  });
  assertEquals(runs, []);
  assertEquals(fake.completed().status, "declined");
  assertEquals(fake.interrupts(), 1);
  assertStringIncludes(output, "cancelled");
});

Deno.test("on-request: commands run sandboxed without asking; an escalation asks and runs outside", async () => {
  const cwd = await tempDir();
  const plain = await call({ command: "touch x" }, { cwd, approvalPolicy: "on-request", answers: [] });
  assertEquals(plain.fake.requests(), []);
  assertEquals(plain.runs, [{ command: "touch x", sandboxed: true }]);

  const escalated = await call({
    command: "git pull",
    sandbox_permissions: "require_escalated",
    justification: "Do you want to pull the latest changes?",
  }, { cwd, approvalPolicy: "on-request", answers: ["accept"] });
  assertEquals(escalated.fake.requests()[0].reason, "Do you want to pull the latest changes?");
  assertEquals(escalated.runs, [{ command: "git pull", sandboxed: false }]);
});

Deno.test("never: nothing is asked, and an escalation is refused with advice the model can act on", async () => {
  const cwd = await tempDir();
  const plain = await call({ command: "touch x" }, { cwd, approvalPolicy: "never" });
  assertEquals(plain.runs, [{ command: "touch x", sandboxed: true }]);
  const escalated = await call({ command: "touch y", sandbox_permissions: "require_escalated" }, {
    cwd,
    approvalPolicy: "never",
  });
  assertEquals(escalated.runs, []);
  assertEquals(escalated.fake.requests(), []);
  assertEquals(escalated.fake.completed().status, "declined");
  assertStringIncludes(escalated.output, 'Run it without sandbox_permissions (it then runs in the "workspace-write"');
});

Deno.test("danger-full-access: nothing is sandboxed, and untrusted still asks for unsafe commands", async () => {
  const cwd = await tempDir();
  const never = await call({ command: "touch x" }, { cwd, sandbox: fullAccess, approvalPolicy: "never" });
  assertEquals(never.runs, [{ command: "touch x", sandboxed: false }]);
  const safe = await call({ command: "ls" }, { cwd, sandbox: fullAccess, approvalPolicy: "untrusted" });
  assertEquals([safe.fake.requests().length, safe.runs[0].sandboxed], [0, false]);
  const unsafe = await call({ command: "touch y" }, {
    cwd,
    sandbox: fullAccess,
    approvalPolicy: "untrusted",
    answers: ["accept"],
  });
  assertEquals([unsafe.fake.requests().length, unsafe.runs[0].sandboxed], [1, false]);
});

Deno.test("without a sandbox every command asks (even a safe one), and never refuses to run", async () => {
  const cwd = await tempDir();
  const asked = await call({ command: "ls" }, { cwd, none: true, approvalPolicy: "on-request", answers: ["accept"] });
  assertStringIncludes(String(asked.fake.requests()[0].reason), "no sandbox is available");
  assertEquals(asked.runs, [{ command: "ls", sandboxed: false }]);
  const refused = await call({ command: "ls" }, { cwd, none: true, approvalPolicy: "never" });
  assertEquals(refused.runs, []);
  assertStringIncludes(refused.output, "no sandbox is available on this machine");
});

Deno.test("without a sandbox a declined command tells the model why it was asked, not to stay in the sandbox", async () => {
  const cwd = await tempDir();
  const noClient = "tern exec runs without a terminal, so nobody can approve this";
  const { output, runs, fake } = await call({ command: "ls" }, {
    cwd,
    none: true,
    approvalPolicy: "on-request",
    noClient,
  });
  assertEquals(runs, []);
  assertEquals(fake.completed().status, "declined");
  assertStringIncludes(output, `the user declined to run this command (${noClient}). It needed approval because no`);
  assertStringIncludes(output, "(bubblewrap (bwrap) is not installed)"); // what this machine lacks
  assertStringIncludes(output, "tell the user: Install bubblewrap"); // and what the user can do
  const withSandbox = await call({ command: "touch x" }, { cwd, approvalPolicy: "untrusted", noClient });
  assertEquals(withSandbox.output, `the user declined to run this command (${noClient})`);
});

Deno.test("a PreToolUse hook's ask makes an on-request command ask, with the hook's reason", async () => {
  const cwd = await tempDir();
  const { fake, runs } = await call({ command: "ls" }, {
    cwd,
    approvalPolicy: "on-request",
    approvalRequired: "the hook wants a human to look",
    answers: ["accept"],
  });
  assertEquals(fake.requests()[0].reason, "the hook wants a human to look");
  assertEquals(runs, [{ command: "ls", sandboxed: true }]);
});

Deno.test("parallel calls are approved one at a time, each with its own approvalId", async () => {
  const cwd = await tempDir();
  const operations = pretendSandbox();
  const tool = createShellCommandTool({ shell: "/bin/bash", operations });
  let open = 0;
  let maxOpen = 0;
  const answers = async (): Promise<ReviewDecision> => {
    maxOpen = Math.max(maxOpen, ++open);
    await new Promise((r) => setTimeout(r, 50));
    open--;
    return "accept";
  };
  const fakes = ["call-a", "call-b", "call-c"].map((callId) =>
    fakeContext({ cwd, callId, sandbox: workspaceWrite(cwd), approvalPolicy: "untrusted", answers })
  );
  const results = await Promise.all(fakes.map((f, i) => tool.execute({ command: `touch f${i}` }, f.ctx)));
  assertEquals(results.map((r) => r.success), [true, true, true]);
  assertEquals(maxOpen, 1);
  const ids = fakes.map((f) => f.requests()[0].approvalId);
  assertEquals(new Set(ids).size, 3);
  assertEquals(fakes.map((f) => f.requests()[0].itemId), ["call-a", "call-b", "call-c"]);
});

Deno.test("an interrupt while the approval is pending keeps the command from running", async () => {
  const cwd = await tempDir();
  const controller = new AbortController();
  const { fake, runs } = await call({ command: "touch late.txt" }, {
    cwd,
    approvalPolicy: "untrusted",
    signal: controller.signal,
    answers: () => {
      controller.abort();
      return "accept";
    },
  });
  assertEquals(runs, []);
  assertEquals(fake.completed().status, "failed");
  assertEquals(await Deno.stat(join(cwd, "late.txt")).then(() => true, () => false), false);
});

// These need a real sandbox: whichever backend this machine has (bubblewrap, Landlock, Seatbelt).
const machineSandbox = await detectSandbox();
const ignore = skipWhen(
  machineSandbox.kind === "none",
  `shell_command_approval_test.ts: the on-failure tests: ${
    machineSandbox.kind === "none" ? machineSandbox.reason : ""
  }`,
);

Deno.test({
  name: "on-failure: a sandbox denial asks to re-run without the sandbox, and the re-run succeeds",
  ignore,
  async fn() {
    const cwd = await tempDir();
    const outside = await tempDir();
    const fake = fakeContext({ cwd, sandbox: workspaceWrite(cwd), approvalPolicy: "on-failure", answers: ["accept"] });
    const tool = createShellCommandTool({ shell: "/bin/bash" });
    const result = await tool.execute({ command: `echo hi > ${outside}/out.txt && echo written` }, fake.ctx);
    assertEquals(result.success, true, result.output as string);
    assertEquals(kinds(fake).filter((k) => k !== "delta"), ["started", "request", "resolved", "completed"]);
    assertStringIncludes(String(fake.requests()[0].reason), "looks like the sandbox denied it");
    assertEquals(await Deno.readTextFile(join(outside, "out.txt")), "hi\n");
    assertEquals(fake.completed().aggregatedOutput, "written\n");
  },
});

Deno.test({
  name: "on-failure: a declined re-run keeps the sandboxed failure and tells the model",
  ignore,
  async fn() {
    const cwd = await tempDir();
    const outside = await tempDir();
    const fake = fakeContext({ cwd, sandbox: workspaceWrite(cwd), approvalPolicy: "on-failure", answers: ["decline"] });
    const tool = createShellCommandTool({ shell: "/bin/bash" });
    const result = await tool.execute({ command: `echo hi > ${outside}/out.txt` }, fake.ctx);
    assertEquals(result.success, false);
    assertStringIncludes(result.output as string, "it was not re-run without the sandbox");
    assertMatch(result.output as string, SANDBOX_DENIED);
    assertEquals(fake.completed().status, "failed");
    assertNotEquals(await Deno.stat(join(outside, "out.txt")).then(() => "exists", () => "absent"), "exists");
  },
});

Deno.test({
  name: "on-failure: an ordinary failure is not taken for a sandbox denial",
  ignore,
  async fn() {
    const cwd = await tempDir();
    const fake = fakeContext({ cwd, sandbox: workspaceWrite(cwd), approvalPolicy: "on-failure", answers: [] });
    const result = await createShellCommandTool({ shell: "/bin/bash" }).execute({ command: "exit 3" }, fake.ctx);
    assertMatch(result.output as string, /^Exit code: 3\n/);
    assertEquals(fake.requests(), []);
  },
});

Deno.test({
  name: "the sandboxed approval tests leave no idle worker behind",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () => closeConfinement(),
});
