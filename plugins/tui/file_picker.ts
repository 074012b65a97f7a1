/**
 * @module
 * The composer's `@` file picker: when the word before the cursor starts with `@`, it lists the
 * workspace's files matching what follows (fuzzy, `.gitignore` respected), through the app-server's
 * fuzzy file search session (`fuzzyFileSearch/sessionStart` once, then `sessionUpdate` a keystroke
 * at a time, answered by `fuzzyFileSearch/sessionUpdated`); choosing one puts its path in place of
 * the `@word`. It wraps the `/` command autocomplete, which keeps the first say.
 */
import type { AutocompleteItem, AutocompleteProvider } from "@mariozechner/pi-tui";
import type { AppServerClient } from "../../lib/app_client/mod.ts";
import { replaceWord } from "./completion.ts";
import { withDeadline } from "../../kernel/mod.ts";

/** How long the picker waits for a query's matches before it shows none. */
const ANSWER_TIMEOUT_MS = 2000;
/** Rows the picker lists. */
const ROWS = 12;

interface Match {
  path: string;
  match_type: "file" | "directory";
}

/** An autocomplete that lists files for `@word` and defers everything else to `inner`. */
export function filePickerAutocomplete(
  client: AppServerClient,
  root: () => string,
  inner: AutocompleteProvider,
): AutocompleteProvider {
  const sessionId = `tui-files-${crypto.randomUUID()}`;
  let started: Promise<unknown> | null = null;
  const waiting = new Map<string, (files: Match[]) => void>();
  client.onNotification((method, params) => {
    if (method !== "fuzzyFileSearch/sessionUpdated" || params.sessionId !== sessionId) return;
    waiting.get(params.query as string)?.(params.files as Match[]);
  });
  const search = async (query: string): Promise<Match[]> => {
    started ??= client.request("fuzzyFileSearch/sessionStart", { sessionId, roots: [root()] });
    await started;
    const answer = new Promise<Match[]>((resolve) => waiting.set(query, resolve));
    await client.request("fuzzyFileSearch/sessionUpdate", { sessionId, query });
    try {
      return await withDeadline(answer, ANSWER_TIMEOUT_MS, () => new Error(`no matches for "${query}" in time`));
    } catch {
      return [];
    } finally {
      waiting.delete(query);
    }
  };
  return {
    async getSuggestions(lines, cursorLine, cursorCol, options) {
      const own = await inner.getSuggestions(lines, cursorLine, cursorCol, options);
      if (own) return own;
      const prefix = (lines[cursorLine] ?? "").slice(0, cursorCol).match(/(?:^|\s)(@(\S*))$/);
      if (!prefix || prefix[2] === "") return null;
      const files = await search(prefix[2]).catch(() => []);
      const items: AutocompleteItem[] = files.slice(0, ROWS).map((f) => ({
        value: f.match_type === "directory" ? `${f.path}/` : f.path,
        label: f.match_type === "directory" ? `${f.path}/` : f.path,
      }));
      return items.length ? { items, prefix: prefix[1] } : null;
    },
    applyCompletion(lines, cursorLine, cursorCol, item, prefix) {
      if (!prefix.startsWith("@")) return inner.applyCompletion(lines, cursorLine, cursorCol, item, prefix);
      return replaceWord(lines, cursorLine, cursorCol, item, prefix);
    },
  };
}
