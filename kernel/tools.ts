/**
 * @module
 * What a tool is: a name, a description, zod parameters (sent to the model as JSON Schema), a
 * JSON Schema or a freeform grammar, and a handler that gets a `ToolContext`; `tool()` declares
 * one. Also the interceptor types the registry (`tool_registry.ts`) runs around every call.
 */
import type { z } from "zod";
import type { ThreadItem } from "./protocol/items.ts";
import type { ToolOutputPart } from "./protocol/model.ts";
import type { NotificationMap, Topic } from "./protocol/notifications.ts";
import type { ServerRequestMap, ServerRequestMethod } from "./protocol/server_requests.ts";
import type { AskForApproval, SandboxMode } from "./protocol/thread.ts";
import type { RequestOutcome } from "./bus.ts";
import type { PermissionCheck, PermissionVerdict, SandboxPolicy, SessionApprovals } from "./requests/approvals.ts";
import type { AskQuestion, AskResult } from "./requests/ask.ts";

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

/** What a tool hands back to the model. */
export interface ToolResult {
  output: string | ToolOutputPart[];
  /** False when the call failed; the model still reads `output`. @default true */
  success?: boolean;
}

/** What every kind of tool may declare besides its name and handler. */
interface ToolTraits {
  /**
   * The tool shows its calls to clients itself, with items or events of its own (a command, a
   * patch, a plan, a question). Otherwise dispatch reports each call as a `dynamicToolCall` item
   * (namespace: the owning plugin) with its arguments, outcome and output, so that no call a
   * plugin tool makes, and no call of an unknown tool, goes unseen.
   */
  reportsItself?: boolean;
}

/** A JSON function tool with zod parameters. */
export interface FunctionTool<S extends z.ZodType = z.ZodType> extends ToolTraits {
  kind?: "function";
  name: string;
  description: string;
  parameters: S;
  execute(args: z.infer<S>, ctx: ToolContext): Promise<ToolResult>;
}

/** A freeform tool: the model writes raw text following a grammar (Responses `custom` tools). */
export interface FreeformTool extends ToolTraits {
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
export interface JsonSchemaTool extends ToolTraits {
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
