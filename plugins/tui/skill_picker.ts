/**
 * @module
 * The composer's `$` skill picker: when the word before the cursor starts with `$`, it lists the
 * enabled skills (`skills/list` for the workspace, read afresh at the session's first `$`) whose name or description
 * holds what follows; choosing one puts `$name ` in place of the word. On submit, each listed
 * skill still mentioned in the message also goes as a `{type: "skill", name, path}` input item,
 * as Codex's composer sends it, so the turn injects that exact `SKILL.md`. It wraps another
 * autocomplete (the `@` file picker), which gets every other word. pi-tui's editor only opens its
 * list by itself for `/`, `@` and `#`: `SkillEditor` opens it for `$` too.
 */
import { type AutocompleteItem, type AutocompleteProvider, Editor } from "@mariozechner/pi-tui";
import type { AppServerClient } from "../../lib/app_client/mod.ts";
import { replaceWord } from "./completion.ts";

/** Rows the picker lists. */
const ROWS = 12;
/** `$word` right before the cursor, at the start of the line or after a space. */
const SKILL_WORD = /(?:^|\s)(\$([\w:.-]*))$/;

interface ListedSkill {
  name: string;
  description: string;
  shortDescription?: string;
  path: string;
  enabled: boolean;
}

/** A skill as `turn/start` input carries it. */
export interface SkillInput {
  type: "skill";
  name: string;
  path: string;
}

/** The `$` picker: an autocomplete, and the skill items a message mentions. */
export interface SkillPicker {
  autocomplete: AutocompleteProvider;
  /** The `skill` input items for the listed skills `text` mentions as `$name`. */
  mentioned(text: string): SkillInput[];
}

/** A picker asking `client` for the skills of `cwd()`, deferring other words to `inner`. */
export function skillPicker(client: AppServerClient, cwd: () => string, inner: AutocompleteProvider): SkillPicker {
  let listed: Promise<ListedSkill[]> | null = null;
  let known: ListedSkill[] = [];
  const skills = () => {
    listed ??= client.request<{ data: { skills: ListedSkill[] }[] }>("skills/list", {
      cwds: [cwd()],
      forceReload: true,
    })
      .then(({ data }) => (known = (data[0]?.skills ?? []).filter((s) => s.enabled)))
      // A failed listing is asked again at the next `$`.
      .catch(() => (listed = null, []));
    return listed;
  };
  const autocomplete: AutocompleteProvider = {
    async getSuggestions(lines, cursorLine, cursorCol, options) {
      const word = (lines[cursorLine] ?? "").slice(0, cursorCol).match(SKILL_WORD);
      if (!word) return await inner.getSuggestions(lines, cursorLine, cursorCol, options);
      const query = word[2]!.toLowerCase();
      const items: AutocompleteItem[] = (await skills())
        .filter((s) => `${s.name} ${s.description}`.toLowerCase().includes(query))
        .slice(0, ROWS)
        .map((s) => ({ value: `$${s.name}`, label: s.name, description: s.shortDescription ?? s.description }));
      return items.length ? { items, prefix: word[1]! } : null;
    },
    applyCompletion(lines, cursorLine, cursorCol, item, prefix) {
      if (!prefix.startsWith("$")) return inner.applyCompletion(lines, cursorLine, cursorCol, item, prefix);
      return replaceWord(lines, cursorLine, cursorCol, item, prefix);
    },
  };
  const mentioned = (text: string): SkillInput[] =>
    known.filter((s) => new RegExp(`(?:^|\\s)\\$${escapeRegExp(s.name)}(?=$|[\\s.,:-])`).test(text))
      .map((s) => ({ type: "skill", name: s.name, path: s.path }));
  return { autocomplete, mentioned };
}

/** pi-tui's editor, opening its autocomplete list when a `$word` is typed. */
export class SkillEditor extends Editor {
  override handleInput(data: string): void {
    super.handleInput(data);
    // A key, or the last character of a paste, that can be part of a `$word`.
    if (this.isShowingAutocomplete() || !/[\w$:.-]$/.test(data)) return;
    const { line, col } = this.getCursor();
    if (!SKILL_WORD.test((this.getLines()[line] ?? "").slice(0, col))) return;
    // pi-tui keeps its trigger private; it is what typing `@` calls.
    (this as unknown as { tryTriggerAutocomplete(): void }).tryTriggerAutocomplete();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
