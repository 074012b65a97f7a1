/**
 * @module
 * Test support for the apply_patch plugin: a `ToolContext` that records every item, notification
 * and server request the tool makes, answers approval requests with a scripted decision, and
 * notes whether the turn was interrupted. Private to this folder's tests.
 */
import {
  type AskForApproval,
  type FileChangeItem,
  type ReviewDecision,
  type SandboxPolicy,
  SessionApprovals,
  type ToolContext,
} from "../../kernel/mod.ts";

/** One recorded emission or request. */
export type Recorded =
  | { kind: "started"; item: FileChangeItem }
  | { kind: "completed"; item: FileChangeItem }
  | { kind: "notification"; topic: string; params: unknown }
  | { kind: "request"; method: string; params: Record<string, unknown> };

/** Options of `fakeContext()`. */
export interface FakeContextOptions {
  cwd: string;
  /** @default "on-request" */
  approvalPolicy?: AskForApproval;
  /** @default workspace-write with `cwd` as the only writable root */
  sandbox?: SandboxPolicy;
  /** The answer to every approval request; a request with no answer fails the test. */
  answer?: ReviewDecision;
  turnId?: string;
  threadId?: string;
  callId?: string;
  approvals?: SessionApprovals;
  /** What a PreToolUse hook asked (`ctx.approvalRequired`). */
  approvalRequired?: string;
  /** What a PermissionRequest hook decides. @default "ask" */
  permission?: "allow" | "deny" | "ask";
}

/** A recording context plus helpers to read what it saw. */
export interface FakeContext {
  ctx: ToolContext;
  events: Recorded[];
  /** True once the tool interrupted the turn. */
  interrupted(): boolean;
  /** The approval requests sent. */
  requests(): Extract<Recorded, { kind: "request" }>[];
  /** The `fileChange` item as completed (throws when none was). */
  completed(): FileChangeItem;
  /** The diffs of every `turn/diff/updated`, in order. */
  turnDiffs(): string[];
}

/** Creates a recording context. */
export function fakeContext(options: FakeContextOptions): FakeContext {
  const events: Recorded[] = [];
  const abort = new AbortController();
  let interrupted = false;
  const ctx: ToolContext = {
    threadId: options.threadId ?? "thread-1",
    turnId: options.turnId ?? "turn-1",
    callId: options.callId ?? "call-1",
    toolName: "apply_patch",
    model: "test-model",
    transcriptPath: null,
    toolInput: "",
    approvalRequired: options.approvalRequired ?? null,
    approvalMetadata: {},
    approvalCacheKey: null,
    checkPermission: () => Promise.resolve({ decision: options.permission ?? "ask" }),
    cwd: options.cwd,
    approvalPolicy: options.approvalPolicy ?? "on-request",
    sandboxMode: options.sandbox?.mode ?? "workspace-write",
    sandbox: options.sandbox ?? { mode: "workspace-write", writableRoots: [options.cwd], networkAccess: false },
    approvals: options.approvals ?? new SessionApprovals(),
    interrupt: () => {
      interrupted = true;
      abort.abort();
    },
    signal: abort.signal,
    emit: (topic, params) => events.push({ kind: "notification", topic, params: structuredClone(params) }),
    startItem: (item) => events.push({ kind: "started", item: structuredClone(item) as FileChangeItem }),
    completeItem: (item) => events.push({ kind: "completed", item: structuredClone(item) as FileChangeItem }),
    request: (method, params) => {
      events.push({ kind: "request", method, params: structuredClone(params) as Record<string, unknown> });
      if (!options.answer) return Promise.reject(new Error(`Cannot answer "${method}": the test gave no answer`));
      // deno-lint-ignore no-explicit-any
      return Promise.resolve({ status: "answered", response: { decision: options.answer } } as any);
    },
    emitProgress: () => {},
    ask: () => Promise.resolve({ status: "declined", reason: "the fake context has no user to ask" }),
    log: () => {},
  };
  return {
    ctx,
    events,
    interrupted: () => interrupted,
    requests: () => events.filter((e): e is Extract<Recorded, { kind: "request" }> => e.kind === "request"),
    completed() {
      const found = events.find((e) => e.kind === "completed");
      if (!found || found.kind !== "completed") {
        throw new Error("Cannot find completed fileChange item: none was emitted");
      }
      return found.item;
    },
    turnDiffs: () =>
      events.flatMap((e) =>
        e.kind === "notification" && e.topic === "turn/diff/updated" ? [(e.params as { diff: string }).diff] : []
      ),
  };
}
