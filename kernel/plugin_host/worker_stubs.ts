/**
 * @module
 * The stand-ins the host registers for what a worker plugin registered: a tool, a hook, a
 * lifecycle handler, a context contributor, a bus subscriber, a method. Each forwards its calls to
 * the worker with a serialisable view of its context (fields without functions, signal or caches)
 * and a deadline; the context itself stays here, as the target of the call's effects and questions.
 */
import type { PluginApi } from "../plugin_api.ts";
import type { Tool, ToolContext, ToolResult } from "../tools.ts";
import type { CallPayload, WorkerRegistration } from "./messages.ts";

/** How one call into the worker runs. */
export interface CallOptions {
  timeoutMs: number;
  /** What is called, for messages: `tool "x"`, `UserPromptSubmit hook`. */
  label: string;
  signal?: AbortSignal;
  target?: object;
}

/** Calls the registration in the worker; rejects when it fails, overruns or the worker stops. */
export type CallWorker = (payload: CallPayload, options: CallOptions) => Promise<unknown>;

/** Registers, through the plugin's host API, the stand-in for one registration; returns its undo. */
export function registerStub(
  api: PluginApi,
  r: WorkerRegistration,
  call: CallWorker,
  deadlines: { toolMs: number; hookMs: number },
): () => void {
  const { toolMs, hookMs } = deadlines;
  switch (r.kind) {
    case "tool": {
      const label = `tool "${r.tool.name}"`;
      const execute = (args: unknown, ctx: ToolContext): Promise<ToolResult> =>
        call({ args, ctx: dataOf(ctx) }, { timeoutMs: toolMs, label, signal: ctx.signal, target: ctx }) as never;
      const { name, description } = r.tool;
      const tool: Tool = r.tool.kind === "freeform"
        ? { kind: "freeform", name, description, format: r.tool.format, execute }
        : { kind: "jsonSchema", name, description, inputSchema: r.tool.inputSchema, execute };
      return api.tools.register(tool, r.threadId ? { threadId: r.threadId } : undefined);
    }
    case "hook": {
      const timeoutMs = r.options.timeoutSec ? r.options.timeoutSec * 1000 : hookMs;
      return api.hooks.on(
        r.event,
        { ...r.options, timeoutSec: timeoutMs / 1000 },
        (input, ctx) => call({ input }, { timeoutMs, label: `${r.event} hook`, signal: ctx.signal }) as never,
      );
    }
    case "hooksFile":
      return api.hooks.declare(r.file, r.root ? { root: r.root } : {});
    case "lifecycle":
      return api.lifecycle.on(r.point, (input) =>
        call({ input: dataOf(input) }, {
          timeoutMs: hookMs,
          label: `${r.point} handler`,
          signal: input.signal,
          target: input,
        }) as never);
    case "context":
      return api.context.register({
        name: r.name,
        contribute: (request) =>
          call({ request: dataOf(request) }, {
            timeoutMs: hookMs,
            label: `context contributor "${r.name}"`,
            signal: request.signal,
          }) as never,
      });
    case "bus": {
      const label = r.topic ? `"${r.topic}" subscriber` : "bus subscriber";
      const deliver = (event: unknown) => call({ event }, { timeoutMs: hookMs, label }) as Promise<void>;
      return r.topic ? api.bus.on(r.topic, deliver) : api.bus.onAny(deliver);
    }
    case "method":
      return api.methods.register(
        r.method,
        (params) => call({ params }, { timeoutMs: toolMs, label: `method "${r.method}"` }),
      );
  }
}

/** The data of a context: its fields without functions, signals or caches. */
function dataOf(value: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (typeof field === "function" || field instanceof AbortSignal || key === "approvals") continue;
    out[key] = field;
  }
  return out;
}
