/**
 * @module
 * Skill scripts always ask (as in Codex): a `beforeCall` interceptor that notices a shell call
 * executing a file under a known skill's `scripts/` and asks for approval whatever the policy
 * says, with `skillMetadata.pathToSkillsMd` on the request and `skill-script:<path>` as the
 * `acceptForSession` key, so accepting once for the session covers that script for the thread.
 * The skill's declared environment variables are checked first (`env_deps.ts`), so a script run
 * without reading its `SKILL.md` still reports (and asks for) what is missing before it starts.
 * Which file runs is read from the command text (`shell_words.ts`), not from `execve`.
 */
import { join, relative } from "../../kernel/mod.ts";
import type { BeforeToolCall, BeforeToolCallOutcome } from "../../kernel/mod.ts";
import type { Skill } from "./catalog.ts";
import type { EnvDependencies } from "./env_deps.ts";
import type { SkillsManager } from "./manager.ts";
import { commandsOfCall } from "./shell_calls.ts";
import { executedFiles, type SimpleCommand } from "./shell_words.ts";

/** A script of a skill that a command runs. */
export interface ScriptMatch {
  skill: Skill;
  /** The script's path under the skill's folder (as discovered, not the real path). */
  script: string;
}

/** The skill scripts that `commands` execute, in order, each once. */
export async function findSkillScripts(
  commands: readonly SimpleCommand[],
  skills: readonly Skill[],
  home: string | null = null,
): Promise<ScriptMatch[]> {
  const matches: ScriptMatch[] = [];
  for (const file of commands.flatMap((c) => executedFiles(c, home))) {
    const match = scriptOf(file, skills) ?? scriptOf(await realPath(file), skills);
    if (match && !matches.some((m) => m.script === match.script)) matches.push(match);
  }
  return matches;
}

/** What the interceptor asks for a call running `matches` (at least one). */
export function scriptApprovalOutcome(matches: readonly ScriptMatch[]): BeforeToolCallOutcome {
  const what = matches.map((m) => `${relative(m.skill.dir, m.script)} of the skill "${m.skill.name}"`).join(", ");
  return {
    ask: `the command runs ${what}; skill scripts always ask before they run`,
    approval: {
      metadata: { skillMetadata: { pathToSkillsMd: matches[0].skill.path } },
      cacheKey: `skill-script:${matches.map((m) => m.script).sort().join(" ")}`,
    },
  };
}

/** Options for `createScriptApproval()`. */
export interface ScriptApprovalOptions {
  home: string | null;
  /** Checks the skills' environment variables before their scripts run; none when absent. */
  env?: EnvDependencies;
}

/**
 * The interceptor: shell calls that run a skill's script ask first, after the skill's missing
 * environment variables are reported (and asked for; a note for the model says what is missing).
 *
 * @example
 * ```ts
 * api.tools.beforeCall(createScriptApproval(manager, { home: Deno.env.get("HOME") ?? null, env }));
 * ```
 */
export function createScriptApproval(manager: SkillsManager, options: ScriptApprovalOptions): BeforeToolCall {
  return async (call, ctx) => {
    const commands = commandsOfCall(call.name, call.input, { cwd: ctx.cwd, home: options.home });
    if (!commands?.length) return;
    const { skills } = await manager.load(ctx.cwd);
    if (skills.length === 0) return;
    const matches = await findSkillScripts(commands, skills, options.home);
    if (matches.length === 0) return;
    const outcome = scriptApprovalOutcome(matches);
    const notes: string[] = [];
    for (const skill of new Set(matches.map((m) => m.skill))) {
      const note = await options.env?.ensure(skill, { ...ctx, itemId: ctx.callId });
      if (note) notes.push(note);
    }
    return notes.length ? { ...outcome, context: notes } : outcome;
  };
}

function scriptOf(file: string | null, skills: readonly Skill[]): ScriptMatch | null {
  if (!file) return null;
  for (const skill of skills) {
    for (const base of new Set([skill.dir, skill.realDir])) {
      const rel = relative(base, file);
      if (rel.startsWith("scripts/") && !rel.split("/").includes("..")) return { skill, script: join(skill.dir, rel) };
    }
  }
  return null;
}

async function realPath(path: string): Promise<string | null> {
  try {
    return await Deno.realPath(path);
  } catch {
    return null;
  }
}
