/**
 * @module
 * Plugins' prompt commands in the composer (Claude Code's `commands/`, Tern's
 * `contributes.promptCommands`), as `prompts/list` lists them: `/plugin:name args` (or `/name`
 * when no built-in command and no other plugin's command has that name) expands the command's
 * Markdown with the arguments, and the session sends the result as the user's message.
 */

/** One entry of the `prompts/list` response (Tern's method; see docs/protocol.md). */
export interface PromptCommand {
  name: string;
  plugin: string;
  path: string;
  description: string | null;
  argumentHint: string | null;
  content: string;
}

/** The prompt command `text` runs and its arguments, or null when it names none. */
export function matchPromptCommand(
  text: string,
  commands: PromptCommand[],
  builtins: readonly string[],
): { command: PromptCommand; args: string } | null {
  const match = text.trim().match(/^\/([\w.-]+)(?::([\w.-]+))?(?:\s+([\s\S]*))?$/);
  if (!match) return null;
  const [, first, second, args = ""] = match;
  if (second !== undefined) {
    const command = commands.find((c) => c.plugin === first && c.name === second);
    return command ? { command, args: args.trim() } : null;
  }
  if (builtins.includes(first)) return null;
  const named = commands.filter((c) => c.name === first);
  return named.length === 1 ? { command: named[0], args: args.trim() } : null;
}

/**
 * The message a command sends: `$ARGUMENTS` becomes the arguments, `$1`...`$9` each word of them
 * (empty when missing); a body that uses neither gets `ARGUMENTS: ...` appended, as Claude Code does.
 */
export function expandPromptCommand(content: string, args: string): string {
  const words = args.split(/\s+/).filter(Boolean);
  let used = false;
  const expanded = content.replace(/\$ARGUMENTS|\$([1-9])/g, (_, n: string | undefined) => {
    used = true;
    return n === undefined ? args : words[Number(n) - 1] ?? "";
  });
  return used || !args ? expanded : `${expanded}\n\nARGUMENTS: ${args}`;
}

/** How the `/` list shows a command: its full name, and its description with its argument hint. */
export function promptCommandItem(c: PromptCommand): { name: string; description: string } {
  const hint = c.argumentHint ? ` ${c.argumentHint}` : "";
  return { name: `${c.plugin}:${c.name}`, description: `${c.description ?? `(${c.plugin})`}${hint}` };
}
