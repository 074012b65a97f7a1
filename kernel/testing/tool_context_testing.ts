/**
 * @module
 * A `ToolContext` for testing a tool on its own: it records, in order, every notification, item
 * and server request the tool sends, and answers server requests with a function the test gives
 * (by default: declined, as when no client is attached). Plugins use it in their tests instead of
 * writing their own; a whole turn is better tested with the real runtime and the scripted model.
 */
import { type SandboxPolicy, SessionApprovals } from "../requests/approvals.ts";
import type { RequestOutcome } from "../bus.ts";
import type { ThreadItem } from "../protocol/items.ts";
import type { ServerRequestMap, ServerRequestMethod } from "../protocol/server_requests.ts";
import type { AskForApproval } from "../protocol/thread.ts";
import type { ToolContext } from "../tools.ts";
import { askUser } from "../requests/ask.ts";

/** One recorded emission. */
export type Recorded =
  | { kind: "notification"; topic: string; params: unknown }
  | { kind: "started"; item: ThreadItem }
  | { kind: "completed"; item: ThreadItem }
  | { kind: "request"; method: ServerRequestMethod; params: unknown };

/** Answers a server request the tool sends. */
export type RequestAnswer = (
  method: ServerRequestMethod,
  params: ServerRequestMap[ServerRequestMethod]["params"],
) => RequestOutcome<ServerRequestMethod> | Promise<RequestOutcome<ServerRequestMethod>>;

/** Options of `recordingToolContext()`; all optional. */
export interface RecordingToolContextOptions {
  /** The thread's working directory. @default Deno.cwd() */
  cwd?: string;
  /** @default "call-1" */
  callId?: string;
  /** @default "tool" */
  toolName?: string;
  /** @default "never" */
  approvalPolicy?: AskForApproval;
  /** How server requests are answered. @default declined: no client is attached */
  answer?: RequestAnswer;
  /** Aborted to simulate an interrupt. @default never aborted */
  signal?: AbortSignal;
  /** The sandbox in force. @default none (danger-full-access) */
  sandbox?: SandboxPolicy;
  /** Keep `events` (copies of everything emitted); benchmarks turn it off. @default true */
  record?: boolean;
}

/** A recording context plus what it saw. */
export interface RecordingToolContext {
  ctx: ToolContext;
  events: Recorded[];
}

/**
 * Creates a recording context for thread "thread-1", turn "turn-1" (no sandbox unless given).
 *
 * @example
 * ```ts
 * const { ctx, events } = recordingToolContext({ cwd: dir });
 * await myTool.execute({ path: "a.txt" }, ctx);
 * ```
 */
export function recordingToolContext(options: RecordingToolContextOptions = {}): RecordingToolContext {
  const events: Recorded[] = [];
  // Copies are made lazily, so a context that does not record costs nothing per event.
  const keep = (event: () => Recorded) => void (options.record !== false && events.push(event()));
  const sandbox = options.sandbox ?? { mode: "danger-full-access", writableRoots: ["/"], networkAccess: true };
  const answer: RequestAnswer = options.answer ??
    ((method) => ({ status: "declined", reason: `no client is attached to answer "${method}"` }));
  const ctx: ToolContext = {
    threadId: "thread-1",
    turnId: "turn-1",
    callId: options.callId ?? "call-1",
    toolName: options.toolName ?? "tool",
    model: "test-model",
    transcriptPath: null,
    toolInput: "",
    approvalRequired: null,
    approvalMetadata: {},
    approvalCacheKey: null,
    checkPermission: () => Promise.resolve({ decision: "ask" }),
    cwd: options.cwd ?? Deno.cwd(),
    approvalPolicy: options.approvalPolicy ?? "never",
    sandboxMode: sandbox.mode,
    sandbox,
    approvals: new SessionApprovals(),
    interrupt: () => {},
    signal: options.signal ?? new AbortController().signal,
    emit: (topic, params) => keep(() => ({ kind: "notification", topic, params: structuredClone(params) })),
    startItem: (item) => keep(() => ({ kind: "started", item: structuredClone(item) })),
    completeItem: (item) => keep(() => ({ kind: "completed", item: structuredClone(item) })),
    async request(method, params) {
      keep(() => ({ kind: "request", method, params: structuredClone(params) }));
      return await answer(method, params) as RequestOutcome<typeof method>;
    },
    emitProgress(message) {
      const params = { threadId: "thread-1", turnId: "turn-1", itemId: ctx.callId, tool: ctx.toolName, message };
      keep(() => ({ kind: "notification", topic: "item/tool/progress", params }));
    },
    ask: (question) => askUser(ctx, question),
    log: () => {},
  };
  return { ctx, events };
}
