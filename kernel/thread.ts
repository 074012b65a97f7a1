/**
 * @module
 * A thread: settings, status, and a FIFO of queued turns (one runs at a time), run against its
 * history and turns (`history/thread_history.ts`, which records them and rebuilds them on resume).
 * After a compaction (`compact()`, or automatic mid-turn) the next turn runs SessionStart with
 * source `compact`.
 */
import type { EventBus } from "./bus.ts";
import {
  type SandboxPolicy,
  sandboxPolicyFor,
  type SandboxPolicyOptions,
  SessionApprovals,
} from "./requests/approvals.ts";
import type { ContextContributor } from "./context.ts";
import type { ModelProvider } from "./provider.ts";
import type { ThreadItem, UserInput } from "./protocol/items.ts";
import type { ResponseItem } from "./protocol/model.ts";
import type { Notification, NotificationMap, Topic } from "./protocol/notifications.ts";
import type { Thread as WireThread, ThreadStatus } from "./protocol/thread.ts";
import type { Turn } from "./protocol/turn.ts";
import type { GitInfoRecord, LoadedRollout, SessionMeta, ThreadStore } from "./store/thread_store.ts";
import type { ToolRegistry } from "./tool_registry.ts";
import { runTurn, type TurnKind, type TurnOutcome, type UserShellTask } from "./turn.ts";
export type { TurnKind } from "./turn.ts";
import { ErrorCodes, TernError } from "./base/errors.ts";
import { ThreadHistory } from "./history/thread_history.ts";
import type { Lifecycle } from "./extensions/lifecycle.ts";

export type { ThreadSettings } from "./config/thread_settings.ts";
import type { ThreadSettings } from "./config/thread_settings.ts";

/** Per-turn options: overrides that stick, and an output schema for this turn only. */
export interface TurnOptions {
  overrides?: Partial<ThreadSettings>;
  outputSchema?: Record<string, unknown>;
  /** The turn's id, when the caller must know it before the turn starts (`turn/start`). */
  turnId?: string;
  /**
   * Items that open and close the turn (a review's `enteredReviewMode` and `exitedReviewMode`):
   * `opening` right after `turn/started`, `closing` (given the turn's last agent message) right
   * before `turn/completed`; each started and completed, and kept with the turn's items.
   */
  bracket?: { opening: ThreadItem[]; closing: (lastAgentMessage: string | null) => ThreadItem[] };
}

/** What a thread needs from the runtime. */
export interface ThreadDeps {
  bus: EventBus;
  tools: ToolRegistry;
  contributors: () => readonly ContextContributor[];
  provider: (id: string) => ModelProvider;
  store: ThreadStore | null;
  warn: (message: string) => void;
  debug: (message: string) => void;
  /** Config for `workspace-write` (extra writable roots, network). */
  sandboxOptions: SandboxPolicyOptions;
  lifecycle: Lifecycle;
  /** How many times Stop handlers may continue one turn. */
  maxContinuations: number;
  /** Compact mid-turn at this many tokens (`modelAutoCompactTokenLimit`); unset: never. */
  autoCompactTokenLimit?: number;
  /** The instruction asking for a compaction's summary (`compactPrompt`); unset: Tern's own. */
  compactPrompt?: string;
}

