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
import { LIFECYCLE_POINTS, type LifecyclePoint, type LifecyclePoints } from "./points.ts";
export type { LifecycleBase, LifecyclePoint, LifecyclePoints } from "./points.ts";

export type LifecycleInput<K extends LifecyclePoint> = LifecyclePoints[K]["input"];
export type LifecycleOutcome<K extends LifecyclePoint> = LifecyclePoints[K]["outcome"];
export type LifecycleHandler<K extends LifecyclePoint> = (
  input: LifecycleInput<K>,
) => Promise<LifecycleOutcome<K> | void> | LifecycleOutcome<K> | void;

/** The registry of lifecycle handlers. */
export class Lifecycle {
  #handlers = Object.fromEntries(LIFECYCLE_POINTS.map((point) => [point, []])) as unknown as {
    [K in LifecyclePoint]: { fn: LifecycleHandler<K>; owner: string }[];
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
