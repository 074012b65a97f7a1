/**
 * @module
 * Syntax highlighting for code blocks in the agent's messages: highlight.js (its core, with a
 * set of common languages registered, ~100 ms to load, measured in docs/tui.md) tokenizes; its
 * classes are mapped to terminal colours here. `loadHighlighter()` starts loading in the
 * background when the session opens; until it has loaded, or for a language it does not know,
 * or under `NO_COLOR`, code is shown plain.
 */
import { importOnUse } from "../../kernel/mod.ts";
import { theme, useColor } from "./theme.ts";

type HighlightJs = typeof import("highlight.js/lib/core").default;

/** Languages registered (highlight.js module names; their aliases, `ts`, `sh`, `py`, ..., come with them). */
const LANGUAGES = [
  "typescript",
  "javascript",
  "python",
  "bash",
  "shell",
  "json",
  "rust",
  "go",
  "diff",
  "yaml",
  "css",
  "xml",
  "markdown",
  "sql",
  "java",
  "c",
  "cpp",
  "ruby",
  "ini",
];

/** highlight.js class → style. Classes not listed are left plain. */
const STYLES: Record<string, (text: string) => string> = {
  keyword: theme.magenta,
  built_in: theme.cyan,
  type: theme.cyan,
  literal: theme.yellow,
  number: theme.yellow,
  string: theme.green,
  regexp: theme.green,
  comment: theme.dim,
  meta: theme.dim,
  title: theme.blue,
  "title.function": theme.blue,
  "title.class": theme.cyan,
  attr: theme.cyan,
  attribute: theme.cyan,
  variable: theme.red,
  "template-variable": theme.red,
  addition: theme.green,
  deletion: theme.red,
  section: theme.bold,
  tag: theme.blue,
  name: theme.blue,
};

let hljs: HighlightJs | null = null;
let loading: Promise<void> | null = null;

/** Loads highlight.js and its languages once; resolves when done (never rejects: code stays plain). */
export function loadHighlighter(): Promise<void> {
  if (!useColor) return Promise.resolve();
  loading ??= (async () => {
    const core = (await importOnUse<{ default: HighlightJs }>("highlight.js/lib/core", import.meta.url)).default;
    const languages = await Promise.all(
      LANGUAGES.map((name) =>
        importOnUse<{ default: Parameters<HighlightJs["registerLanguage"]>[1] }>(
          `highlight.js/lib/languages/${name}`,
          import.meta.url,
        )
      ),
    );
    LANGUAGES.forEach((name, i) => core.registerLanguage(name, languages[i].default));
    hljs = core;
  })().catch(() => {});
  return loading;
}

/** The lines of `code`, coloured when its language is known (pi-tui's `highlightCode` hook). */
export function highlightCode(code: string, lang?: string): string[] {
  if (!hljs || !lang || !hljs.getLanguage(lang)) return code.split("\n");
  const html = hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
  return toAnsi(html).split("\n");
}

/**
 * highlight.js's output (text with `<span class="hljs-...">` and HTML entities) as styled text.
 * Each line is styled on its own, so a multi-line comment keeps its colour on every line.
 */
function toAnsi(html: string): string {
  const stack: ((text: string) => string)[] = [];
  let out = "";
  for (const part of html.split(/(<span class="[^"]*">|<\/span>)/)) {
    if (part.startsWith("<span")) {
      const classes = part.slice('<span class="'.length, -2).split(" ").map((c) => c.replace(/^hljs-/, ""));
      const key = classes.join(".");
      stack.push(STYLES[key] ?? STYLES[classes[0]] ?? stack.at(-1) ?? ((t) => t));
    } else if (part === "</span>") {
      stack.pop();
    } else if (part) {
      const text = unescapeHtml(part);
      const style = stack.at(-1);
      out += style ? text.split("\n").map((line) => (line ? style(line) : line)).join("\n") : text;
    }
  }
  return out;
}

function unescapeHtml(text: string): string {
  return text.replace(
    /&(lt|gt|amp|quot|#x27|#39);/g,
    (_, entity: string) => ({ lt: "<", gt: ">", amp: "&", quot: '"', "#x27": "'", "#39": "'" })[entity] ?? "",
  );
}
