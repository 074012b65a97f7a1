/**
 * @module
 * The tool registry and the one place every tool call goes through (`ToolRegistry.dispatch`).
 * Dispatch finds the tool, parses and validates the arguments, runs the `beforeCall`
 * interceptors, the handler (within the owning plugin's `timeouts.toolSec`, if it sets one), then
 * the `afterCall` interceptors. Every failure (unknown tool, bad arguments, a handler that throws
 * or overruns) becomes an error result the model reads; dispatch itself never throws.
 */
import { z } from "zod";
import { ErrorCodes, TernError } from "./base/errors.ts";
import type { ModelToolSpec } from "./provider.ts";
import type { ToolOutputPart } from "./protocol/model.ts";
import type { DynamicToolCallItem, ThreadItem } from "./protocol/items.ts";
import { type CancelTimer, startTimer } from "./base/timer.ts";
import type {
  AfterToolCall,
  BeforeToolCall,
  DispatchResult,
  Tool,
  ToolCall,
  ToolContext,
  ToolResult,
} from "./tools.ts";

interface Registered {
  tool: Tool;
  owner: string;
  /** Set for a tool only one thread sees (a client's dynamic tools). */
  threadId?: string;
  spec?: ModelToolSpec;
}

const key = (name: string, threadId?: string) => (threadId ? `${threadId}\u0000${name}` : name);

/** The registry of tools the model may call. */
export class ToolRegistry {
  #tools = new Map<string, Registered>();
  #before: BeforeToolCall[] = [];
  #after: AfterToolCall[] = [];
  /**
   * How long a call to a tool of `owner` may run (ms), or undefined for no limit: the runtime
   * answers from the owning plugin's manifest (`timeouts.toolSec`).
   */
  deadlineFor: (owner: string) => number | undefined = () => undefined;

