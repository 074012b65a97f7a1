import { assertEquals, assertStringIncludes } from "@std/assert";
import { pretendSandbox } from "./_fake_sandbox.ts";
import { warnWithoutSandbox } from "./operations.ts";

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
