/**
 * @module
 * Skill activation, announced on the bus as `skill/activated` with the reason: the user's
 * `$name` mention or `{type: "skill"}` input item (the `userPromptSubmit` handler injects the
 * whole skill as a developer message after the prompt), or the model reading a `SKILL.md`
 * through a shell tool (the `afterCall` observer). A skill activates once per turn; its
 * environment variables are checked each time (`env_deps.ts`).
 */
import { basename, dirname, join } from "../../kernel/mod.ts";
import type { AfterToolCall, LifecycleHandler, UserInput } from "../../kernel/mod.ts";
import { readSkill, type Skill } from "./catalog.ts";
import type { EnvDependencies } from "./env_deps.ts";
import type { SkillsManager } from "./manager.ts";
import { findMentions, renderSkillBlock } from "./mentions.ts";
import { commandsOfCall } from "./shell_calls.ts";
import { namedPaths } from "./shell_words.ts";

/** Remembers which skills activated in which turn. */
export class Activations {
  #turns = new Map<string, Set<string>>();

  /** True the first time `path` activates in `turnId`. */
  first(turnId: string, path: string): boolean {
    const seen = this.#turns.get(turnId) ?? new Set<string>();
    this.#turns.set(turnId, seen);
    if (seen.has(path)) return false;
    seen.add(path);
    return true;
  }

  /** Forgets a finished turn. */
  endTurn(turnId: string): void {
    this.#turns.delete(turnId);
  }
}

/** What the activation handlers share. */
export interface ActivationOptions {
  manager: SkillsManager;
  env: EnvDependencies;
  activations: Activations;
  home: string | null;
}

type Reason = "mention" | "inputItem";

/**
 * The `userPromptSubmit` handler: skills named by input items, then by `$name` mentions, are
 * injected whole (disabled skills never are) and announced.
 */
export function createPromptSubmitHandler(options: ActivationOptions): LifecycleHandler<"userPromptSubmit"> {
  return async (input) => {
    const items = input.input.filter((i): i is Extract<UserInput, { type: "skill" }> => i.type === "skill");
    const texts = input.input.flatMap((i) => (i.type === "text" ? [i.text] : []));
    if (items.length === 0 && !texts.some((t) => t.includes("$"))) return;
    const { skills } = await options.manager.load(input.cwd);
    const chosen: { skill: Skill; reason: Reason }[] = [];
    const warn = (message: string) => input.emit("warning", { threadId: input.threadId, message });
    for (const item of items) {
      const skill = await skillForItem(item, skills);
      if (typeof skill === "string") warn(skill);
      else if (!chosen.some((c) => c.skill.path === skill.path)) chosen.push({ skill, reason: "inputItem" });
    }
    for (const skill of findMentions(texts.join("\n"), skills)) {
      if (!chosen.some((c) => c.skill.path === skill.path)) chosen.push({ skill, reason: "mention" });
    }
    const context: string[] = [];
    for (const { skill, reason } of chosen) {
      let contents: string;
      try {
        contents = await Deno.readTextFile(skill.path);
      } catch (error) {
        warn(`Cannot read the skill "${skill.name}" at ${skill.path}: ${(error as Error).message}`);
        continue;
      }
      options.activations.first(input.turnId, skill.path);
      input.emit("skill/activated", {
        threadId: input.threadId,
        turnId: input.turnId,
        name: skill.name,
        path: skill.path,
        reason,
      });
      context.push(renderSkillBlock(skill, contents));
      const note = await options.env.ensure(skill, { ...input, itemId: `skill-env-${crypto.randomUUID()}` });
      if (note) context.push(note);
    }
    return context.length ? { context } : undefined;
  };
}

/**
 * The `afterCall` observer: a successful shell call that names a known skill's `SKILL.md`
 * (`cat`, `sed -n`, ...) activates that skill with reason `read`.
 */
export function createReadObserver(options: ActivationOptions): AfterToolCall {
  return async (call, result, ctx) => {
    if (result.success === false) return;
    const commands = commandsOfCall(call.name, call.input, { cwd: ctx.cwd, home: options.home });
    if (!commands?.length) return;
    const paths = new Set(commands.flatMap(namedPaths).filter((p) => basename(p) === "SKILL.md"));
    if (paths.size === 0) return;
    const { skills } = await options.manager.load(ctx.cwd);
    const context: string[] = [];
    for (const skill of skills) {
      if (!paths.has(skill.path) && !paths.has(join(skill.realDir, "SKILL.md"))) continue;
      if (!options.activations.first(ctx.turnId, skill.path)) continue;
      ctx.emit("skill/activated", {
        threadId: ctx.threadId,
        turnId: ctx.turnId,
        name: skill.name,
        path: skill.path,
        reason: "read",
      });
      const note = await options.env.ensure(skill, { ...ctx, itemId: ctx.callId });
      if (note) context.push(note);
    }
    return context.length ? { context } : undefined;
  };
}

/** The skill an input item names (by its `SKILL.md` or folder path), or why it cannot be used. */
async function skillForItem(
  item: { name: string; path: string },
  skills: readonly Skill[],
): Promise<Skill | string> {
  const path = basename(item.path) === "SKILL.md" ? item.path : join(item.path, "SKILL.md");
  const known = skills.find((s) => s.path === path || join(s.realDir, "SKILL.md") === path);
  if (known) {
    return known.enabled ? known : `The skill "${known.name}" is disabled (skills.disabled), so it was not used`;
  }
  // A skill outside the roots: the client chose it, so read it where it is.
  const read = await readSkill({ path: dirname(path), scope: "extra" }, dirname(path));
  if ("message" in read) return `Cannot use the skill "${item.name}" at ${path}: ${read.message}`;
  return read;
}
