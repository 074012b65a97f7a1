/**
 * @module
 * Codex's list of known-safe commands: read-only commands that `untrusted` lets run without
 * asking. A command line is safe when it splits into plain commands joined by `&&`, `||`, `;`,
 * `|` or newlines, each of them on the list (`bash -lc "..."` counts when its script is safe).
 * The parser is deliberately conservative: redirections, `$`, backquotes, globs, subshells,
 * background jobs, comments or anything it does not know make the whole line unsafe.
 */

/** Programs that only read, whatever their arguments. */
const ALWAYS_SAFE = new Set([
  "cat",
  "cd",
  "cut",
  "echo",
  "expr",
  "false",
  "grep",
  "head",
  "id",
  "ls",
  "nl",
  "paste",
  "pwd",
  "rev",
  "seq",
  "stat",
  "tail",
  "tr",
  "true",
  "uname",
  "uniq",
  "wc",
  "which",
  "whoami",
  "numfmt",
  "tac",
]);

/** `find` options that run programs or write files. */
const FIND_UNSAFE = new Set([
  "-exec",
  "-execdir",
  "-ok",
  "-okdir",
  "-delete",
  "-fls",
  "-fprint",
  "-fprint0",
  "-fprintf",
]);

/** `rg` options that run programs or read compressed files through them. */
const RG_UNSAFE = ["--pre", "--hostname-bin", "--search-zip", "-z"];

/** Read-only git subcommands. */
const GIT_READ_ONLY = new Set(["status", "log", "diff", "show", "branch"]);
/** git options that write files or run programs, even under a read-only subcommand. */
const GIT_UNSAFE = ["--output", "--ext-diff", "--textconv", "--exec", "-c", "--config-env", "-o"];
/** `git branch` flags that only list. */
const GIT_BRANCH_LISTING = new Set([
  "--list",
  "-l",
  "-a",
  "--all",
  "-r",
  "--remotes",
  "-v",
  "-vv",
  "--verbose",
  "--show-current",
  "--no-color",
  "--color",
  "--contains",
  "--merged",
  "--no-merged",
]);

const SHELLS = new Set(["bash", "zsh", "sh", "/bin/bash", "/bin/zsh", "/bin/sh", "/usr/bin/bash", "/usr/bin/zsh"]);

/**
 * Whether a command line only reads, by Codex's known-safe list.
 *
 * @example
 * ```ts
 * isKnownSafeCommand("git status && rg -n TODO src"); // true
 * isKnownSafeCommand("cat notes.txt > copy.txt"); // false: a redirection writes
 * ```
 */
export function isKnownSafeCommand(command: string): boolean {
  return isSafeScript(command, 0);
}

function isSafeScript(script: string, depth: number): boolean {
  if (depth > 2) return false;
  const commands = splitPlainCommands(script);
  if (!commands || commands.length === 0) return false;
  return commands.every((words) => isSafeWords(words, depth));
}

function isSafeWords(words: string[], depth: number): boolean {
  const [program, ...args] = words;
  if (SHELLS.has(program)) {
    return args.length === 2 && (args[0] === "-c" || args[0] === "-lc") && isSafeScript(args[1], depth + 1);
  }
  if (ALWAYS_SAFE.has(program)) return true;
  switch (program) {
    case "base64":
      return !args.some((a) => a === "-o" || a.startsWith("--output"));
    case "find":
      return !args.some((a) => FIND_UNSAFE.has(a));
    case "rg":
      return !args.some((a) => RG_UNSAFE.some((u) => a === u || a.startsWith(`${u}=`)));
    case "git":
      return isSafeGit(args);
    case "sed":
      // `sed -n 10p FILE` or `sed -n 1,20p FILE`
      return args.length <= 3 && args[0] === "-n" && /^\d+(,\d+)?p$/.test(args[1] ?? "");
  }
  return false;
}

function isSafeGit(args: string[]): boolean {
  const [subcommand, ...rest] = args;
  if (!subcommand || !GIT_READ_ONLY.has(subcommand)) return false; // global options come first: refuse them
  if (rest.some((a) => GIT_UNSAFE.some((u) => a === u || a.startsWith(`${u}=`)))) return false;
  if (subcommand === "branch") return rest.every((a) => GIT_BRANCH_LISTING.has(a));
  return true;
}

/** Unquoted characters that make the shell do more than run plain commands. */
const UNSAFE_SYNTAX = new Set([..."<>()$`*?[]{}!#"]);

/**
 * Splits a script into plain commands (word lists) at `&&`, `||`, `;`, `|` and newlines.
 * Undefined when the script uses any other shell syntax or does not parse.
 */
export function splitPlainCommands(script: string): string[][] | undefined {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = "";
  let inWord = false;
  let needsCommand = false; // after `&&`, `||` or `|`
  const endWord = () => {
    if (inWord) words.push(word);
    word = "";
    inWord = false;
  };
  /** Ends the current command at a separator; false when the list is malformed. */
  const endCommand = (separator: "operator" | ";" | "\n" | "end"): boolean => {
    endWord();
    if (words.length === 0) {
      if (separator === "\n") return true; // a blank line, or a line break after an operator
      if (separator === "end") return !needsCommand;
      return false; // `; ;`, `&& &&`, a leading operator
    }
    commands.push(words);
    words = [];
    needsCommand = separator === "operator";
    return true;
  };
  for (let i = 0; i < script.length; i++) {
    const char = script[i];
    if (char === "'") {
      const end = script.indexOf("'", i + 1);
      if (end === -1) return undefined;
      word += script.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (char === '"') {
      const parsed = doubleQuoted(script, i + 1);
      if (!parsed) return undefined;
      word += parsed.text;
      inWord = true;
      i = parsed.end;
    } else if (char === "\\") {
      if (i + 1 >= script.length) return undefined;
      if (script[i + 1] !== "\n") {
        word += script[i + 1];
        inWord = true;
      }
      i++;
    } else if (char === "&" || char === "|") {
      const next = script[i + 1];
      if (char === "&" && next !== "&") return undefined; // a background job
      if (char === "|" && next === "&") return undefined; // `|&` also pipes stderr
      if (!endCommand("operator")) return undefined;
      if (next === char) i++;
    } else if (char === ";" || char === "\n") {
      if (!endCommand(char)) return undefined;
    } else if (UNSAFE_SYNTAX.has(char)) {
      return undefined;
    } else if (char === " " || char === "\t" || char === "\r") {
      endWord();
    } else {
      word += char;
      inWord = true;
    }
  }
  return endCommand("end") ? commands : undefined;
}

/** Reads a double-quoted string from `start`; refuses expansions (`$`, backquotes). */
function doubleQuoted(script: string, start: number): { text: string; end: number } | undefined {
  let text = "";
  for (let i = start; i < script.length; i++) {
    const char = script[i];
    if (char === '"') return { text, end: i };
    if (char === "$" || char === "`") return undefined;
    if (char === "\\" && i + 1 < script.length) {
      const next = script[i + 1];
      if (next === '"' || next === "\\" || next === "$" || next === "`") {
        text += next;
        i++;
        continue;
      }
      if (next === "\n") {
        i++;
        continue;
      }
    }
    text += char;
  }
  return undefined;
}
