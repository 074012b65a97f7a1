/**
 * @module
 * Environment variables a skill declares (`metadata.env`) are checked before the skill is used.
 * A missing one is reported (a `warning` notification) and, when a client is attached, asked for
 * with `item/tool/requestUserInput` (`isSecret: true`). An answer is set in the environment of
 * Tern's process, which commands inherit: the skill's scripts (and every later command of the
 * process, in any thread) see it. It is never written to disk nor shown to the model. A thread
 * is asked once per variable; what stays missing becomes a note for the model.
 */
import type { LifecycleBase } from "../../kernel/mod.ts";
import type { Skill } from "./catalog.ts";
import type { EnvDependency } from "./skill_file.ts";

/** Reads and sets environment variables (the process environment by default). */
export interface EnvAccess {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

/** The process environment. */
export const processEnv: EnvAccess = {
  get: (name) => Deno.env.get(name),
  set: (name, value) => Deno.env.set(name, value),
};

/** Where a check happens: the thread, the turn, and how to notify and ask. */
export interface EnvCheck {
  threadId: string;
  turnId: string;
  /** The item the question belongs to (a tool call id, or a fresh id). */
  itemId: string;
  emit: LifecycleBase["emit"];
  request: LifecycleBase["request"];
}

/** Options for `new EnvDependencies()`. */
export interface EnvDependenciesOptions {
  /** @default processEnv */
  env?: EnvAccess;
  /** Ask the client for missing variables (config `skills.askForMissingEnv`). @default true */
  ask?: boolean;
}

/** Checks skills' environment variables, per thread. */
export class EnvDependencies {
  readonly #env: EnvAccess;
  readonly #ask: boolean;
  /** Variables each thread was already asked for. */
  #asked = new Map<string, Set<string>>();

  constructor(options: EnvDependenciesOptions = {}) {
    this.#env = options.env ?? processEnv;
    this.#ask = options.ask ?? true;
  }

  /** The variables `skill` needs that are not set. */
  missing(skill: Skill): EnvDependency[] {
    return skill.env.filter((v) => !this.#env.get(v.name));
  }

  /**
   * Reports and asks for `skill`'s missing variables; resolves to a note for the model (what is
   * still missing, or what the user provided), or null when everything was set already.
   */
  async ensure(skill: Skill, check: EnvCheck): Promise<string | null> {
    const missing = this.missing(skill);
    if (missing.length === 0) return null;
    check.emit("warning", {
      threadId: check.threadId,
      message: `The skill "${skill.name}" needs ${list(missing)}, which ${missing.length > 1 ? "are" : "is"} not set`,
    });
    const asked = this.#asked.get(check.threadId) ?? new Set<string>();
    this.#asked.set(check.threadId, asked);
    const toAsk = this.#ask ? missing.filter((v) => !asked.has(v.name)) : [];
    const provided: EnvDependency[] = [];
    if (toAsk.length > 0) {
      for (const v of toAsk) asked.add(v.name);
      const outcome = await check.request("item/tool/requestUserInput", {
        threadId: check.threadId,
        turnId: check.turnId,
        itemId: check.itemId,
        isBlocking: true,
        questions: toAsk.map((v) => ({
          id: v.name,
          header: v.name,
          question: `The skill "${skill.name}" needs the environment variable ${v.name}` +
            `${v.description ? ` (${v.description})` : ""}. Enter its value; it is kept in memory only.`,
          isOther: false,
          isSecret: true,
          options: null,
        })),
      });
      if (outcome.status === "answered") {
        for (const v of toAsk) {
          const value = outcome.response.answers?.[v.name]?.answers?.[0];
          if (!value) continue;
          this.#env.set(v.name, value);
          provided.push(v);
        }
      }
    }
    const still = missing.filter((v) => !provided.includes(v));
    const notes: string[] = [];
    if (provided.length) {
      notes.push(`The user provided ${list(provided)} for the skill "${skill.name}"; commands you run now see it.`);
    }
    if (still.length) {
      notes.push(
        `The skill "${skill.name}" needs ${list(still)}, which ${still.length > 1 ? "are" : "is"} not set. ` +
          "Its scripts may fail without it: tell the user how to set it (for example with export) if the task needs it.",
      );
    }
    return `<skill_env>\n${notes.join("\n")}\n</skill_env>`;
  }

  /** Forgets what a closed thread was asked. */
  forgetThread(threadId: string): void {
    this.#asked.delete(threadId);
  }
}

function list(vars: readonly EnvDependency[]): string {
  const names = vars.map((v) => `the environment variable ${v.name}${v.description ? ` (${v.description})` : ""}`);
  return names.join(", ");
}
