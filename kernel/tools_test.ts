import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { z } from "zod";
import { SessionApprovals } from "./approvals.ts";
import { defineTool, type ToolContext, ToolRegistry } from "./tools.ts";

const ctx = (threadId: string): ToolContext => ({
  threadId,
  turnId: "u",
  callId: "c",
  toolName: "",
  toolInput: "",
  model: "m",
  transcriptPath: null,
  approvalRequired: null,
  approvalMetadata: {},
  approvalCacheKey: null,
  checkPermission: () => Promise.resolve({ decision: "ask" }),
  cwd: "/",
  approvalPolicy: "never",
  sandboxMode: "read-only",
  sandbox: { mode: "read-only", writableRoots: [], networkAccess: false },
  approvals: new SessionApprovals(),
  interrupt: () => {},
  signal: new AbortController().signal,
  emit: () => {},
  startItem: () => {},
  completeItem: () => {},
  request: () => Promise.resolve({ status: "declined", reason: "none" }),
  emitProgress: () => {},
  ask: () => Promise.resolve({ status: "declined", reason: "none" }),
  log: () => {},
});

Deno.test("ToolRegistry shows a thread-scoped tool only to its thread, and refuses name clashes", async () => {
  const tools = new ToolRegistry();
  tools.register(
    defineTool({
      name: "ls",
      description: "",
      parameters: z.object({}),
      execute: () => Promise.resolve({ output: "" }),
    }),
  );
  const off = tools.register(
    {
      kind: "jsonSchema",
      name: "lookup_ticket",
      description: "Finds a ticket",
      inputSchema: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
      execute: (args) => Promise.resolve({ output: `ticket ${(args as { id: string }).id}` }),
    },
    "client",
    { threadId: "t1" },
  );
  assertEquals(tools.specs("t1").map((s) => s.name), ["ls", "lookup_ticket"]);
  assertEquals(tools.specs("t2").map((s) => s.name), ["ls"]);
  assertEquals(tools.specs("t1")[1], {
    type: "function",
    name: "lookup_ticket",
    description: "Finds a ticket",
    parameters: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
    strict: false,
  });
  const call = { callId: "c", name: "lookup_ticket", input: '{"id":"T-7"}', kind: "function" as const };
  assertEquals((await tools.dispatch(call, ctx("t1"))).result, { output: "ticket T-7" });
  assertStringIncludes(String((await tools.dispatch(call, ctx("t2"))).result.output), "does not exist");
  assertThrows(
    () =>
      tools.register(
        {
          kind: "jsonSchema",
          name: "ls",
          description: "",
          inputSchema: {},
          execute: () => Promise.resolve({ output: "" }),
        },
        "client",
        { threadId: "t1" },
      ),
    Error,
    'already registered by "kernel"',
  );
  off();
  assertEquals(tools.specs("t1").map((s) => s.name), ["ls"]);
});