  /**
   * Registers a tool; two tools a thread sees may not share a name. With `threadId`, only that
   * thread's turns see the tool. Returns the unregister function.
   */
  register(tool: Tool, owner = "kernel", options: { threadId?: string } = {}): () => void {
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(tool.name)) {
      throw new TypeError(`Cannot register tool "${tool.name}": names are 1-64 of [a-zA-Z0-9_-]`);
    }
    const { threadId } = options;
    const existing = this.#tools.get(tool.name) ?? (threadId ? this.#tools.get(key(tool.name, threadId)) : undefined) ??
      (threadId ? undefined : [...this.#tools.values()].find((r) => r.threadId && r.tool.name === tool.name));
    if (existing) {
      throw new TernError(
        ErrorCodes.TOOL_CONFLICT,
        `Cannot register tool "${tool.name}" for "${owner}": already registered by "${existing.owner}"`,
      );
    }
    const entry: Registered = { tool, owner, threadId };
    const k = key(tool.name, threadId);
    this.#tools.set(k, entry);
    return () => {
      if (this.#tools.get(k) === entry) this.#tools.delete(k);
    };
  }

  /** Adds an interceptor that runs before every tool call, in registration order. */
  beforeCall(fn: BeforeToolCall): () => void {
    this.#before.push(fn);
    return () => (this.#before = this.#before.filter((f) => f !== fn));
  }

  /** Adds an interceptor that runs after every tool call, in registration order. */
  afterCall(fn: AfterToolCall): () => void {
    this.#after.push(fn);
    return () => (this.#after = this.#after.filter((f) => f !== fn));
  }

  /** The tool a thread's model calls by `name` (its own tools first). */
  get(name: string, threadId?: string): Tool | undefined {
    return (threadId ? this.#tools.get(key(name, threadId)) : undefined)?.tool ?? this.#tools.get(name)?.tool;
  }

  /** Registered tools with their owners, in registration order (with `threadId`: what it sees). */
  list(threadId?: string): { name: string; owner: string; kind: "function" | "freeform" }[] {
    return this.#visible(threadId).map((r) => ({
      name: r.tool.name,
      owner: r.owner,
      kind: r.tool.kind === "freeform" ? "freeform" : "function",
    }));
  }

  /** The tools a thread's model sees (JSON Schema computed once per tool). */
  specs(threadId?: string): ModelToolSpec[] {
    return this.#visible(threadId).map((r) => (r.spec ??= toSpec(r.tool)));
  }

  #visible(threadId?: string): Registered[] {
    return [...this.#tools.values()].filter((r) => !r.threadId || r.threadId === threadId);
  }

  /**
   * Runs one call through the `beforeCall` interceptors, the handler and the `afterCall`
   * interceptors: the one chokepoint every tool call passes. Never throws.
   */
  async dispatch(call: ToolCall, ctx: ToolContext): Promise<DispatchResult> {
    const tool = this.get(call.name, ctx.threadId);
    if (tool?.reportsItself) return await this.#dispatch(call, tool, ctx);
    // A call no item of its own shows: it becomes a `dynamicToolCall` item, unless the tool made one.
    const started = Date.now();
    let itemized = false;
    const { startItem, completeItem } = ctx;
    ctx.startItem = (item) => (itemized = true, startItem(item));
    ctx.completeItem = (item) => (itemized = true, completeItem(item));
    const dispatched = await this.#dispatch(call, tool, ctx);
    ctx.startItem = startItem;
    ctx.completeItem = completeItem;
    if (!itemized) {
      const owner = tool ? this.#owner(call.name, ctx.threadId) ?? null : null;
      const reported = callItem(call, owner, dispatched.result, Date.now() - started);
      startItem({ ...reported, status: "inProgress", contentItems: null, success: null, durationMs: null });
      completeItem(reported);
    }
    return dispatched;
  }

  async #dispatch(call: ToolCall, tool: Tool | undefined, ctx: ToolContext): Promise<DispatchResult> {
    const context: string[] = [];
    if (!tool) {
      return { result: { output: `unsupported call: tool "${call.name}" does not exist`, success: false }, context };
    }
    let current: ToolCall & { tool: Tool } = { ...call, tool };
    try {
      for (const before of this.#before) {
        const verdict = await before(current, ctx);
        if (!verdict) continue;
        if (verdict.context) context.push(...verdict.context);
        if (verdict.block !== undefined) {
          return { result: { output: verdict.block, success: false }, context, stopTurn: verdict.stopTurn };
        }
        if (verdict.stopTurn !== undefined) {
          return { result: { output: verdict.stopTurn, success: false }, context, stopTurn: verdict.stopTurn };
        }
        if (verdict.updatedInput !== undefined) current = { ...current, input: verdict.updatedInput };
        if (verdict.ask !== undefined) ctx.approvalRequired ??= verdict.ask;
        if (verdict.approval?.metadata) {
          ctx.approvalMetadata = { ...ctx.approvalMetadata, ...verdict.approval.metadata };
        }
        if (verdict.approval?.cacheKey) ctx.approvalCacheKey ??= verdict.approval.cacheKey;
      }
      ctx.toolInput = current.input;
      const owner = this.#owner(call.name, ctx.threadId);
      const deadline = owner === undefined ? undefined : this.deadlineFor(owner);
      let result = deadline === undefined
        ? await this.#run(tool, current, ctx)
        : await this.#runWithin(deadline, owner!, tool, current, ctx);
      let stopTurn: string | undefined;
      for (const after of this.#after) {
        const verdict = await after(current, result, ctx);
        if (!verdict) continue;
        if (verdict.result) result = verdict.result;
        if (verdict.context) context.push(...verdict.context);
        stopTurn ??= verdict.stopTurn;
      }
      return { result, context, stopTurn };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { result: { output: `tool "${call.name}" failed: ${message}`, success: false }, context };
    }
  }

  #owner(name: string, threadId?: string): string | undefined {
    return ((threadId ? this.#tools.get(key(name, threadId)) : undefined) ?? this.#tools.get(name))?.owner;
  }

  /**
   * Runs a call that must end within `ms`: past it, the call's signal aborts (a tool that heeds it
   * stops) and the model is told the call was cut off; the turn goes on without waiting for it.
   * Items the call started and had not completed are completed as failed, and whatever the
   * runaway call emits for its items afterwards is dropped, so no item is left in progress.
   */
  async #runWithin(ms: number, owner: string, tool: Tool, call: ToolCall, ctx: ToolContext): Promise<ToolResult> {
    const cutOff = new AbortController();
    const onTurnAbort = () => cutOff.abort(ctx.signal.reason);
    if (ctx.signal.aborted) onTurnAbort();
    else ctx.signal.addEventListener("abort", onTurnAbort, { once: true });
    const open = new Map<string, ThreadItem>();
    let cancelTimer: CancelTimer = () => {};
    const overrun = new Promise<ToolResult>((resolve) => {
      cancelTimer = startTimer(ms, () => {
        // Settle first: a tool that stops on abort must not answer in the overrun's place.
        resolve({
          output: `tool "${call.name}" did not finish within ${ms / 1000} s (plugin "${owner}", timeouts.toolSec) ` +
            "and was cut off",
          success: false,
        });
        cutOff.abort(new Error("tool call deadline"));
        for (const item of open.values()) ctx.completeItem(failedItem(item));
        open.clear();
      });
    });
    const guarded: ToolContext = {
      ...ctx,
      signal: cutOff.signal,
      startItem: (item) => {
        if (cutOff.signal.aborted) return;
        open.set(item.id, item);
        ctx.startItem(item);
      },
      completeItem: (item) => {
        if (cutOff.signal.aborted && !open.has(item.id)) return;
        open.delete(item.id);
        ctx.completeItem(item);
      },
    };
    try {
      return await Promise.race([this.#run(tool, call, guarded), overrun]);
    } finally {
      cancelTimer();
      ctx.signal.removeEventListener("abort", onTurnAbort);
    }
  }

  #run(tool: Tool, call: ToolCall, ctx: ToolContext): Promise<ToolResult> {
    if (tool.kind === "freeform") return tool.execute(call.input, ctx);
    let raw: unknown;
    try {
      raw = call.input.trim() === "" ? {} : JSON.parse(call.input);
    } catch (error) {
      return Promise.resolve({
        output: `failed to parse function arguments for "${call.name}": ${(error as Error).message}`,
        success: false,
      });
    }
    if (tool.kind === "jsonSchema") return tool.execute(raw, ctx);
    const parsed = tool.parameters.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
      return Promise.resolve({ output: `invalid arguments for "${call.name}": ${issues}`, success: false });
    }
    return tool.execute(parsed.data, ctx);
  }
}

/** The `dynamicToolCall` item that shows a call of a tool that made no item of its own. */
function callItem(call: ToolCall, owner: string | null, result: ToolResult, durationMs: number): DynamicToolCallItem {
  let args: unknown = call.input;
  if (call.kind === "function") {
    try {
      args = call.input.trim() === "" ? {} : JSON.parse(call.input);
    } catch { /* shown as the text the model wrote */ }
  }
  const parts: ToolOutputPart[] = typeof result.output === "string"
    ? [{ type: "input_text", text: result.output }]
    : result.output;
  const ok = result.success !== false;
  return {
    type: "dynamicToolCall",
    id: call.callId,
    namespace: owner,
    tool: call.name,
    arguments: args,
    status: ok ? "completed" : "failed",
    contentItems: parts.map((part) =>
      part.type === "input_text"
        ? { type: "inputText", text: part.text }
        : { type: "inputImage", imageUrl: part.image_url }
    ),
    success: ok,
    durationMs,
  };
}

function toSpec(tool: Tool): ModelToolSpec {
  if (tool.kind === "freeform") {
    return { type: "custom", name: tool.name, description: tool.description, format: tool.format };
  }
  if (tool.kind === "jsonSchema") {
    return {
      type: "function",
      name: tool.name,
      description: tool.description,
      parameters: tool.inputSchema,
      strict: false,
    };
  }
  const schema = z.toJSONSchema(tool.parameters, { target: "draft-7", io: "input" }) as Record<string, unknown>;
  delete schema.$schema;
  return { type: "function", name: tool.name, description: tool.description, parameters: schema, strict: false };
}

/** `item` ended by a deadline: `failed` where the item type has a status. */
function failedItem(item: ThreadItem): ThreadItem {
  return "status" in item ? { ...item, status: "failed" } as ThreadItem : item;
}
