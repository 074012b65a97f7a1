/**
 * @module
 * The skills part of the report, from the skills plugin's `skills/list` method: the skills found
 * for the workspace, and each invalid `SKILL.md` with its line, found from the error: the
 * frontmatter key the message names, the YAML error's line, else the first line.
 */
import type { FrontEnd } from "../../kernel/mod.ts";
import type { Problem } from "./problem.ts";

/** The skills, as the report shows them. */
export interface SkillsReport {
  /** False when no plugin answers `skills/list` (the skills plugin is not loaded). */
  available: boolean;
  skills: { name: string; path: string; scope: string; enabled: boolean }[];
  invalid: { path: string; line: number | null; message: string }[];
}

interface SkillsListEntry {
  /** `scope` is Codex's coarse value (`repo` or `user`); `origin` is Tern's, the one `tern skills list` shows. */
  skills: { name: string; path: string; scope: string; origin?: string; enabled: boolean }[];
  errors: { path: string; message: string }[];
}

/** Asks the skills plugin what it found for the workspace. */
export async function checkSkills(runtime: FrontEnd): Promise<{ skills: SkillsReport; problems: Problem[] }> {
  const method = runtime.methods.get("skills/list");
  if (!method) return { skills: { available: false, skills: [], invalid: [] }, problems: [] };
  const response = await method.handler({ cwds: [runtime.cwd], forceReload: true }) as { data: SkillsListEntry[] };
  const entry = response.data[0] ?? { skills: [], errors: [] };
  const invalid = await Promise.all(entry.errors.map(async (e) => {
    const text = await Deno.readTextFile(e.path).catch(() => null);
    return { path: e.path, line: text === null ? null : lineOfSkillError(text, e.message), message: e.message };
  }));
  return {
    skills: {
      available: true,
      // Tern's scope (`plugin`, `extra` too), as `tern skills list` shows it, not Codex's `user` for both.
      skills: entry.skills.map(({ name, path, scope, origin, enabled }) => ({
        name,
        path,
        scope: origin ?? scope,
        enabled,
      })),
      invalid,
    },
    problems: invalid.map((i) => ({
      severity: "error",
      section: "skills",
      message: `Invalid skill ${i.path}: ${i.message}`,
      file: i.path,
      line: i.line,
    })),
  };
}

/** The line of a `SKILL.md` an error message is about (1-based); the first line when unsure. */
export function lineOfSkillError(text: string, message: string): number {
  const lines = text.split(/\r?\n/);
  const yamlLine = /YAML.*?line (\d+)/.exec(message);
  if (yamlLine) return Math.min(Number(yamlLine[1]) + 1, lines.length);
  const field = /"([^"]+)"/.exec(message)?.[1];
  const keys = field?.split(/[.[\]]/).filter((k) => k && !/^\d+$/.test(k)) ?? [];
  const end = lines.findIndex((line, i) => i > 0 && line.trimEnd() === "---");
  const frontmatter = lines.slice(0, end < 0 ? undefined : end);
  // Each key of a dotted field is looked for below the one before it (`metadata.env[0].name`).
  let found = -1;
  for (const key of keys) {
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const pattern = new RegExp(`^\\s*-?\\s*${escaped}\\s*:`);
    const index = frontmatter.findIndex((l, i) => i > found && pattern.test(l));
    if (index < 0) break;
    found = index;
  }
  if (found >= 0) return found + 1;
  return 1;
}
