import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { z } from "zod";
import { SessionApprovals } from "./requests/approvals.ts";
import { defineTool, type ToolContext } from "./tools.ts";
import { ToolRegistry } from "./tool_registry.ts";

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

Deno.test("a plugin's timeouts.toolSec cuts off a call that runs over: its signal aborts and the model reads why", async () => {
  const { recordingToolContext } = await import("./testing/tool_context_testing.ts");
  const registry = new ToolRegistry();
  registry.deadlineFor = (owner) => (owner === "slow-plugin" ? 50 : undefined);
  let sawAbort = false;
  const hang = (name: string) =>
    defineTool({
      name,
      description: "never answers on its own",
      parameters: z.object({}),
      execute: (_args, ctx) =>
        new Promise((resolve) => {
          ctx.signal.addEventListener("abort", () => {
            sawAbort = true;
            resolve({ output: "stopped", success: false });
          });
        }),
    });
  registry.register(hang("stuck"), "slow-plugin");
  registry.register(
    defineTool({
      name: "quick",
      description: "d",
      parameters: z.object({}),
      execute: () => Promise.resolve({ output: "ok" }),
    }),
    "other-plugin",
  );
  const { ctx } = recordingToolContext();
  const cut = await registry.dispatch({ callId: "c1", name: "stuck", input: "{}", kind: "function" }, ctx);
  assertEquals(cut.result.success, false);
  assertStringIncludes(
    cut.result.output as string,
    'did not finish within 0.05 s (plugin "slow-plugin", timeouts.toolSec)',
  );
  assertEquals(sawAbort, true);
  assertEquals(ctx.signal.aborted, false, "the turn itself goes on");
  const other = await registry.dispatch({ callId: "c2", name: "quick", input: "{}", kind: "function" }, ctx);
  assertEquals(other.result.output, "ok");
});

Deno.test("a call cut off by timeouts.toolSec has its open item completed as failed, and what it emits later is dropped", async () => {
  const { recordingToolContext } = await import("./testing/tool_context_testing.ts");
  const registry = new ToolRegistry();
  registry.deadlineFor = () => 30;
  const item = {
    type: "mcpToolCall" as const,
    id: "c1",
    server: "slow",
    tool: "crawl",
    status: "inProgress" as const,
    arguments: {},
    result: null,
    error: null,
    durationMs: null,
  };
  let finishLate: () => void = () => {};
  const late = new Promise<void>((resolve) => (finishLate = resolve));
  registry.register(
    defineTool({
      name: "runaway",
      description: "ignores its signal",
      parameters: z.object({}),
      execute: (_args, ctx) => {
        ctx.startItem(item);
        return new Promise((resolve) =>
          setTimeout(() => {
            ctx.completeItem({ ...item, status: "completed" });
            resolve({ output: "too late" });
            finishLate();
          }, 80)
        );
      },
    }),
    "slow-plugin",
  );
  const { ctx, events } = recordingToolContext();
  const cut = await registry.dispatch({ callId: "c1", name: "runaway", input: "{}", kind: "function" }, ctx);
  assertEquals(cut.result.success, false);
  await late;
  const shown = events.flatMap((e) =>
    e.kind === "started" || e.kind === "completed" ? [[e.kind, "status" in e.item ? e.item.status : null]] : []
  );
  assertEquals(shown, [["started", "inProgress"], ["completed", "failed"]]);
});

Deno.test("a call that makes no item of its own is shown as a dynamicToolCall: a plugin tool's, a failed one, an unknown tool's", async () => {
  const tools = new ToolRegistry();
  const note = defineTool({
    name: "note_add",
    description: "",
    parameters: z.object({ text: z.string() }),
    execute: ({ text }) => Promise.resolve(text ? { output: "Noted." } : { output: "empty note", success: false }),
  });
  tools.register(note, "notes");
  tools.register({ ...note, name: "quiet", reportsItself: true }, "notes");
  const seen: { phase: string; item: unknown }[] = [];
  const context = {
    ...ctx("t"),
    startItem: (item: unknown) => void seen.push({ phase: "started", item }),
    completeItem: (item: unknown) => void seen.push({ phase: "completed", item }),
  };
  const call = (name: string, input: string) =>
    tools.dispatch({ callId: name, name, input, kind: "function" }, context);
  await call("note_add", '{"text":"buy milk"}');
  await call("note_add", '{"text":""}');
  await call("nope", "{}");
  await call("quiet", '{"text":"x"}');
  const completed = seen.filter((s) => s.phase === "completed").map((s) => s.item as Record<string, unknown>);
  assertEquals(seen.map((s) => s.phase), ["started", "completed", "started", "completed", "started", "completed"]);
  assertEquals(completed.map((i) => [i.type, i.namespace, i.tool, i.status, i.success, i.contentItems]), [
    ["dynamicToolCall", "notes", "note_add", "completed", true, [{ type: "inputText", text: "Noted." }]],
    ["dynamicToolCall", "notes", "note_add", "failed", false, [{ type: "inputText", text: "empty note" }]],
    [
      "dynamicToolCall",
      null,
      "nope",
      "failed",
      false,
      [{ type: "inputText", text: 'unsupported call: tool "nope" does not exist' }],
    ],
  ]);
  assertEquals(completed[0].arguments, { text: "buy milk" });
});
