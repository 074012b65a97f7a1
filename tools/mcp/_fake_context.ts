/**
 * @module
 * Test support for this folder: a `ToolContext` that records, in order, every notification,
 * item and server request a tool sends, and answers server requests with a function the test
 * gives (by default: declined, as when no client is attached). Private to this folder's tests.
 */
import {
  type AskForApproval,
  type RequestOutcome,
  type ServerRequestMap,
  type ServerRequestMethod,
  SessionApprovals,
  type ThreadItem,
  type ToolContext,
} from "../../kernel/mod.ts";

/** One recorded emission. */
export type Recorded =
  | { kind: "notification"; topic: string; params: unknown }
  | { kind: "started"; item: ThreadItem }
  | { kind: "completed"; item: ThreadItem }
  | { kind: "request"; method: ServerRequestMethod; params: unknown };

/** Answers a server request the tool sends. */
export type Answer = (
  method: ServerRequestMethod,
  params: ServerRequestMap[ServerRequestMethod]["params"],
) => RequestOutcome<ServerRequestMethod> | Promise<RequestOutcome<ServerRequestMethod>>;

/** Options of `fakeContext`; all optional. */
export interface FakeContextOptions {
  /** The thread's working directory. @default Deno.cwd() */
  cwd?: string;
  /** @default "call-1" */
  callId?: string;
  /** @default "tool" */
  toolName?: string;
  /** How server requests are answered. @default declined: no client is attached */
  answer?: Answer;
  /** @default "never" */
  approvalPolicy?: AskForApproval;
}

/** A recording context plus what it saw. */
export interface FakeContext {
  ctx: ToolContext;
  events: Recorded[];
}

/** Creates a recording context for thread "thread-1", turn "turn-1". */
export function fakeContext(options: FakeContextOptions = {}): FakeContext {
  const events: Recorded[] = [];
  const answer: Answer = options.answer ??
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
    sandboxMode: "danger-full-access",
    sandbox: { mode: "danger-full-access", writableRoots: ["/"], networkAccess: true },
    approvals: new SessionApprovals(),
    interrupt: () => {},
    signal: new AbortController().signal,
    emit: (topic, params) => events.push({ kind: "notification", topic, params: structuredClone(params) }),
    startItem: (item) => events.push({ kind: "started", item: structuredClone(item) }),
    completeItem: (item) => events.push({ kind: "completed", item: structuredClone(item) }),
    async request(method, params) {
      events.push({ kind: "request", method, params: structuredClone(params) });
      return await answer(method, params) as RequestOutcome<typeof method>;
    },
    log: () => {},
  };
  return { ctx, events };
}
