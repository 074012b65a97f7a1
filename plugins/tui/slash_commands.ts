/**
 * @module
 * The composer's `/` commands: their names and descriptions, and the autocomplete that lists them
 * (filtered as you type, with plugins' prompt commands) when a message starts with `/`. What each does is the session's
 * (`session.ts`); a message that starts with `/` and names no command is sent as it is.
 */
import type { AutocompleteItem, AutocompleteProvider } from "@mariozechner/pi-tui";

/** The commands, in the order the list shows them. */
export const SLASH_COMMANDS = [
  { name: "new", description: "start a new thread in this workspace" },
  { name: "status", description: "thread, model, workspace, permissions, instruction files, token usage" },
  { name: "model", description: "choose the model for the next turns (model/list)" },
  { name: "approvals", description: "choose what runs without asking: sandbox and approval presets" },
  { name: "resume", description: "reopen a saved thread of this workspace (a picker; type to search)" },
  { name: "fork", description: "copy this thread into a new one and continue there (thread/fork)" },
  { name: "rename", description: "name this thread: /rename NAME" },
  { name: "diff", description: "show the diff of the last turn that changed files (turn/diff/updated)" },
  { name: "compact", description: "summarize the conversation to free context (thread/compact/start)" },
  { name: "init", description: "ask the model to write a starter AGENTS.md for this workspace" },
  { name: "skills", description: "list the workspace's skills (skills/list)" },
  { name: "mcp", description: "list the MCP servers, their status and tools (mcpServerStatus/list)" },
  { name: "hooks", description: "list the hooks and their load warnings (hooks/list)" },
  { name: "plugins", description: "list the plugins and what they add; /plugins reload reloads them" },
  { name: "quit", description: "leave the session" },
  { name: "exit", description: "leave the session" },
] as const;

export type SlashCommandName = typeof SLASH_COMMANDS[number]["name"];

/** A `/` command and what follows its name (`/rename my thread`: `"my thread"`; else `""`). */
export interface SlashCommand {
  name: SlashCommandName;
  arg: string;
}

/** The command `text` runs (`/status`, or `/rename NAME`), or null when it names none. */
export function parseSlashCommand(text: string): SlashCommand | null {
  const match = text.trim().match(/^\/(\w+)(?:\s+([\s\S]*))?$/);
  const name = SLASH_COMMANDS.find((c) => c.name === match?.[1])?.name;
  const arg = match?.[2]?.trim() ?? "";
  // Only `/rename NAME` and `/plugins reload` take words after them: `/status of the build` is a
  // message for the model.
  const takesArg = name === "rename" || (name === "plugins" && arg === "reload");
  return name && (arg === "" || takesArg) ? { name, arg } : null;
}

/**
 * Lists the commands matching what follows `/` on a one-line composer: the built-in ones, then
 * `extra()` (plugins' prompt commands, `plugin:name`), matched on the whole name or the part after `:`.
 */
export function slashAutocomplete(
  extra: () => { name: string; description: string }[] = () => [],
): AutocompleteProvider {
  return {
    getSuggestions(lines, cursorLine, cursorCol) {
      const line = lines[cursorLine] ?? "";
      const prefix = line.slice(0, cursorCol);
      if (lines.length !== 1 || !/^\/[\w.:-]*$/.test(prefix)) return Promise.resolve(null);
      const typed = prefix.slice(1);
      const items: AutocompleteItem[] = [...SLASH_COMMANDS, ...extra()]
        .filter((c) => c.name.startsWith(typed) || c.name.split(":")[1]?.startsWith(typed))
        .map((c) => ({ value: `/${c.name}`, label: `/${c.name}`, description: c.description }));
      return Promise.resolve(items.length ? { items, prefix } : null);
    },
    applyCompletion(lines, cursorLine, _cursorCol, item) {
      const updated = [...lines];
      updated[cursorLine] = item.value;
      return { lines: updated, cursorLine, cursorCol: item.value.length };
    },
  };
}
