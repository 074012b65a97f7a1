/**
 * @module
 * How a tool call looks to hooks, and back. Canonical names follow Codex: the shell tools
 * (`shell_command`, `exec_command`, `write_stdin`) are `Bash` with `tool_input: {command}`;
 * `apply_patch` keeps its name, matches `Edit` and `Write` too, and its `tool_input` is
 * `{command: <patch>}`; every other tool (MCP tools are registered as `mcp__<server>__<tool>`)
 * keeps its name and its parsed JSON arguments. `applyUpdatedInput` turns a hook's rewritten
 * `tool_input` back into the text the tool reads.
 */

/** A tool as hooks name it. */
export interface HookTool {
  /** The name hooks receive as `tool_name`. */
  name: string;
  /** Every name matchers are tested against (the canonical name first). */
  matcherInputs: string[];
  /** How the call's input maps to `tool_input`. */
  shape: "shell" | "apply_patch" | "json" | "text";
  /** For shell tools: the argument holding the command line. */
  commandKey?: string;
}

/** The model-facing shell tools and the argument that holds their command text. */
const SHELL_TOOLS: Record<string, string> = { shell_command: "command", exec_command: "cmd", write_stdin: "chars" };

/** The hook identity of a tool called `name` (`kind`: how the model calls it). */
export function hookToolFor(name: string, kind: "function" | "freeform"): HookTool {
  const commandKey = SHELL_TOOLS[name];
  if (commandKey) return { name: "Bash", matcherInputs: ["Bash"], shape: "shell", commandKey };
  if (name === "apply_patch") return { name, matcherInputs: [name, "Write", "Edit"], shape: "apply_patch" };
  return { name, matcherInputs: [name], shape: kind === "freeform" ? "text" : "json" };
}

/** The call's input as `tool_input`. Unparsable JSON arguments come through as `{input: <text>}`. */
export function hookToolInput(tool: HookTool, input: string): Record<string, unknown> {
  switch (tool.shape) {
    case "shell": {
      const args = parseObject(input);
      const command = args?.[tool.commandKey!];
      return { command: typeof command === "string" ? command : input };
    }
    case "apply_patch": {
      const args = input.trimStart().startsWith("{") ? parseObject(input) : null;
      const patch = args ? args.input ?? args.patch : input;
      return { command: typeof patch === "string" ? patch : input };
    }
    case "json":
      return parseObject(input) ?? { input };
    case "text":
      return { input };
  }
}

/**
 * The tool's new input text after hooks rewrote `tool_input` to `updated` (the merged object).
 * Shell tools: `command` goes back to the tool's own key, other keys are copied. apply_patch:
 * `command` is the patch (raw for the freeform tool, `{input}` for the function form). Other JSON
 * tools: the object itself. Text tools: `input`.
 */
export function applyUpdatedInput(tool: HookTool, original: string, updated: Record<string, unknown>): string {
  switch (tool.shape) {
    case "shell": {
      const args: Record<string, unknown> = parseObject(original) ?? {};
      for (const [key, value] of Object.entries(updated)) args[key === "command" ? tool.commandKey! : key] = value;
      return JSON.stringify(args);
    }
    case "apply_patch": {
      const patch = typeof updated.command === "string" ? updated.command : String(updated.command ?? "");
      const args = original.trimStart().startsWith("{") ? parseObject(original) : null;
      if (!args) return patch;
      const key = "input" in args || !("patch" in args) ? "input" : "patch";
      return JSON.stringify({ ...args, [key]: patch });
    }
    case "json":
      return JSON.stringify(updated);
    case "text":
      return typeof updated.input === "string" ? updated.input : JSON.stringify(updated);
  }
}

/** What the model reads when a PreToolUse hook denies the call (Codex's wording). */
export function blockedMessage(tool: HookTool, toolInput: Record<string, unknown>, reason: string): string {
  if ((tool.shape === "shell" || tool.shape === "apply_patch") && typeof toolInput.command === "string") {
    return `Command blocked by PreToolUse hook: ${reason}. Command: ${toolInput.command}`;
  }
  return `Tool call blocked by PreToolUse hook: ${reason}. Tool: ${tool.name}`;
}

function parseObject(text: string): Record<string, unknown> | null {
  if (text.trim() === "") return {};
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? value as Record<string, unknown> : null;
  } catch {
    return null;
  }
}