/** A conversation with the agent. */
export class Thread {
  readonly id: string;
  readonly meta: SessionMeta;
  settings: ThreadSettings;
  status: ThreadStatus = { type: "idle" };
  readonly ephemeral: boolean;
  readonly #history: ThreadHistory;
  #deps: ThreadDeps;
  #tail: Promise<unknown> = Promise.resolve();
  #active: {
    turnId: string;
    kind: TurnKind;
    abort: AbortController;
    steered: UserInput[][];
    /** The settings the running turn reads before each model request. */
    settings?: ThreadSettings & { sandbox: SandboxPolicy };
  } | null = null;
  #queued = 0;
  #approvals = new SessionApprovals();
  /** Set when the next turn is a session's first: it runs the SessionStart point. */
  pendingSessionStart: "startup" | "resume" | "clear" | "compact" | null = "startup";

  constructor(deps: ThreadDeps, meta: SessionMeta, settings: ThreadSettings, options: { ephemeral?: boolean } = {}) {
    this.#deps = deps;
    this.id = meta.id;
    this.meta = meta;
    this.settings = settings;
    this.ephemeral = options.ephemeral ?? false;
    this.#history = new ThreadHistory(this.id, this.ephemeral ? null : deps.store);
  }

  /** The model history. */
  get history(): ResponseItem[] {
    return this.#history.items;
  }

  get turns(): Turn[] {
    return this.#history.turns;
  }

  /** The rollout's path; null when the thread is not kept. */
  get path(): string | null {
    return this.#history.path;
  }

  /** Git metadata a client recorded (`thread/metadata/update`); null when none. */
  get gitInfo(): GitInfoRecord | null {
    return this.#history.gitInfo;
  }

  /** Starts persisting a new thread (writes `session_meta`). */
  persist(): Promise<void> {
    return this.#history.create(this.meta);
  }

  /** Rebuilds history and turns from a stored rollout, and the last turn's settings. Returns warnings for the user. */
  restore(rollout: LoadedRollout): string[] {
    const { warnings, context } = this.#history.restore(rollout);
    if (context) {
      const { cwd, model, approvalPolicy, sandboxMode } = context;
      this.settings = { ...this.settings, cwd, model, approvalPolicy, sandboxMode };
    }
    return warnings;
  }

  /** True while a turn runs. */
  get busy(): boolean {
    return this.#active !== null || this.#queued > 0;
  }

  /** The id of the running turn, if any. */
  get activeTurnId(): string | null {
    return this.#active?.turnId ?? null;
  }

  /** What the running turn does: `regular`, or `compact` (which takes no steered input); null when idle. */
  get activeTurnKind(): TurnKind | null {
    return this.#active?.kind ?? null;
  }

  /** Queues a turn; resolves when it has run. Turns run one at a time, in order. */
  run(input: UserInput[], options: TurnOptions = {}): Promise<TurnOutcome> {
    return this.#enqueue("regular", input, options);
  }

  /**
   * Queues a turn that compacts the history (`thread/compact/start`): it summarizes the history
   * with the thread's model and replaces it (see `compaction/compact.ts`). Resolves when it has run.
   */
  compact(options: Pick<TurnOptions, "turnId"> = {}): Promise<TurnOutcome> {
    return this.#enqueue("compact", [], options);
  }

  /**
   * Queues a turn that runs the user's shell command (`thread/shellCommand`) with the thread's
   * cwd and sandbox policy, and records the command and its output for the model. It waits for a
   * running turn to end (Codex runs it beside the running turn instead). Resolves when it has run.
   */
  shellCommand(task: UserShellTask, options: Pick<TurnOptions, "turnId"> = {}): Promise<TurnOutcome> {
    return this.#enqueue("userShell", [], options, task);
  }

  #enqueue(kind: TurnKind, input: UserInput[], options: TurnOptions, task?: UserShellTask): Promise<TurnOutcome> {
    this.#queued++;
    const next = this.#tail.then(() => {
      this.#queued--;
      return this.#runNow(kind, input, options, task);
    });
    this.#tail = next.catch(() => {});
    return next;
  }

  /**
   * Adds input to the running turn (`turn/steer`): it enters history before the turn's next model
   * request. Returns the running turn's id, or null when no turn runs (or it is not `expected`,
   * or it is a compaction).
   */
  steer(input: UserInput[], expectedTurnId?: string): string | null {
    if (!this.#active || (expectedTurnId && expectedTurnId !== this.#active.turnId)) return null;
    if (this.#active.kind !== "regular") return null;
    this.#active.steered.push(input);
    return this.#active.turnId;
  }

  /**
   * Drops the last `numTurns` turns and their history (`thread/rollback`), recorded so that resume
   * does the same. Throws when a turn is running or `numTurns` is not a positive integer.
   */
  rollback(numTurns: number): void {
    if (!Number.isInteger(numTurns) || numTurns < 1) {
      throw new RangeError(
        `Cannot roll back thread "${this.id}": numTurns must be a positive integer, got ${numTurns}`,
      );
    }
    if (this.busy) {
      throw new TernError(ErrorCodes.THREAD_BUSY, `Cannot roll back thread "${this.id}": a turn is running`);
    }
    this.#history.rollback(numTurns);
  }

  /**
   * Changes the thread's settings (`turn/settings/update`): for the running turn from its next
   * model request, and for every later turn.
   */
  updateSettings(changes: Partial<ThreadSettings>): void {
    this.settings = { ...this.settings, ...changes };
    const running = this.#active?.settings;
    if (!running) return;
    Object.assign(running, changes);
    running.sandbox = sandboxPolicyFor(running.sandboxMode, running.cwd, this.#deps.sandboxOptions);
  }

  /** Records the thread's git metadata (`thread/metadata/update`); null clears it. */
  setGitInfo(gitInfo: GitInfoRecord | null): void {
    this.#history.setGitInfo(gitInfo);
  }

  /** Interrupts the running turn. Returns false when no turn runs. */
  interrupt(): boolean {
    if (!this.#active) return false;
    this.#active.abort.abort();
    return true;
  }

  /** The thread as the wire shows it. */
  toWire(options: { includeTurns?: boolean } = {}): WireThread {
    const firstUser = this.turns[0]?.items.find((i) => i.type === "userMessage");
    const preview = firstUser?.type === "userMessage"
      ? firstUser.content.map((c) => (c.type === "text" ? c.text : "")).join(" ").slice(0, 200)
      : "";
    const created = Math.floor(Date.parse(this.meta.timestamp) / 1000);
    return {
      id: this.id,
      sessionId: this.id,
      forkedFromId: this.meta.forkedFromId ?? null,
      parentThreadId: null,
      preview,
      ephemeral: this.ephemeral,
      modelProvider: this.settings.modelProvider,
      createdAt: created,
      updatedAt: this.turns.at(-1)?.completedAt ?? created,
      status: this.status,
      path: this.path,
      cwd: this.settings.cwd,
      cliVersion: this.meta.cliVersion,
      source: this.meta.source,
      threadSource: null,
      agentNickname: null,
      agentRole: null,
      gitInfo: this.gitInfo,
      name: this.meta.name ?? null,
      projectId: null,
      turns: options.includeTurns ? this.turns : [],
    };
  }

  async #runNow(kind: TurnKind, input: UserInput[], options: TurnOptions, task?: UserShellTask): Promise<TurnOutcome> {
    const deps = this.#deps;
    if (options.overrides) this.settings = { ...this.settings, ...options.overrides };
    const settings = this.settings;
    const turnId = options.turnId ?? crypto.randomUUID();
    const abort = new AbortController();
    this.#active = { turnId, kind, abort, steered: [] };
    this.#setStatus({ type: "active", activeFlags: [] });
    const { cwd, model, approvalPolicy, sandboxMode } = settings;
    this.#history.startTurn({ turnId, cwd, model, approvalPolicy, sandboxMode, effort: settings.effort ?? null });
    const turnSettings = {
      ...settings,
      sandbox: sandboxPolicyFor(settings.sandboxMode, settings.cwd, deps.sandboxOptions),
      outputSchema: options.outputSchema,
    };
    this.#active.settings = turnSettings;
    let lastAgentMessage: string | null = null;
    const emit = <T extends Topic>(topic: T, params: NotificationMap[T]) => {
      const notification = { method: topic, params } as Notification;
      // The thread goes idle (or `systemError` after a failed turn) before `turn/completed`, as in Codex.
      if (notification.method === "turn/completed") {
        this.#setStatus(notification.params.turn.status === "failed" ? { type: "systemError" } : { type: "idle" });
      }
      this.#history.event(notification);
      deps.bus.emit(topic, params);
    };
    const bracketed = (items: ThreadItem[]) => {
      for (const item of items) {
        const startedAtMs = Date.now();
        emit("item/started", {
          item: { ...item, startedAtMs, completedAtMs: null },
          threadId: this.id,
          turnId,
          startedAtMs,
        });
        const completedAtMs = Date.now();
        emit("item/completed", {
          item: { ...item, startedAtMs, completedAtMs },
          threadId: this.id,
          turnId,
          completedAtMs,
        });
      }
    };
    try {
      const outcome = await runTurn({
        threadId: this.id,
        turnId,
        input,
        history: this.history,
        settings: turnSettings,
        approvals: this.#approvals,
        interrupt: () => abort.abort(),
        lifecycle: deps.lifecycle,
        takeSteered: () => this.#active?.steered.splice(0) ?? [],
        kind,
        userShell: task,
        autoCompactTokenLimit: deps.autoCompactTokenLimit,
        compactPrompt: deps.compactPrompt,
        previousUsage: this.#history.lastResponseUsage,
        sessionStart: kind === "regular" ? this.#takeSessionStart() : undefined,
        dynamicTools: this.meta.dynamicTools,
        maxContinuations: deps.maxContinuations,
        transcriptPath: this.path,
        provider: deps.provider(settings.modelProvider),
        tools: deps.tools,
        contributors: deps.contributors(),
        request: deps.bus.request.bind(deps.bus),
        signal: abort.signal,
        sink: {
          emit: <T extends Topic>(topic: T, params: NotificationMap[T]) => {
            if (topic === "turn/completed" && options.bracket) bracketed(options.bracket.closing(lastAgentMessage));
            emit(topic, params);
            if (topic === "turn/started" && options.bracket) bracketed(options.bracket.opening);
            const item = (params as NotificationMap["item/completed"]).item;
            if (topic === "item/completed" && item?.type === "agentMessage") lastAgentMessage = item.text;
          },
          pushHistory: (item) => this.#history.push(item),
          replaceHistory: (items, message) => {
            this.#history.replace(items, message);
            this.pendingSessionStart = "compact";
          },
          warn: deps.warn,
          debug: deps.debug,
        },
      });
      this.#history.lastResponseUsage = outcome.lastUsage;
      return outcome;
    } finally {
      this.#active = null;
      if (this.status.type === "active") this.#setStatus({ type: "idle" });
    }
  }

  #takeSessionStart() {
    const source = this.pendingSessionStart ?? undefined;
    this.pendingSessionStart = null;
    return source;
  }

  #setStatus(status: ThreadStatus): void {
    this.status = status;
    this.#deps.bus.emit("thread/status/changed", { threadId: this.id, status });
  }
}
