/**
 * @module
 * Explicit skill use in a prompt: `$name` mentions in the user's text, matched against the
 * enabled skills (a trailing `.`, `,`, `:` or `-` is dropped when the name with it is not a
 * skill, so "use $commit-message." works), and the injected form of a skill, Codex's
 * `<skill><name>…</name><path>…</path>…</skill>` around the whole `SKILL.md`.
 */
import type { Skill } from "./catalog.ts";

const MENTION = /(?<![A-Za-z0-9_$])\$([A-Za-z0-9_][A-Za-z0-9_.:-]*)/g;

/**
 * The enabled skills `text` mentions with `$name`, in order of first mention, each once.
 *
 * @example
 * ```ts
 * findMentions("Write it with $commit-message.", skills); // [the commit-message skill]
 * ```
 */
export function findMentions(text: string, skills: readonly Skill[]): Skill[] {
  const byName = new Map(skills.filter((s) => s.enabled).map((s) => [s.name, s]));
  const found: Skill[] = [];
  for (const match of text.matchAll(MENTION)) {
    const token = match[1];
    const skill = byName.get(token) ?? byName.get(token.replace(/[.,:-]+$/, ""));
    if (skill && !found.includes(skill)) found.push(skill);
  }
  return found;
}

/** A skill as injected into the conversation: its name, path and whole `SKILL.md`. */
export function renderSkillBlock(skill: { name: string; path: string }, contents: string): string {
  return `<skill>\n<name>${skill.name}</name>\n<path>${skill.path}</path>\n${contents.trimEnd()}\n</skill>`;
}
