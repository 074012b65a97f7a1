/**
 * @module
 * Just enough shell parsing to tell which files a command runs or names: quotes and escapes,
 * splitting at `;`, `&&`, `||`, `|`, `&`, parentheses, `$(` and newlines, redirections, and `cd`
 * changing the directory of the commands after it. Which file a command *executes* is the
 * program (when it is a path) or, for interpreters (`bash x.sh`, `python3 x.py`, `deno run x.ts`),
 * their script argument; `bash -c '...'` is parsed again. It is a heuristic, not a shell: it
 * expands no variables and ignores globs.
 */
import { basename, isAbsolute, join, resolve } from "../../kernel/mod.ts";

/** One simple command: its words and the directory it runs in. */
export interface SimpleCommand {
  words: string[];
  cwd: string;
}

const SEPARATORS = new Set([";", "&", "|", "(", ")", "\n", "`"]);
const SHELLS = new Set(["sh", "bash", "zsh", "dash", "ksh", "fish"]);
const INTERPRETERS = new Set(["node", "ruby", "perl", "php", "Rscript", "tsx", "ts-node", "osascript", "pwsh"]);
/** Runners whose script comes after a `run` subcommand. */
const RUNNERS = new Set(["deno", "bun", "uv"]);
const WRAPPERS = new Set(["exec", "command", "nohup", "time", "sudo", "nice", "env", "timeout"]);

/** Splits a script into simple commands, tracking `cd` from `cwd` (`home` expands `~`). */
export function simpleCommands(script: string, cwd: string, home: string | null = null): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let dir = cwd;
  for (const words of splitWords(script)) {
    const expanded = words.map((w) => (home && (w === "~" || w.startsWith("~/")) ? home + w.slice(1) : w));
    if (expanded[0] === "cd") {
      const target = expanded[1] ?? home;
      if (target && target !== "-") dir = resolve(dir, target);
      continue;
    }
    commands.push({ words: expanded, cwd: dir });
  }
  return commands;
}

/** Absolute paths of the files a simple command executes (the program, an interpreter's script). */
export function executedFiles(command: SimpleCommand, home: string | null = null): string[] {
  const words = stripWrappers(command.words);
  if (words.length === 0) return [];
  const [program, ...args] = words;
  const name = basename(program);
  if (program.includes("/")) return [resolve(command.cwd, program)];
  if (SHELLS.has(name)) {
    const c = args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a));
    if (c >= 0 && args[c + 1] !== undefined) {
      return simpleCommands(args[c + 1], command.cwd, home).flatMap((sub) => executedFiles(sub, home));
    }
    return firstOperand(args, command.cwd);
  }
  if (/^python[0-9.]*$/.test(name)) {
    return args.some((a) => a === "-c" || a === "-m") ? [] : firstOperand(args, command.cwd);
  }
  if (INTERPRETERS.has(name)) return firstOperand(args, command.cwd);
  if (RUNNERS.has(name)) {
    const run = args.indexOf("run");
    return run >= 0 ? firstOperand(args.slice(run + 1), command.cwd) : [];
  }
  return [];
}

/** Absolute paths of every word that looks like a path (for "which files does this read"). */
export function namedPaths(command: SimpleCommand): string[] {
  return command.words.slice(1).filter((w) => !w.startsWith("-") && w !== "").map((w) =>
    isAbsolute(w) ? resolve(w) : join(command.cwd, w)
  );
}

function firstOperand(args: string[], cwd: string): string[] {
  const operand = args.find((a) => !a.startsWith("-"));
  return operand ? [resolve(cwd, operand)] : [];
}

/** Drops `VAR=value` prefixes and wrappers such as `env`, `sudo`, `timeout 10`. */
function stripWrappers(words: string[]): string[] {
  let i = 0;
  while (i < words.length) {
    const word = words[i];
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) i++;
    else if (WRAPPERS.has(word)) {
      i++;
      while (i < words.length && words[i].startsWith("-")) i++;
      if (word === "timeout" && i < words.length) i++;
    } else break;
  }
  return words.slice(i);
}

/** Tokenizes a script into the word lists of its simple commands. */
function splitWords(script: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | null = null;
  let skipNext = false; // the word after a redirection is its target
  const endWord = () => {
    if (word !== null) {
      if (skipNext) skipNext = false;
      else words.push(word);
    }
    word = null;
  };
  const endCommand = () => {
    endWord();
    skipNext = false;
    if (words.length) commands.push(words);
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i];
    if (c === "'") {
      const end = script.indexOf("'", i + 1);
      word = (word ?? "") + script.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? script.length : end;
    } else if (c === '"') {
      let text = "";
      for (i++; i < script.length && script[i] !== '"'; i++) {
        if (script[i] === "\\" && '"\\$`'.includes(script[i + 1] ?? "")) i++;
        text += script[i];
      }
      word = (word ?? "") + text;
    } else if (c === "\\") {
      if (script[i + 1] === "\n") i++;
      else word = (word ?? "") + (script[++i] ?? "");
    } else if (c === "#" && word === null) {
      while (i + 1 < script.length && script[i + 1] !== "\n") i++;
    } else if (c === "$" && script[i + 1] === "(") {
      endCommand();
      i++;
    } else if (SEPARATORS.has(c)) {
      endCommand();
    } else if (c === ">" || c === "<") {
      if (word !== null && /^\d+$/.test(word)) word = null; // `2>`: the fd is no word
      endWord();
      while (script[i + 1] === ">" || script[i + 1] === "&") i++;
      skipNext = true;
    } else if (c === " " || c === "\t" || c === "\r") {
      endWord();
    } else {
      word = (word ?? "") + c;
    }
  }
  endCommand();
  return commands;
}
