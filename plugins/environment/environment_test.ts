import { assertEquals, assertStringIncludes } from "@std/assert";
import type { ContextRequest } from "../../kernel/mod.ts";
import { renderEnvironment } from "./environment.ts";

const source = {
  now: () => new Date("2026-11-22T10:00:00Z"),
  shell: () => "/usr/bin/zsh",
  timeZone: () => "Europe/Paris",
};
const request = (over: Partial<ContextRequest> = {}): ContextRequest => ({
  threadId: "t",
  turnId: "u",
  cwd: "/home/me/app",
  model: "m",
  approvalPolicy: "on-request",
  sandbox: { mode: "workspace-write", writableRoots: ["/home/me/app", "/tmp"], networkAccess: false },
  signal: new AbortController().signal,
  ...over,
});

Deno.test("renderEnvironment() tells the model its cwd, shell, date and time zone", () => {
  const [, env] = renderEnvironment(request(), source);
  assertEquals(env.role, "user");
  assertEquals(
    env.text,
    "<environment_context>\n  <cwd>/home/me/app</cwd>\n  <shell>zsh</shell>\n  <current_date>2026-11-22</current_date>\n  <timezone>Europe/Paris</timezone>\n</environment_context>",
  );
});

Deno.test("renderEnvironment() states the sandbox's writable roots, the network and the approval policy", () => {
  const [permissions] = renderEnvironment(request(), source);
  assertEquals(permissions.role, "developer");
  assertStringIncludes(permissions.text, "can write only to: /home/me/app, /tmp");
  assertStringIncludes(permissions.text, "Network access is blocked");
  assertStringIncludes(permissions.text, '"require_escalated"');
  const [readOnly] = renderEnvironment(
    request({ approvalPolicy: "never", sandbox: { mode: "read-only", writableRoots: [], networkAccess: false } }),
    source,
  );
  assertStringIncludes(readOnly.text, "read-only sandbox");
  assertStringIncludes(readOnly.text, "never asked");
});
