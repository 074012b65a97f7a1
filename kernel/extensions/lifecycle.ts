/**
 * @module
 * Lifecycle hook points of a thread and its turns, for plugins such as the hook engine: their
 * inputs and outcomes (`LifecyclePoints`) and the registry that runs them. Which points there are,
 * where each fires and which hook event it carries is the table in `points.ts`, with the tool
 * interceptors (`beforeCall`, `afterCall`) beside them.
 *
 * Handlers run one after another in registration order; outcomes merge by fixed rules: the
 * first block or stop wins, contexts and continuation prompts are concatenated in order. A
 * handler that throws is reported and counts as no outcome.
 */
import type { UserInput } from "../protocol/items.ts";
import type { DynamicToolSpec } from "../protocol/methods.ts";
import type { NotificationMap, Topic } from "../protocol/notifications.ts";
import type { ServerRequestMap, ServerRequestMethod } from "../protocol/server_requests.ts";
import type { RequestOutcome } from "../bus.ts";

/** What every handler is told. */
export interface LifecycleBase {
  threadId: string;
  cwd: string;
  model: string;
  /** The rollout path, when the thread is persisted. */
  transcriptPath: string | null;
  approvalPolicy: string;
  signal: AbortSignal;
  /** Publishes a notification (e.g. `hook/started`). */
  emit<T extends Topic>(topic: T, params: NotificationMap[T]): void;
  /** Sends a server request for this thread (cancelled with the turn). */
  request<M extends ServerRequestMethod>(method: M, params: ServerRequestMap[M]["params"]): Promise<RequestOutcome<M>>;
}

/** Input and outcome of each point. */
export interface LifecyclePoints {
  sessionStart: {
    input: LifecycleBase & {
      turnId: string;
      source: "startup" | "resume" | "clear" | "compact";
      /** The tools the client declared at `thread/start` (kept in `session_meta`); empty when none. */
      dynamicTools: DynamicToolSpec[];
    };
    outcome: { context?: string[]; stop?: string };
  };
  userPromptSubmit: {
    input: LifecycleBase & { turnId: string; prompt: string; input: UserInput[] };
    outcome: { block?: string; stop?: string; context?: string[] };
  };
  stop: {
    input: LifecycleBase & { turnId: string; lastAssistantMessage: string | null; stopHookActive: boolean };
    outcome: { continueWith?: { text: string; hookRunId: string }[]; stop?: string };
  };
  /** Before the user is asked to approve a call; any deny wins, else any allow, else ask. */
  permissionRequest: {
    input: LifecycleBase & {
      turnId: string;
      /** The call waiting for approval (hook run ids end with it, as for the other tool events). */
      callId: string;
      toolName: string;
      toolInput: string;
      method: string;
      reason: string | null;
    };
    outcome: { deny?: string; allow?: string };
  };
  /** Before a compaction; a stop cancels it (the history stays as it is). */
  preCompact: {
    input: LifecycleBase & { turnId: string; trigger: "manual" | "auto" };
    outcome: { stop?: string };
  };
  /** After a compaction replaced the history; a stop ends the turn (an automatic compaction does not go on). */
  postCompact: {
    input: LifecycleBase & { turnId: string; trigger: "manual" | "auto" };
    outcome: { stop?: string };
  };
  sessionEnd: {
    input: LifecycleBase & { reason: "exit" | "closed" | "other" };
    outcome: Record<string, never>;
  };
}

export type LifecyclePoint = keyof LifecyclePoints;
export type LifecycleInput<K extends LifecyclePoint> = LifecyclePoints[K]["input"];
export type LifecycleOutcome<K extends LifecyclePoint> = LifecyclePoints[K]["outcome"];
export type LifecycleHandler<K extends LifecyclePoint> = (
  input: LifecycleInput<K>,
) => Promise<LifecycleOutcome<K> | void> | LifecycleOutcome<K> | void;

/** The registry of lifecycle handlers. */
export class Lifecycle {
  #handlers: { [K in LifecyclePoint]: { fn: LifecycleHandler<K>; owner: string }[] } = {
    sessionStart: [],
    userPromptSubmit: [],
    stop: [],
    permissionRequest: [],
    preCompact: [],
    postCompact: [],
    sessionEnd: [],
  };
  #onError: (error: unknown, owner: string, point: LifecyclePoint) => void;

  constructor(options: { onError?: (error: unknown, owner: string, point: LifecyclePoint) => void } = {}) {
    this.#onError = options.onError ?? ((e, owner, point) => console.error(`${owner} ${point} handler failed:`, e));
  }

  /** Adds a handler; returns the undo function. */
  on<K extends LifecyclePoint>(point: K, fn: LifecycleHandler<K>, owner = "anonymous"): () => void {
    const list = this.#handlers[point] as { fn: LifecycleHandler<K>; owner: string }[];
    const entry = { fn, owner };
    list.push(entry);
    return () => {
      const i = list.indexOf(entry);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /** True when some handler listens at `point` (lets the loop skip work). */
  has(point: LifecyclePoint): boolean {
    return this.#handlers[point].length > 0;
  }

  /** Runs every handler of `point` in order and merges their outcomes. */
  async run<K extends LifecyclePoint>(point: K, input: LifecycleInput<K>): Promise<LifecycleOutcome<K>> {
    const merged: Record<string, unknown> = {};
    for (const { fn, owner } of this.#handlers[point] as { fn: LifecycleHandler<K>; owner: string }[]) {
      let outcome: LifecycleOutcome<K> | void;
      try {
        outcome = await fn(input);
      } catch (error) {
        this.#onError(error, owner, point);
        continue;
      }
      if (!outcome) continue;
      for (const [key, value] of Object.entries(outcome)) {
        if (value === undefined) continue;
        if (Array.isArray(value)) merged[key] = [...((merged[key] as unknown[]) ?? []), ...value];
        else merged[key] ??= value; // first block / stop wins
      }
    }
    return merged as LifecycleOutcome<K>;
  }
}
