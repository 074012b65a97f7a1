/**
 * @module
 * A command line as Codex shows it, and back. Codex reports a `commandExecution`'s `command` as
 * the shell would run it, the argument vector joined with POSIX quoting (`/bin/bash -lc 'touch
 * a.txt'`); `shellCommandLine()` builds that string the same way, and `displayCommand()` takes the
 * shell wrapper off again for what people read (the terminal UI's cells, `tern exec`'s transcript).
 *
 * The quoting follows what Codex 0.169 sends (observed, see docs/protocol.md): a word made only of
 * letters, digits and `+-./:@]_` stays bare; otherwise it is cut into runs, each quoted in single
 * quotes when it can be (no `'` or `\`), else in double quotes (with `$`, `` ` ``, `"`, `\`
 * escaped); `!`, `$`, `` ` `` and `^` are only ever single-quoted.
 */

const BARE = /^[A-Za-z0-9+\-./:@\]_]$/;
const SINGLE_ONLY = new Set(["!", "$", "`", "^"]);
const DOUBLE_ONLY = new Set(["'", "\\"]);

const BARE_OK = 1;
const SINGLE_OK = 2;
const DOUBLE_OK = 4;

/** `word` quoted for a POSIX shell, as Codex quotes it. */
export function quoteShellWord(word: string): string {
  if (word === "") return "''";
  let out = "";
  let rest = [...word];
  while (rest.length > 0) {
    let ok = BARE_OK | SINGLE_OK | DOUBLE_OK;
    let length = 0;
    for (const char of rest) {
      let allowed = ok;
      if (SINGLE_ONLY.has(char)) allowed &= SINGLE_OK;
      else if (DOUBLE_ONLY.has(char)) allowed &= DOUBLE_OK;
      else if (!BARE.test(char)) allowed &= ~BARE_OK;
      if (allowed === 0) break;
      ok = allowed;
      length++;
    }
    const chunk = rest.slice(0, length).join("");
    rest = rest.slice(length);
    if (ok & BARE_OK) out += chunk;
    else if (ok & SINGLE_OK) out += `'${chunk}'`;
    else out += `"${chunk.replace(/[$`"\\]/g, (c) => `\\${c}`)}"`;
  }
  return out;
}

/** The words joined into one command line, each quoted as `quoteShellWord()` does. */
export function joinShellWords(words: readonly string[]): string {
  return words.map(quoteShellWord).join(" ");
}

/** The `command` Codex reports for `script` run by `shell` (`/bin/bash -lc 'script'`). */
export function shellCommandLine(shell: string, login: boolean, script: string): string {
  return joinShellWords([shell, login ? "-lc" : "-c", script]);
}

/**
 * The words of a command line (quotes and backslashes taken off), or `undefined` when it has
 * anything but words: an unclosed quote, or an unquoted operator or expansion.
 */
export function splitShellWords(line: string): string[] | undefined {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === " " || char === "\t") {
      if (word !== null) words.push(word);
      word = null;
    } else if (char === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return undefined;
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (char === '"') {
      let text = "";
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === "\\" && '$`"\\\n'.includes(line[j + 1] ?? "")) j++;
        else if (line[j] === "$" || line[j] === "`") return undefined;
        text += line[j];
      }
      if (j >= line.length) return undefined;
      word = (word ?? "") + text;
      i = j;
    } else if (char === "\\" && i + 1 < line.length) {
      word = (word ?? "") + line[++i];
    } else if ("|&;<>()$`*?[#~\n".includes(char) && (word === null || char !== "#")) {
      return undefined;
    } else word = (word ?? "") + char;
  }
  if (word !== null) words.push(word);
  return words;
}

const SHELLS = new Set(["bash", "zsh", "sh", "dash", "ksh"]);

/**
 * What to show people for a reported `command`: the script alone when it is a shell wrapper
 * (`/bin/bash -lc 'touch a.txt'` shows `touch a.txt`), else the command as it is.
 */
export function displayCommand(command: string): string {
  const words = splitShellWords(command);
  if (words?.length !== 3) return command;
  const [shell, flag, script] = words;
  const name = shell.slice(shell.lastIndexOf("/") + 1);
  return SHELLS.has(name) && (flag === "-c" || flag === "-lc") ? script : command;
}
