/**
 * @module
 * A small classifier that tells clients what a command is about (`commandActions` on the
 * `commandExecution` item): `cat`/`head`/`tail`/`sed -n` of one file is a read, `ls` and
 * `rg --files` list files, `rg`/`grep` search. Anything with shell syntax (pipes, redirects,
 * `&&`, substitutions) or that it does not know is `unknown`. It is a hint, never a policy.
 */
import type { CommandAction } from "../../kernel/mod.ts";

/** Options that take a value, per program, so the value is not mistaken for an operand. */
const VALUE_OPTIONS: Record<string, Set<string>> = {
  head: new Set(["-n", "-c"]),
  tail: new Set(["-n", "-c"]),
  rg: new Set(["-e", "-g", "--glob", "-t", "--type", "-T", "--type-not", "-A", "-B", "-C", "-m", "--max-count"]),
  grep: new Set(["-e", "-A", "-B", "-C", "-m", "--max-count", "--include", "--exclude"]),
};

/**
 * Classifies a shell command line.
 *
 * @example
 * ```ts
 * parseCommandActions("cat src/main.ts");
 * // [{ type: "read", command: "cat src/main.ts", name: "main.ts", path: "src/main.ts" }]
 * ```
 */
export function parseCommandActions(command: string): CommandAction[] {
  return [classify(command) ?? { type: "unknown", command }];
}

function classify(command: string): CommandAction | undefined {
  const words = splitWords(command);
  if (!words || words.length === 0) return undefined;
  const [program, ...rest] = words;
  const { options, operands } = splitOptions(program, rest);
  switch (program) {
    case "cat":
    case "head":
    case "tail":
      return operands.length === 1 ? read(command, operands[0]) : undefined;
    case "sed":
      // `sed -n 1,20p FILE`: the script is the first operand
      return options.includes("-n") && operands.length === 2 && /^\d+(,\d+)?p$/.test(operands[0])
        ? read(command, operands[1])
        : undefined;
    case "ls":
      return operands.length <= 1 ? { type: "listFiles", command, path: operands[0] ?? null } : undefined;
    case "rg":
    case "grep": {
      if (options.includes("--files")) {
        return operands.length <= 1 ? { type: "listFiles", command, path: operands[0] ?? null } : undefined;
      }
      const pattern = valueOf(rest, "-e");
      const [query, path, extra] = pattern !== undefined ? [pattern, ...operands] : operands;
      if (query === undefined || extra !== undefined) return undefined;
      return { type: "search", command, query, path: path ?? null };
    }
  }
  return undefined;
}

function read(command: string, path: string): CommandAction {
  return { type: "read", command, name: path.split("/").filter(Boolean).pop() ?? path, path };
}

/** Separates options (and their values) from operands; `--` ends the options. */
function splitOptions(program: string, words: string[]): { options: string[]; operands: string[] } {
  const takesValue = VALUE_OPTIONS[program] ?? new Set<string>();
  const options: string[] = [];
  const operands: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === "--") {
      operands.push(...words.slice(i + 1));
      break;
    }
    if (word.startsWith("-") && word !== "-") {
      options.push(word);
      if (takesValue.has(word)) i++;
    } else {
      operands.push(word);
    }
  }
  return { options, operands };
}

function valueOf(words: string[], option: string): string | undefined {
  const index = words.indexOf(option);
  return index === -1 ? undefined : words[index + 1];
}

/** Characters that make the shell do more than run one simple command. */
const SHELL_SYNTAX = /[|&;<>()$`\\*?[\]{}~!#\n]/;

/**
 * Splits on whitespace, honouring single and double quotes. Undefined when a quote does not close
 * or when unquoted (or, for `$` and backquotes, double-quoted) shell syntax appears.
 */
function splitWords(command: string): string[] | undefined {
  const words: string[] = [];
  let current = "";
  let inWord = false;
  let quote: string | undefined;
  for (const char of command) {
    if (quote) {
      if (char === quote) quote = undefined;
      else if (quote === '"' && /[$`\\]/.test(char)) return undefined;
      else current += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (SHELL_SYNTAX.test(char)) {
      return undefined;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = "";
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (quote) return undefined;
  if (inWord) words.push(current);
  return words;
}
