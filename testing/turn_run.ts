/**
 * @module
 * What `runTurn()` hands back: the turn's event log (every bus notification, in order) with the
 * queries a plugin test asserts on: items by type, tool calls with what the model read, hook runs,
 * the final answer, server requests, warnings, and the workspace's files after the turn.
 */
import type {
  HookRunSummary,
  ModelRequest,
  Notification,
  NotificationMap,
  ServerRequestMethod,
  ThreadItem,
  Topic,
  Turn,
  TurnError,
} from "../kernel/mod.ts";

/** A tool call, as the model made it and as the model then read its result. */
export interface ToolCallRecord {
  callId: string;
  name: string;
  /** The call's input as the model wrote it (JSON text for function tools). */
  input: string;
  /** `input` parsed, for function tools whose input is a JSON object; else null. */
  args: Record<string, unknown> | null;
  /** The output the model read next; null when the turn ended before the model read it. */
  output: string | null;
}

/** A server request a plugin sent during the run (approvals, `ctx.ask()`). */
export interface ServerRequestRecord {
  method: ServerRequestMethod;
  params: unknown;
}

/** Everything `new TurnRun()` is built from. */
export interface TurnRunData {
  turn: Turn;
  events: Notification[];
  requests: ModelRequest[];
  toolCalls: ToolCallRecord[];
  serverRequests: ServerRequestRecord[];
  warnings: string[];
  workspace: string;
  files: Record<string, string>;
}

/** The result of one test turn. */
export class TurnRun {
  /** The turn as it ended (`status`, `error`, `items`). */
  readonly turn: Turn;
  /** Every bus notification of the run, in order. */
  readonly events: readonly Notification[];
  /** Every request the model was sent, in order (history, tools, instructions). */
  readonly requests: readonly ModelRequest[];
  /** The model's tool calls in the order it made them, with the output it read. */
  readonly toolCalls: readonly ToolCallRecord[];
  /** Server requests sent to the (test's) client. */
  readonly serverRequests: readonly ServerRequestRecord[];
  /** Warnings the runtime reported (say, a tool registered but not declared in `plugin.jsonc`). */
  readonly warnings: readonly string[];
  /** The temporary workspace the turn ran in (removed after the run unless `keepWorkspace`). */
  readonly workspace: string;
  /** The workspace's text files after the turn, by relative path (`/` separated). */
  readonly files: Readonly<Record<string, string>>;

  constructor(data: TurnRunData) {
    this.turn = data.turn;
    this.events = data.events;
    this.requests = data.requests;
    this.toolCalls = data.toolCalls;
    this.serverRequests = data.serverRequests;
    this.warnings = data.warnings;
    this.workspace = data.workspace;
    this.files = data.files;
  }

  /** How the turn ended. */
  get status(): Turn["status"] {
    return this.turn.status;
  }

  /** Why the turn failed, else null. */
  get error(): TurnError | null {
    return this.turn.error;
  }

  /** The text of the turn's last agent message, else null. */
  get finalText(): string | null {
    return this.items("agentMessage").at(-1)?.text ?? null;
  }

  /** The hook runs that completed, in order (`eventName`, `status`, `entries`, ...). */
  get hookRuns(): HookRunSummary[] {
    return this.notifications("hook/completed").map((n) => n.run);
  }

  /** What tools reported with `ctx.emitProgress()`, in order. */
  get progress(): { tool: string; callId: string; message: string }[] {
    return this.notifications("item/tool/progress").map((n) => ({
      tool: n.tool,
      callId: n.itemId,
      message: n.message,
    }));
  }

  /**
   * Completed items, in order; with `type`, only that kind, typed.
   *
   * @example
   * ```ts
   * const [command] = run.items("commandExecution");
   * assertEquals(command.exitCode, 0);
   * ```
   */
  items<T extends ThreadItem["type"]>(type: T): Extract<ThreadItem, { type: T }>[];
  items(): ThreadItem[];
  items(type?: ThreadItem["type"]): ThreadItem[] {
    return this.notifications("item/completed").map((n) => n.item).filter((i) => !type || i.type === type);
  }

  /** The params of every notification on `topic`, in order. */
  notifications<T extends Topic>(topic: T): NotificationMap[T][] {
    return this.events.filter((e) => e.method === topic).map((e) => e.params as NotificationMap[T]);
  }
}
