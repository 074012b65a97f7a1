import { assertEquals, assertStringIncludes } from "@std/assert";
import { pretendSandbox } from "./_fake_sandbox.ts";
import { delay } from "../../kernel/mod.ts";
import { denoShellOperations, warnWithoutSandbox } from "./operations.ts";
import { skipWhen } from "../../test/support/skip.ts";

Deno.test("`warnWithoutSandbox()` warns once, naming the reason and the way out, however often it is asked", async () => {
  const warnings: string[] = [];
  const operations = warnWithoutSandbox(pretendSandbox({ none: true }), { warn: (m) => warnings.push(m) });
  const supports = await Promise.all([operations.sandbox(), operations.sandbox()]);
  await operations.sandbox();
  assertEquals(supports.map((s) => s.kind), ["none", "none"]);
  assertEquals(warnings.length, 1);
  assertStringIncludes(warnings[0], "No sandbox for shell commands: bubblewrap (bwrap) is not installed.");
  assertStringIncludes(warnings[0], "every command needs approval");
  assertStringIncludes(warnings[0], "Install bubblewrap.");
});

Deno.test("`warnWithoutSandbox()` stays quiet when there is a sandbox", async () => {
  const warnings: string[] = [];
  const operations = warnWithoutSandbox(pretendSandbox(), { warn: (m) => warnings.push(m) });
  assertEquals((await operations.sandbox()).kind, "bwrap");
  assertEquals(warnings, []);
});

// PR_SET_PDEATHSIG fires when the *thread* that spawned the command exits. Deno spawns on the calling
// JS thread; were it a pool thread, which idles out after 10 s, commands would be killed then.
Deno.test({
  name: "a command tied to Tern's life is not killed when a runtime thread idles out (after 10 s)",
  ignore: skipWhen(Deno.build.os !== "linux", "operations_test.ts: the parent-death signal test: Linux only"),
  async fn() {
    const child = await denoShellOperations.spawn({ program: "sleep", args: ["30"], cwd: "/" });
    try {
      await delay(11_000);
      const state = Deno.readTextFileSync(`/proc/${child.pid}/stat`).split(") ")[1]?.[0];
      assertEquals(state === "S" || state === "R", true, `the command is gone (state ${state})`);
    } finally {
      child.kill();
      await Promise.all([child.status, child.stdout.cancel(), child.stderr.cancel()]);
    }
  },
});
