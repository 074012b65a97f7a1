import { assertEquals } from "@std/assert";
import type { RequestOutcome, ServerRequestMethod } from "../../kernel/mod.ts";
import { fakeContext, type Recorded } from "./_fake_context.ts";
import { approveToolCall, needsApproval } from "./approval.ts";

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

const CALL = {
  server: "tracker",
  tool: "close-ticket",
  modelName: "mcp__tracker__close-ticket",
  title: "Close ticket",
  description: "Closes a ticket",
  arguments: { id: "T-1", comment: "done" },
};

/** A context whose client answers each request with the next of `answers` (then: no client). */
function answering(...answers: RequestOutcome<ServerRequestMethod>[]) {
  return fakeContext({ approvalPolicy: "untrusted", answer: () => answers.shift() ?? NO_CLIENT });
}
const NO_CLIENT = { status: "declined", reason: "no client is attached" } as const;
const requests = (events: Recorded[]) =>
  events.flatMap((e) => e.kind === "request" ? [{ method: e.method, params: e.params }] : []);

Deno.test("approveToolCall() asks with Codex's form elicitation for an MCP tool call", async () => {
  const { ctx, events } = answering({ status: "answered", response: { action: "accept", content: {} } });
  assertEquals(await approveToolCall(ctx, CALL), { run: true });
  assertEquals(requests(events), [{
    method: "mcpServer/elicitation/request",
    params: {
      threadId: "thread-1",
      turnId: "turn-1",
      serverName: "tracker",
      mode: "form",
      _meta: {
        codex_approval_kind: "mcp_tool_call",
        persist: "session",
        tool_title: "Close ticket",
        tool_description: "Closes a ticket",
        tool_params: { id: "T-1", comment: "done" },
        tool_params_display: [
          { name: "comment", value: "done", display_name: "comment" },
          { name: "id", value: "T-1", display_name: "id" },
        ],
      },
      message: 'Allow the tracker MCP server to run tool "close-ticket"?',
      requestedSchema: { type: "object", properties: {} },
    },
  }]);
});

Deno.test("approveToolCall() remembers an accept with _meta.persist session for the thread's later calls", async () => {
  const { ctx, events } = answering({
    status: "answered",
    response: { action: "accept", content: null, _meta: { persist: "session" } },
  });
  assertEquals(await approveToolCall(ctx, CALL), { run: true });
  assertEquals(await approveToolCall(ctx, CALL), { run: true });
  assertEquals(requests(events).length, 1, "the second call is not asked about");
});

Deno.test("approveToolCall() skips the call on decline and cancel, without interrupting the turn", async () => {
  const declined = answering({ status: "answered", response: { action: "decline" } });
  assertEquals(await approveToolCall(declined.ctx, CALL), {
    run: false,
    message: "The user declined the MCP tool call mcp__tracker__close-ticket",
  });
  let interrupted = false;
  const cancelled = answering({ status: "answered", response: { action: "cancel" } });
  cancelled.ctx.interrupt = () => void (interrupted = true);
  assertEquals(await approveToolCall(cancelled.ctx, CALL), {
    run: false,
    message: "The user cancelled the MCP tool call mcp__tracker__close-ticket",
  });
  assertEquals(interrupted, false);
});

Deno.test("approveToolCall() declines with the policy's reason when no client can answer", async () => {
  const { ctx, events } = answering();
  assertEquals(await approveToolCall(ctx, CALL), {
    run: false,
    message: "The user declined the MCP tool call mcp__tracker__close-ticket (no client is attached)",
  });
  assertEquals(requests(events).length, 1, "no second request when nobody can answer");
});

Deno.test("approveToolCall() asks a client that cannot answer elicitations with a command approval", async () => {
  const { ctx, events } = answering(
    { status: "failed", message: 'tern exec cannot answer "mcpServer/elicitation/request"' },
    { status: "answered", response: { decision: "acceptForSession" } },
  );
  assertEquals(await approveToolCall(ctx, CALL), { run: true });
  const [, fallback] = requests(events);
  assertEquals(fallback.method, "item/commandExecution/requestApproval");
  const params = fallback.params as Record<string, unknown>;
  assertEquals(params.command, 'mcp__tracker__close-ticket {"id":"T-1","comment":"done"}');
  assertEquals(params.reason, 'Allow the tracker MCP server to run tool "close-ticket"?');
  assertEquals(await approveToolCall(ctx, CALL), { run: true });
  assertEquals(requests(events).length, 2, "acceptForSession covers the next call");
});

Deno.test("approveToolCall() shows a hook's reason, and a permission hook's verdict decides without asking", async () => {
  const asked = answering({ status: "answered", response: { action: "accept" } });
  asked.ctx.approvalRequired = "the hook wants a human";
  await approveToolCall(asked.ctx, CALL);
  const params = requests(asked.events)[0].params as { message: string };
  assertEquals(params.message, "Tool call needs your approval. Reason: the hook wants a human");

  const denied = answering();
  denied.ctx.checkPermission = () => Promise.resolve({ decision: "deny", message: "not on Fridays" });
  assertEquals(await approveToolCall(denied.ctx, CALL), {
    run: false,
    message: "The user declined the MCP tool call mcp__tracker__close-ticket (not on Fridays)",
  });
  const allowed = answering();
  allowed.ctx.checkPermission = () => Promise.resolve({ decision: "allow" });
  assertEquals(await approveToolCall(allowed.ctx, CALL), { run: true });
  assertEquals(requests([...denied.events, ...allowed.events]), []);
});
