/**
 * @module
 * The registry of hooks plugins contribute: typed in-process handlers (`api.hooks.on`) and
 * `hooks.json` files of command hooks (`api.hooks.declare`), each with the plugin that added it,
 * in registration order. It only records them; the hook engine plugin (`hooks/`) reads the list
 * and runs them. Input and output types come from the `HookEvents` table.
 */
import { fromFileUrl } from "../base/path.ts";
import { HookEventName, type HookInput, type HookOutput } from "./points.ts";

/** How an in-process hook is selected and reported. */
export interface HookOptions {
  /** Codex matcher: absent, `""` or `"*"` match all; `A|B` exact names; anything else an unanchored regex. */
  matcher?: string;
  /** Shown while the hook runs (`HookRunSummary.statusMessage`). */
  statusMessage?: string;
  /** Seconds before the hook counts as failed and its signal is aborted. @default 600 */
  timeoutSec?: number;
}

/** What an in-process hook gets besides its input. */
export interface HookContext {
  /** Aborted when the turn is interrupted or the hook times out. */
  signal: AbortSignal;
}

/**
 * An in-process hook. It returns the same output a command hook prints (or a string, which
 * counts like plain text on stdout, or nothing); throwing counts as a failed hook.
 */
export type HookHandler<E extends HookEventName> = (
  input: HookInput<E>,
  ctx: HookContext,
) => HookOutput<E> | string | void | Promise<HookOutput<E> | string | void>;

/** One registration, with the plugin that made it. */
export type RegisteredHook =
  | {
    kind: "inProcess";
    event: HookEventName;
    options: HookOptions;
    /** Called with the input of `event` (the union of every event's input, as seen from outside). */
    handler: HookHandler<HookEventName>;
    owner: string;
  }
  | {
    kind: "file";
    /** Absolute path of a `hooks.json` file (`{"hooks": {"<Event>": [...]}}`). */
    path: string;
    /** The plugin folder its commands see as `PLUGIN_ROOT`, when given. */
    root: string | null;
    owner: string;
  };

/** The hooks plugins registered, in registration order. */
export class HookRegistry {
  #entries: RegisteredHook[] = [];

  /** Adds an in-process hook; returns the undo function. Throws `TypeError` for an unknown event. */
  on<E extends HookEventName>(
    event: E,
    options: HookOptions,
    handler: HookHandler<E>,
    owner = "anonymous",
  ): () => void {
    if (!HookEventName.safeParse(event).success) {
      throw new TypeError(
        `Cannot add hook for "${event}": unknown hook event (known: ${HookEventName.options.join(", ")})`,
      );
    }
    if (typeof handler !== "function") {
      throw new TypeError(`Cannot add ${event} hook for "${owner}": handler is not a function`);
    }
    // Stored under the wider type; the hook engine only calls it with `event`'s input.
    const stored = handler as unknown as HookHandler<HookEventName>;
    return this.#add({ kind: "inProcess", event, options: { ...options }, handler: stored, owner });
  }

  /** Declares the command hooks of a `hooks.json` file; returns the undo function. */
  declare(file: string | URL, options: { root?: string } = {}, owner = "anonymous"): () => void {
    const path = file instanceof URL ? fromFileUrl(file) : file;
    return this.#add({ kind: "file", path, root: options.root ?? null, owner });
  }

  /** Every registration, in order. */
  list(): readonly RegisteredHook[] {
    return [...this.#entries];
  }

  #add(entry: RegisteredHook): () => void {
    this.#entries.push(entry);
    return () => {
      const i = this.#entries.indexOf(entry);
      if (i >= 0) this.#entries.splice(i, 1);
    };
  }
}
