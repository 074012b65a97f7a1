/**
 * @module
 * Test support for the shell plugin: a `ToolContext` that records every item and notification
 * the tool emits, in order, and refuses server requests. Private to this folder's tests.
 */
import { type CommandExecutionItem, SessionApprovals, type ThreadItem, type ToolContext } from "../../kernel/mod.ts";

/** One recorded emission. */
export type Recorded =
  | { kind: "started"; item: ThreadItem }
  | { kind: "delta"; itemId: string; delta: string }
  | { kind: "completed"; item: ThreadItem }
  | { kind: "other"; topic: string };

/** A recording context plus helpers to read what it saw. */
export interface FakeContext {
  ctx: ToolContext;
  events: Recorded[];
  /** The completed `commandExecution` item (throws when there is none). */
  completed(): CommandExecutionItem;
  /** Every delta, joined. */
  deltas(): string;
}

/** Creates a context for `callId` with `cwd` as the thread's working directory. */
export function fakeContext(options: { cwd: string; signal?: AbortSignal; callId?: string }): FakeContext {
  const events: Recorded[] = [];
  const ctx: ToolContext = {
    threadId: "thread-1",
    turnId: "turn-1",
    callId: options.callId ?? "call-1",
    cwd: options.cwd,
    approvalPolicy: "never",
    sandboxMode: "danger-full-access",
    sandbox: { mode: "danger-full-access", writableRoots: ["/"], networkAccess: true },
    approvals: new SessionApprovals(),
    interrupt: () => {},
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
    request: () => Promise.reject(new Error("Cannot send server request: the fake context has no front end")),
    log: () => {},
  };
  return {
    ctx,
    events,
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
