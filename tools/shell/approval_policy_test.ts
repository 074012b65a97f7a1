import { assertEquals, assertStringIncludes } from "@std/assert";
import type { AskForApproval, SandboxMode } from "../../kernel/mod.ts";
import { looksLikeSandboxDenial, planCommand, type PlanInput } from "./approval_policy.ts";

const base: PlanInput = {
  policy: "on-request",
  mode: "workspace-write",
  sandboxAvailable: true,
  knownSafe: false,
  escalate: false,
};

/** A compact view of a plan: "run sandboxed", "ask → unsandboxed", "refuse", ... */
function summary(input: Partial<PlanInput>): string {
  const plan = planCommand({ ...base, ...input });
  switch (plan.action) {
    case "run":
      return `run ${plan.sandboxed ? "sandboxed" : "unsandboxed"}${plan.askOnDenial ? " (ask on denial)" : ""}`;
    case "ask":
      return `ask → ${plan.sandboxedIfAccepted ? "sandboxed" : "unsandboxed"}${
        plan.askOnDenial ? " (ask on denial)" : ""
      }`;
    case "refuse":
      return "refuse";
  }
}

Deno.test("`planCommand()` under untrusted runs known-safe commands sandboxed and asks for the rest", () => {
  assertEquals(summary({ policy: "untrusted", knownSafe: true }), "run sandboxed (ask on denial)");
  assertEquals(summary({ policy: "untrusted" }), "ask → sandboxed (ask on denial)");
  assertEquals(summary({ policy: "untrusted", escalate: true }), "ask → unsandboxed");
});

Deno.test("`planCommand()` under on-request runs sandboxed and asks only for an escalation", () => {
  assertEquals(summary({ policy: "on-request" }), "run sandboxed");
  assertEquals(summary({ policy: "on-request", escalate: true }), "ask → unsandboxed");
  const plan = planCommand({ ...base, escalate: true, justification: "Pull the latest changes?" });
  assertEquals(plan.action === "ask" && plan.reason, "Pull the latest changes?");
});

Deno.test("`planCommand()` under on-failure runs sandboxed and asks when the sandbox denies", () => {
  assertEquals(summary({ policy: "on-failure" }), "run sandboxed (ask on denial)");
});

Deno.test("`planCommand()` under never runs sandboxed and refuses an escalation with advice", () => {
  assertEquals(summary({ policy: "never" }), "run sandboxed");
  const plan = planCommand({ ...base, policy: "never", escalate: true });
  assertEquals(plan.action, "refuse");
  if (plan.action === "refuse") assertStringIncludes(plan.message, "Run it without sandbox_permissions");
});

Deno.test("`planCommand()` in danger-full-access runs unsandboxed, and untrusted still asks for unsafe commands", () => {
  const mode: SandboxMode = "danger-full-access";
  for (const policy of ["on-request", "on-failure", "never"] as AskForApproval[]) {
    assertEquals(summary({ mode, policy }), "run unsandboxed", policy);
    assertEquals(summary({ mode, policy, escalate: true }), "run unsandboxed", policy);
  }
  assertEquals(summary({ mode, policy: "untrusted", knownSafe: true }), "run unsandboxed");
  assertEquals(summary({ mode, policy: "untrusted" }), "ask → unsandboxed");
});

Deno.test("`planCommand()` without a sandbox asks for every command, and never refuses", () => {
  const sandboxAvailable = false;
  for (const policy of ["untrusted", "on-request", "on-failure"] as AskForApproval[]) {
    assertEquals(summary({ policy, sandboxAvailable }), "ask → unsandboxed", policy);
    assertEquals(summary({ policy, sandboxAvailable, knownSafe: true }), "ask → unsandboxed", policy);
  }
  const plan = planCommand({ ...base, policy: "never", sandboxAvailable });
  assertEquals(plan.action, "refuse");
  if (plan.action === "refuse") assertStringIncludes(plan.message, "no sandbox is available");
  assertEquals(summary({ mode: "danger-full-access", sandboxAvailable, policy: "never" }), "run unsandboxed");
});

Deno.test("`looksLikeSandboxDenial()` spots write denials and, without network, network failures", () => {
  const denied = (output: string, exitCode = 1, networkAccess = false) =>
    looksLikeSandboxDenial({ exitCode, timedOut: false, output }, { networkAccess });
  assertEquals(denied("touch: cannot touch '/x': Read-only file system"), true);
  assertEquals(denied("bash: /etc/x: Permission denied"), true);
  assertEquals(denied("mkdir: Operation not permitted"), true);
  assertEquals(denied("curl: (6) Could not resolve host: example.com"), true);
  assertEquals(denied("bash: connect: Connection refused"), true);
  assertEquals(denied("bash: connect: Connection refused", 1, true), false);
  assertEquals(denied("Read-only file system", 0), false);
  assertEquals(denied("error: test failed"), false);
  assertEquals(
    looksLikeSandboxDenial({ exitCode: 124, timedOut: true, output: "Permission denied" }, { networkAccess: false }),
    false,
  );
});
