/**
 * @module
 * The composer's `/` commands: their names and descriptions, and the autocomplete that lists them
 * (filtered as you type) when a message starts with `/`. What each does is the session's
 * (`session.ts`); a message that starts with `/` and names no command is sent as it is.
 */
import type { AutocompleteItem, AutocompleteProvider } from "@mariozechner/pi-tui";

/** The commands, in the order the list shows them. */
export const SLASH_COMMANDS = [
  { name: "new", description: "start a new thread in this workspace" },
  { name: "status", description: "thread, model, workspace, permissions, instruction files, token usage" },
  { name: "compact", description: "summarize the conversation to free context (thread/compact/start)" },
  { name: "quit", description: "leave the session" },
  { name: "exit", description: "leave the session" },
] as const;

export type SlashCommandName = typeof SLASH_COMMANDS[number]["name"];

/** The command `text` runs (`/status`, with nothing after it), or null. */
export function parseSlashCommand(text: string): SlashCommandName | null {
  const match = text.trim().match(/^\/(\w+)$/);
  return SLASH_COMMANDS.find((c) => c.name === match?.[1])?.name ?? null;
}

/** Lists the commands matching what follows `/` on a one-line composer. */
export const slashAutocomplete: AutocompleteProvider = {
  getSuggestions(lines, cursorLine, cursorCol) {
    const line = lines[cursorLine] ?? "";
    const prefix = line.slice(0, cursorCol);
    if (lines.length !== 1 || !/^\/\w*$/.test(prefix)) return Promise.resolve(null);
    const items: AutocompleteItem[] = SLASH_COMMANDS
      .filter((c) => c.name.startsWith(prefix.slice(1)))
      .map((c) => ({ value: `/${c.name}`, label: `/${c.name}`, description: c.description }));
    return Promise.resolve(items.length ? { items, prefix } : null);
  },
  applyCompletion(lines, cursorLine, _cursorCol, item) {
    const updated = [...lines];
    updated[cursorLine] = item.value;
    return { lines: updated, cursorLine, cursorCol: item.value.length };
  },
};
