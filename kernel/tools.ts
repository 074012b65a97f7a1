/**
 * @module
 * The tool registry and the one place every tool call goes through (`ToolRegistry.dispatch`).
 * A tool is a name, a description, zod parameters (sent to the model as JSON Schema) or a
 * freeform grammar, and a handler. Dispatch finds the tool, parses and validates the arguments,
 * runs the `beforeToolCall` interceptors, the handler, then the `afterToolCall` interceptors.
 * Every failure (unknown tool, bad arguments, a handler that throws) becomes an error result the
 * model reads; dispatch itself never throws.
 */
import { z } from "zod";
import { ErrorCodes, TernError } from "./errors.ts";
import type { ModelToolSpec } from "./provider.ts";
import type { ThreadItem } from "./protocol/items.ts";
import type { ToolOutputPart } from "./protocol/model.ts";
import type { NotificationMap, Topic } from "./protocol/notifications.ts";
import type { ServerRequestMap, ServerRequestMethod } from "./protocol/server_requests.ts";
import type { AskForApproval, SandboxMode } from "./protocol/thread.ts";
import type { RequestOutcome } from "./bus.ts";
import type { SandboxPolicy, SessionApprovals } from "./approvals.ts";
import type { AskQuestion, AskResult } from "./ask.ts";

/** What a tool handler gets besides its arguments. */
export interface ToolContext {
  threadId: string;
  turnId: string;
  /** The model's call id; tools use it as their item id. */
  callId: string;
  /** The tool's name, as the model called it. */
  toolName: string;
  /** The model the turn runs. */
  model: string;
  /** The thread's rollout path, when it is persisted. */
  transcriptPath: string | null;
  /** The call's input as the handler receives it (JSON text, or raw text for freeform tools). */
  toolInput: string;
  /**
   * Set when a `beforeCall` interceptor (say, a PreToolUse hook) asked for the user's approval:
   * tools with an approval flow then ask whatever the policy says, with this reason.
   */
  approvalRequired: string | null;
  /** Extra fields interceptors asked to add to this call's approval request params. */
  approvalMetadata: Record<string, unknown>;
  /** The `acceptForSession` key interceptors chose for this call (else the tool's own). */
  approvalCacheKey: string | null;
  /**
   * Consulted by `requestApproval()` before the user is asked (PermissionRequest hooks): `allow`
   * or `deny` decide without asking; `ask` (the default) asks.
   */
  checkPermission(request: PermissionCheck): Promise<PermissionVerdict>;
  /** The thread's working directory. */
  cwd: string;
  approvalPolicy: AskForApproval;
  sandboxMode: SandboxMode;
  /** What the sandbox lets this call write and reach. */
  sandbox: SandboxPolicy;
  /** The thread's `acceptForSession` cache. */
  approvals: SessionApprovals;
  /** Interrupts the whole turn (an approval answered `cancel`). */
  interrupt(): void;
  /** Aborted when the turn is interrupted. */
  signal: AbortSignal;
  /** Publishes a notification on the bus. */
  emit<T extends Topic>(topic: T, params: NotificationMap[T]): void;
  /** Emits `item/started` for an item of this turn. */
  startItem(item: ThreadItem): void;
  /** Emits `item/completed` for an item of this turn (and records it on the turn). */
  completeItem(item: ThreadItem): void;
  /** Sends a server request; cancelled with the turn. */
  request<M extends ServerRequestMethod>(method: M, params: ServerRequestMap[M]["params"]): Promise<RequestOutcome<M>>;
  /**
   * Reports how the call is getting on (say, "fetched 3 of 10 pages"): an `item/tool/progress`
   * notification (Tern) with this call's id as `itemId`, which front ends may show.
   */
  emitProgress(message: string): void;
  /**
   * Asks the user (the `item/tool/requestUserInput` server request) and resolves to the answers.
   * Never hangs: without a client to answer it resolves `declined`; an interrupt, `cancelled`.
   *
   * @example
   * ```ts
   * const answer = await ctx.ask({ question: "Overwrite notes.md?", options: ["yes", "no"] });
   * if (answer.status !== "answered" || answer.text !== "yes") return { output: "Not overwritten", success: false };
   * ```
   */
  ask(question: string | AskQuestion | readonly AskQuestion[]): Promise<AskResult>;
  /** A diagnostic line (stderr under `--debug`). */
  log(message: string): void;
}

/** What a permission check is told. */
export interface PermissionCheck {
  method: string;
  /** The call's id (`tool_use_id`). */
  callId: string;
  toolName: string;
  toolInput: string;
  reason: string | null;
}

