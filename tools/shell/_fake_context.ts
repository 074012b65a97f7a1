/**
 * @module
 * Test support for the shell plugin: a `ToolContext` that records every item, notification and
 * server request the tool emits, in one ordered list, and answers approval requests from a
 * script (`answers`), emitting `serverRequest/resolved` after each as the kernel's bus does.
 * Without answers it refuses server requests. Private to this folder's tests.
 */
import {
  type AskForApproval,
  type CommandExecutionItem,
  type ReviewDecision,
  type SandboxPolicy,
  SessionApprovals,
  type ThreadItem,
  type ToolContext,
} from "../../kernel/mod.ts";

/** One recorded emission. */
export type Recorded =
  | { kind: "started"; item: ThreadItem }
  | { kind: "delta"; itemId: string; delta: string }
  | { kind: "completed"; item: ThreadItem }
  | { kind: "request"; method: string; params: Record<string, unknown> }
  | { kind: "resolved" }
  | { kind: "other"; topic: string };

/** A recording context plus helpers to read what it saw. */
export interface FakeContext {
  ctx: ToolContext;
  events: Recorded[];
  /** The approval requests sent, in order. */
  requests(): Record<string, unknown>[];
  /** How many times `ctx.interrupt()` was called. */
  interrupts(): number;
  /** The completed `commandExecution` item (throws when there is none). */
  completed(): CommandExecutionItem;
  /** Every delta, joined. */
  deltas(): string;
}

/** Options of `fakeContext()`. */
export interface FakeContextOptions {
  cwd: string;
  signal?: AbortSignal;
  callId?: string;
  /** @default "never" */
  approvalPolicy?: AskForApproval;
  /** @default danger-full-access */
  sandbox?: SandboxPolicy;
  /** Shared across contexts to play one thread's session cache. */
  approvals?: SessionApprovals;
  /** Decisions for approval requests, in order; a function decides per request. */
  answers?: ReviewDecision[] | ((params: Record<string, unknown>) => ReviewDecision | Promise<ReviewDecision>);
  /** What a PreToolUse hook asked (`ctx.approvalRequired`). */
  approvalRequired?: string;
  /** Play a bus with no client: every request is declined by policy with this reason. */
  noClient?: string;
}

/** Creates a context for `callId` with `cwd` as the thread's working directory. */
export function fakeContext(options: FakeContextOptions): FakeContext {
  const events: Recorded[] = [];
  const sandbox = options.sandbox ?? { mode: "danger-full-access", writableRoots: ["/"], networkAccess: true };
  let interrupts = 0;
  const answers = options.answers;
  const decide = async (params: Record<string, unknown>): Promise<ReviewDecision> => {
    if (typeof answers === "function") return await answers(params);
    const next = answers?.shift();
    if (!next) throw new Error("Cannot answer approval request: the fake context has no answer left");
    return next;
  };
  const ctx: ToolContext = {
    threadId: "thread-1",
    turnId: "turn-1",
    callId: options.callId ?? "call-1",
    toolName: "shell_command",
    model: "test-model",
    transcriptPath: null,
    toolInput: "",
    approvalRequired: options.approvalRequired ?? null,
    approvalMetadata: {},
    approvalCacheKey: null,
    checkPermission: () => Promise.resolve({ decision: "ask" }),
    cwd: options.cwd,
    approvalPolicy: options.approvalPolicy ?? "never",
    sandboxMode: sandbox.mode,
    sandbox,
    approvals: options.approvals ?? new SessionApprovals(),
    interrupt: () => void interrupts++,
    signal: options.signal ?? new AbortController().signal,
    emit(topic, params) {
      if (topic === "item/commandExecution/outputDelta") {
        const { itemId, delta } = params as { itemId: string; delta: string };
        events.push({ kind: "delta", itemId, delta });
      } else {
        events.push({ kind: "other", topic });
      }
    },
    startItem: (item) => events.push({ kind: "started", item: structuredClone(item) }),
    completeItem: (item) => events.push({ kind: "completed", item: structuredClone(item) }),
    // deno-lint-ignore no-explicit-any
    request: (async (method: string, params: any) => {
      if (options.noClient) {
        events.push({ kind: "request", method, params: structuredClone(params) }, { kind: "resolved" });
        return { status: "declined", reason: options.noClient };
      }
      if (!answers) throw new Error("Cannot send server request: the fake context has no front end");
      events.push({ kind: "request", method, params: structuredClone(params) });
      try {
        return { status: "answered", response: { decision: await decide(params) } };
      } finally {
        events.push({ kind: "resolved" });
      }
    }) as ToolContext["request"],
    emitProgress: () => {},
    ask: () => Promise.resolve({ status: "declined", reason: "the fake context has no user to ask" }),
    log: () => {},
  };
  return {
    ctx,
    events,
    requests: () => events.flatMap((e) => (e.kind === "request" ? [e.params] : [])),
    interrupts: () => interrupts,
    completed() {
      const found = events.find((e) => e.kind === "completed");
      if (!found || found.kind !== "completed" || found.item.type !== "commandExecution") {
        throw new Error("Cannot find completed commandExecution item: none was emitted");
      }
      return found.item;
    },
    deltas: () => events.flatMap((e) => (e.kind === "delta" ? [e.delta] : [])).join(""),
  };
}
