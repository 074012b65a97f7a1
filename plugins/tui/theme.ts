/**
 * @module
 * The session's colours: ANSI styles, or plain text when `NO_COLOR` is set (any value) or
 * `TERM=dumb`. Every cell styles its text through these, so one switch turns colour off.
 */

type Style = (text: string) => string;

/** False under `NO_COLOR` (any value) or `TERM=dumb`. */
export const useColor = !Deno.env.get("NO_COLOR") && Deno.env.get("TERM") !== "dumb";
const sgr = (open: number, close: number): Style => useColor ? (t) => `\x1b[${open}m${t}\x1b[${close}m` : (t) => t;

/** The styles the session uses. */
export const theme = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  italic: sgr(3, 23),
  underline: sgr(4, 24),
  strikethrough: sgr(9, 29),
  red: sgr(31, 39),
  green: sgr(32, 39),
  yellow: sgr(33, 39),
  blue: sgr(34, 39),
  magenta: sgr(35, 39),
  cyan: sgr(36, 39),
};

/** Styles for pi-tui's editor and its pickers. */
export const editorTheme = {
  borderColor: theme.dim,
  selectList: {
    selectedPrefix: theme.cyan,
    selectedText: theme.cyan,
    description: theme.dim,
    scrollInfo: theme.dim,
    noMatch: theme.dim,
  },
};
