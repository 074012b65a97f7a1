/**
 * @module
 * The developer message that lists the available skills every turn, in the spirit of Codex's
 * `<skills_instructions>`: name, description and `SKILL.md` path of each enabled skill, then how
 * to use them. It must fit a byte budget: descriptions are shortened first (all to the same
 * length), then skills are left out from the end (lowest precedence first), and the result says
 * what it did so the caller can warn.
 */
import type { Skill } from "./catalog.ts";

/** Default budget of the listing, in bytes of UTF-8. */
export const DEFAULT_PROMPT_BUDGET_BYTES = 8 * 1024;

/** The rendered listing, and what the budget cost. */
export interface RenderedSkills {
  /** The message text; null when there is nothing to list (or not even one skill fits). */
  text: string | null;
  /** Set when descriptions were cut, to at most this many characters. */
  truncatedTo: number | null;
  /** How many skills were left out. */
  omitted: number;
}

const HEADER = [
  "<skills_instructions>",
  "## Skills",
  "A skill is a set of instructions stored in a `SKILL.md` file, with optional scripts and references beside it. " +
  "These skills are available in this session (name: description (file: path)):",
  "### Available skills",
].join("\n");

const FOOTER = [
  "### How to use skills",
  "- If the user names a skill (`$name` or plain text), or the task clearly matches a description above, " +
  "use that skill for this turn. A skill whose full text is already in the conversation needs no reading.",
  "- To use a skill, read its `SKILL.md` first, then only the files it points to that the task needs.",
  "- Prefer running the skill's `scripts/` over retyping their code; scripts ask the user for approval.",
  "- If a skill cannot be read, say so briefly and carry on without it.",
  "</skills_instructions>",
].join("\n");

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text).length;

/**
 * Renders the listing of `skills` (enabled ones, in precedence order) within `budgetBytes`.
 *
 * @example
 * ```ts
 * const { text, truncatedTo, omitted } = renderSkillsList(catalog.skills.filter((s) => s.enabled), 8192);
 * ```
 */
export function renderSkillsList(skills: readonly Skill[], budgetBytes: number): RenderedSkills {
  if (skills.length === 0 || budgetBytes <= 0) return { text: null, truncatedTo: null, omitted: 0 };
  const descriptions = skills.map((s) => [...s.description.replace(/\s+/g, " ")]);
  const lines = (maxChars: number) => skills.map((s, i) => line(s, descriptions[i], maxChars));
  const fixed = bytes(HEADER) + 1 + bytes(FOOTER);
  const size = (list: string[]) => list.reduce((sum, l) => sum + bytes(l) + 1, fixed);
  const render = (list: string[]) => [HEADER, ...list, FOOTER].join("\n");
  const longest = Math.max(...descriptions.map((d) => d.length));
  const full = lines(longest);
  if (size(full) <= budgetBytes) return { text: render(full), truncatedTo: null, omitted: 0 };
  const bare = lines(0);
  if (size(bare) <= budgetBytes) {
    // The longest description length at which every skill still fits.
    let lo = 0, hi = longest - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (size(lines(mid)) <= budgetBytes) lo = mid;
      else hi = mid - 1;
    }
    return { text: render(lines(lo)), truncatedTo: lo, omitted: 0 };
  }
  // Even without descriptions the list is too long: leave skills out from the end.
  let used = fixed, count = 0;
  while (count < bare.length && used + bytes(bare[count]) + 1 <= budgetBytes) used += bytes(bare[count++]) + 1;
  if (count === 0) return { text: null, truncatedTo: 0, omitted: skills.length };
  return { text: render(bare.slice(0, count)), truncatedTo: 0, omitted: skills.length - count };
}

function line(skill: Skill, description: string[], maxChars: number): string {
  if (maxChars <= 0 || description.length === 0) return `- ${skill.name} (file: ${skill.path})`;
  const text = description.length > maxChars ? description.slice(0, maxChars - 1).join("") + "…" : description.join("");
  return `- ${skill.name}: ${text} (file: ${skill.path})`;
}
