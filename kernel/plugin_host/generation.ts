/**
 * @module
 * One generation of a plugin: everything one `setup()` registered, kept as registrations that can
 * be made, undone and made again, so that the host can swap a reloaded plugin atomically. A
 * generation is `live` (registrations apply at once: a normal load), `staged` (they are recorded
 * and apply at `activate()`: a reload loading beside the running version) or `retired` (replaced;
 * later registrations are ignored). `close()` runs the plugin's `onClose` handlers.
 */
import type { Contributions, Registration } from "./loaded.ts";

interface Entry {
  registration: Registration;
  /** The undo of the registration while it is made. */
  undo: (() => void) | null;
  /** The plugin undid it itself. */
  dropped: boolean;
}

/** What a generation is doing. */
export type GenerationState = "live" | "staged" | "retired";

/** A plugin's registrations from one `setup()`. */
export class Generation {
  /** What the plugin registered, by manifest kind (recorded when registered, staged or not). */
  readonly contributed: Contributions = { tools: [], providers: [], commands: [], stores: [], context: [], hooks: [] };
  #entries: Entry[] = [];
  #state: GenerationState;
  #closed = false;

  constructor(state: "live" | "staged") {
    this.#state = state;
  }

  get state(): GenerationState {
    return this.#state;
  }

  /**
   * Records one registration (the `Track` a plugin's API reports to). Live: makes it now (a
   * failure throws to the plugin, as a direct registration would). Staged: makes it at
   * `activate()`. Retired: ignores it. Returns the undo the plugin gets.
   */
  track = (registration: Registration): () => void => {
    const entry: Entry = { registration, undo: null, dropped: false };
    if (this.#state === "retired") return () => {};
    if (this.#state === "live") entry.undo = registration.apply();
    this.#entries.push(entry);
    if (registration.kind) this.contributed[registration.kind].push(registration.id);
    return () => {
      entry.dropped = true;
      const undo = entry.undo;
      entry.undo = null;
      undo?.();
    };
  };

  /**
   * Makes every registration not made yet, in order, and goes live. All or nothing: when one
   * throws, those made are undone and the error is rethrown.
   */
  activate(): void {
    const made: Entry[] = [];
    try {
      for (const entry of this.#entries) {
        if (entry.dropped || entry.undo) continue;
        entry.undo = entry.registration.apply();
        made.push(entry);
      }
    } catch (error) {
      for (const entry of made.reverse()) this.#undo(entry);
      throw error;
    }
    this.#state = "live";
  }

  /** Undoes every registration, newest first; `activate()` can make them again. */
  deactivate(): void {
    for (const entry of [...this.#entries].reverse()) this.#undo(entry);
    if (this.#state !== "retired") this.#state = "staged";
  }

  /** Undoes every registration for good: later registrations of this generation are ignored. */
  retire(): void {
    this.deactivate();
    this.#state = "retired";
  }

  /**
   * Runs the `onClose` handlers of this generation, newest first (once); a failure goes to `warn`.
   * Call after `retire()`, or for a plugin whose setup failed.
   */
  async close(warn: (message: string) => void): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const { registration } of [...this.#entries].reverse()) {
      if (!registration.close) continue;
      try {
        await registration.close();
      } catch (error) {
        warn(`onClose handler failed: ${(error as Error).message ?? error}`);
      }
    }
  }

  #undo(entry: Entry): void {
    const undo = entry.undo;
    entry.undo = null;
    undo?.();
  }
}