/** A permission check's verdict. */
export type PermissionVerdict = { decision: "allow" | "deny" | "ask"; message?: string };

/** What a tool hands back to the model. */
export interface ToolResult {
  output: string | ToolOutputPart[];
  /** False when the call failed; the model still reads `output`. @default true */
  success?: boolean;
}

/** A JSON function tool with zod parameters. */
export interface FunctionTool<S extends z.ZodType = z.ZodType> {
  kind?: "function";
  name: string;
  description: string;
  parameters: S;
  execute(args: z.infer<S>, ctx: ToolContext): Promise<ToolResult>;
}

/** A freeform tool: the model writes raw text following a grammar (Responses `custom` tools). */
export interface FreeformTool {
  kind: "freeform";
  name: string;
  description: string;
  format: { type: "grammar"; syntax: "lark" | "regex"; definition: string } | { type: "text" };
  execute(input: string, ctx: ToolContext): Promise<ToolResult>;
}

/**
 * A function tool whose parameters are plain JSON Schema rather than zod: tools that come from
 * elsewhere at run time (MCP servers, a client's dynamic tools). Arguments reach `execute` parsed
 * from JSON but not validated; the tool (or the server behind it) validates them.
 */
export interface JsonSchemaTool {
  kind: "jsonSchema";
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  execute(args: unknown, ctx: ToolContext): Promise<ToolResult>;
}

/** Any tool. */
export type Tool = FunctionTool | FreeformTool | JsonSchemaTool;

/**
 * Declares a function tool: returns its argument unchanged, so that TypeScript infers the type of
 * `execute`'s arguments from the zod `parameters`. Register the result with `api.tools.register()`.
 *
 * @example
 * ```ts
 * const greet = tool({
 *   name: "greet",
 *   description: "Greets someone by name",
 *   parameters: z.object({ name: z.string() }),
 *   async execute({ name }, ctx) { // name: string
 *     ctx.emitProgress(`greeting ${name}`);
 *     return { output: `Hello, ${name}!` };
 *   },
 * });
 * ```
 */
export function tool<S extends z.ZodType>(definition: FunctionTool<S>): FunctionTool<S> {
  return definition;
}

/** The same as `tool()` (its earlier name). */
export const defineTool: typeof tool = tool;

/** A call as the model made it. */
export interface ToolCall {
  callId: string;
  name: string;
  /** JSON text for function tools, raw text for freeform tools. */
  input: string;
  kind: "function" | "freeform";
}

/** What a `beforeCall` interceptor may decide; every field is optional. */
export interface BeforeToolCallOutcome {
  /** The tool never runs; the model reads this reason as the output. */
  block?: string;
  /** Replaces the call's input (JSON text, or raw text for freeform tools). */
  updatedInput?: string;
  /** Asks the user before the tool runs, whatever the approval policy says (tools with an approval flow). */
  ask?: string;
  /**
   * Shapes the approval request if the tool asks: extra fields for its params (say,
   * `skillMetadata`) and the key `acceptForSession` is remembered under.
   */
  approval?: { metadata?: Record<string, unknown>; cacheKey?: string };
  /** Added to the model's history as developer messages after the call's output. */
  context?: string[];
  /** Ends the turn after this round of tool calls (with `block`: the call never runs). */
  stopTurn?: string;
}

/** What an `afterCall` interceptor may decide; every field is optional. */
export interface AfterToolCallOutcome {
  /** Replaces the result the model reads. */
  result?: ToolResult;
  /** Added to the model's history as developer messages after the call's output. */
  context?: string[];
  /** Ends the turn after this round of tool calls, with this reason. */
  stopTurn?: string;
}

/** Runs before a tool's handler, in registration order; sees earlier interceptors' rewrites. */
export type BeforeToolCall = (
  call: ToolCall & { tool: Tool },
  ctx: ToolContext,
) => Promise<BeforeToolCallOutcome | undefined | void> | BeforeToolCallOutcome | undefined | void;
/** Runs after a tool's handler (not after a blocked call), in registration order. */
export type AfterToolCall = (
  call: ToolCall & { tool: Tool },
  result: ToolResult,
  ctx: ToolContext,
) => Promise<AfterToolCallOutcome | undefined | void> | AfterToolCallOutcome | undefined | void;

/** What `dispatch()` hands back to the turn loop. */
export interface DispatchResult {
  result: ToolResult;
  /** Developer messages to add after the output. */
  context: string[];
  /** Set when an interceptor ended the turn. */
  stopTurn?: string;
}

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
      let result = await this.#run(tool, current, ctx);
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
