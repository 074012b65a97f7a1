import { assertEquals, assertStringIncludes } from "@std/assert";
import { recordingToolContext, type SandboxPolicy } from "../../kernel/mod.ts";
import { Grants } from "./grants.ts";
import { createRequestPermissionsTool } from "./request_permissions.ts";

const readOnly = (): SandboxPolicy => ({ mode: "read-only", writableRoots: [], networkAccess: false });

Deno.test("request_permissions sends Codex's request with absolute paths, and grants only what was asked", async () => {
  const sandbox = readOnly();
  const { ctx, events } = recordingToolContext({
    cwd: "/work/project",
    approvalPolicy: "on-request",
    sandbox,
    answer: () => ({
      status: "answered",
      response: { permissions: { fileSystem: { write: ["/work/project/out", "/etc"] } }, scope: "turn" },
    }),
  });
  const tool = createRequestPermissionsTool(new Grants());
  const result = await tool.execute(
    { reason: "reports", permissions: { file_system: { write: ["out", "../shared"] }, network: { enabled: true } } },
    ctx,
  );
  const request = events.find((e) => e.kind === "request");
  assertEquals(request?.kind === "request" && request.method, "item/permissions/requestApproval");
  const params = (request as { params: Record<string, unknown> }).params;
  assertEquals(params.permissions, {
    fileSystem: { write: ["/work/project/out", "/work/shared"] },
    network: { enabled: true },
  });
  assertEquals([params.cwd, params.reason, params.itemId], ["/work/project", "reports", "call-1"]);
  // /etc was not asked for, the network was not granted: only out/ is added.
  assertEquals(sandbox.writableRoots, ["/work/project/out"]);
  assertEquals(sandbox.networkAccess, false);
  assertStringIncludes(String(result.output), '"scope":"turn"');
});

Deno.test("request_permissions: a session grant widens later calls' sandboxes in that thread only", async () => {
  const grants = new Grants();
  const { ctx } = recordingToolContext({
    cwd: "/p",
    approvalPolicy: "on-request",
    sandbox: readOnly(),
    answer: () => ({ status: "answered", response: { permissions: { network: { enabled: true } }, scope: "session" } }),
  });
  await createRequestPermissionsTool(grants).execute({ permissions: { network: { enabled: true } } }, ctx);
  const later = readOnly();
  grants.applySession(ctx.threadId, later);
  assertEquals(later.networkAccess, true);
  const other = readOnly();
  grants.applySession("another-thread", other);
  assertEquals(other.networkAccess, false);
});

Deno.test("request_permissions asks nobody under the never policy, and a decline grants nothing", async () => {
  const asked: unknown[] = [];
  const never = recordingToolContext({
    approvalPolicy: "never",
    sandbox: readOnly(),
    answer: (m) => (asked.push(m), { status: "declined", reason: "x" }),
  });
  const tool = createRequestPermissionsTool(new Grants());
  const result = await tool.execute({ permissions: { network: { enabled: true } } }, never.ctx);
  assertEquals([asked.length, result.success], [0, false]);
  assertStringIncludes(String(result.output), '"never"');

  const sandbox = readOnly();
  const declined = recordingToolContext({
    approvalPolicy: "on-request",
    sandbox,
    answer: () => ({ status: "answered", response: { permissions: {}, scope: "turn" } }),
  });
  const refused = await tool.execute({ permissions: { file_system: { write: ["/x"] } } }, declined.ctx);
  assertEquals([refused.success, sandbox.writableRoots], [false, []]);
  assertStringIncludes(String(refused.output), "the user declined");
});
