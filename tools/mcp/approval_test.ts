import { assertEquals } from "@std/assert";
import { needsApproval } from "./approval.ts";

const readOnly = { readOnlyHint: true, destructiveHint: false, openWorldHint: false };
const writesLocally = { readOnlyHint: false, destructiveHint: false, openWorldHint: false };

Deno.test("needsApproval() never asks under the never policy, even for destructive tools", () => {
  assertEquals(needsApproval("never", { destructiveHint: true }), false);
});

Deno.test("needsApproval() under untrusted asks for every tool not marked read-only", () => {
  assertEquals(needsApproval("untrusted", readOnly), false);
  assertEquals(needsApproval("untrusted", writesLocally), true);
  assertEquals(needsApproval("untrusted", undefined), true);
});

Deno.test("needsApproval() under on-request skips read-only and non-destructive closed-world tools", () => {
  assertEquals(needsApproval("on-request", readOnly), false);
  assertEquals(needsApproval("on-request", writesLocally), false);
  assertEquals(needsApproval("on-request", { ...writesLocally, openWorldHint: true }), true);
  assertEquals(needsApproval("on-request", { readOnlyHint: true, destructiveHint: true }), true);
  assertEquals(needsApproval("on-request", undefined), true);
});
