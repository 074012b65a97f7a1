/**
 * @module
 * A thread's model history and turns, kept in step with its rollout: each change is recorded
 * through the `ThreadStore` as it happens (`session_meta` once, `turn_context` per turn, every
 * history item, the notifications in `RECORDED_TOPICS`, rollbacks, compactions, git metadata), and
 * `restore()` rebuilds the same state from those records on resume.
 *
 * A compaction replaces the model history and is recorded as a `compacted` record carrying the
 * replacement, so resume rebuilds the same history. Turns started before it can still be rolled
 * back, but their history is already in the summary: a rollback cuts no further back than the
 * compacted history.
 */
import type { ModelUsage, ResponseItem } from "../protocol/model.ts";
import type { Notification, Topic } from "../protocol/notifications.ts";
import type { Turn } from "../protocol/turn.ts";
import type {
  GitInfoRecord,
  LoadedRollout,
  RolloutRecord,
  SessionMeta,
  ThreadStore,
  TurnContextRecord,
} from "../store/thread_store.ts";
import { abortedCallOutputs, applyEvent, interruptUnfinished } from "../store/turn_events.ts";

/** Recorded in the rollout; token usage too, so a resumed thread knows how big its history was. */
const RECORDED_TOPICS = new Set<Topic>([
  "turn/started",
  "item/completed",
  "turn/completed",
  "hook/completed",
  "thread/tokenUsage/updated",
]);

/** A thread's history, turns and git metadata, and their rollout. */
export class ThreadHistory {
  /** The model history: what the next model request sends after the context. */
  readonly items: ResponseItem[] = [];
  readonly turns: Turn[] = [];
  /** The rollout's path; null for an ephemeral thread or when no store is registered. */
  path: string | null = null;
  /** Git metadata a client recorded (`thread/metadata/update`); null when none. */
  gitInfo: GitInfoRecord | null = null;
  /** The last model response's usage: how big the history was then (reset when it shrinks). */
  lastResponseUsage: ModelUsage | undefined;
  readonly #threadId: string;
  readonly #store: ThreadStore | null;
  /** Where each turn's history begins, for rollback. */
  #turnStarts = new Map<string, number>();
  /** The turns recorded since the running turn started, by id. */
  #byId = new Map<string, Turn>();

  /** `store` is null for a thread that is not kept (ephemeral, or no store registered). */
  constructor(threadId: string, store: ThreadStore | null) {
    this.#threadId = threadId;
    this.#store = store;
  }

  /** Starts the rollout of a new thread (writes `session_meta`). */
  async create(meta: SessionMeta): Promise<void> {
    if (this.#store) this.path = (await this.#store.create(meta)).path;
  }

  /**
   * Rebuilds history and turns from a stored rollout. Returns warnings for the user and the last
   * turn's context (the settings it ran with), if any.
   */
  restore(rollout: LoadedRollout): { warnings: string[]; context?: TurnContextRecord } {
    this.path = rollout.path;
    const warnings = [...rollout.warnings];
    const byId = new Map<string, Turn>();
    let context: TurnContextRecord | undefined;
    for (const record of rollout.records) {
      if (record.type === "response_item") this.items.push(record.payload);
      else if (record.type === "rollback") this.#dropTurns(record.payload.numTurns);
      else if (record.type === "thread_metadata") this.gitInfo = record.payload.gitInfo;
      else if (record.type === "compacted") {
        if (Array.isArray(record.payload?.replacementHistory)) this.#replace(record.payload.replacementHistory);
        else {warnings.push(
            `Skipped a compacted record of thread "${this.#threadId}": it carries no replacement history`,
          );}
      } else if (record.type === "turn_context") {
        this.#turnStarts.set(record.payload.turnId, this.items.length);
        context = record.payload;
      } else if (record.type === "event") {
        // The last response's usage, so the first turn after a resume compacts first when it is due.
        if (record.payload.method === "thread/tokenUsage/updated") {
          this.lastResponseUsage = record.payload.params.tokenUsage.last;
        } else applyEvent(record.payload, byId, this.turns);
      }
    }
    warnings.push(...interruptUnfinished(this.turns));
    for (const fix of abortedCallOutputs(this.items)) this.push(fix);
    return { warnings, context };
  }

  /** Marks where a turn's history begins and records the settings it runs with. */
  startTurn(context: TurnContextRecord): void {
    this.#turnStarts.set(context.turnId, this.items.length);
    this.#byId = new Map();
    this.#record({ type: "turn_context", payload: context });
  }

  /** Adds an item to the history. */
  push(item: ResponseItem): void {
    this.items.push(item);
    this.#record({ type: "response_item", payload: item });
  }

  /** Puts a compaction's `items` in place of the whole history. */
  replace(items: ResponseItem[], message: string): void {
    this.#replace(items);
    this.#record({ type: "compacted", payload: { message, replacementHistory: items } });
  }

  /** Folds a notification into the turns and records it, when it is one the rollout keeps. */
  event(notification: Notification): void {
    if (!RECORDED_TOPICS.has(notification.method)) return;
    applyEvent(notification, this.#byId, this.turns);
    this.#record({ type: "event", payload: notification });
  }

  /** Drops the last `numTurns` turns and their history; returns how many it dropped. */
  rollback(numTurns: number): number {
    const dropped = this.#dropTurns(numTurns);
    if (dropped > 0) this.#record({ type: "rollback", payload: { numTurns: dropped } });
    return dropped;
  }

  /** Records the thread's git metadata; null clears it. */
  setGitInfo(gitInfo: GitInfoRecord | null): void {
    this.gitInfo = gitInfo;
    this.#record({ type: "thread_metadata", payload: { gitInfo } });
  }

  #dropTurns(numTurns: number): number {
    const dropped = Math.min(numTurns, this.turns.length);
    if (dropped === 0) return 0;
    const cut = this.#turnStarts.get(this.turns[this.turns.length - dropped].id);
    if (cut !== undefined) this.items.splice(cut);
    this.turns.splice(this.turns.length - dropped);
    this.lastResponseUsage = undefined;
    return dropped;
  }

  /** Replaces the history; earlier turns' rollback points move to its end. */
  #replace(items: ResponseItem[]): void {
    this.items.splice(0, this.items.length, ...items);
    for (const turnId of this.#turnStarts.keys()) this.#turnStarts.set(turnId, items.length);
    this.lastResponseUsage = undefined; // it measured the history replaced
  }

  #record(record: RolloutRecord): void {
    this.#store?.append(this.#threadId, [record]);
  }
}
