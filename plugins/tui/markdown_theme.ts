/**
 * @module
 * How the agent's Markdown looks: pi-tui's `Markdown` component styled with the session's
 * colours, code blocks highlighted (`highlight.ts`).
 */
import type { MarkdownTheme } from "@mariozechner/pi-tui";
import { highlightCode } from "./highlight.ts";
import { theme } from "./theme.ts";

/** Markdown styles for pi-tui's `Markdown` component. */
export const markdownTheme: MarkdownTheme = {
  heading: (t) => theme.bold(theme.cyan(t)),
  link: theme.underline,
  linkUrl: theme.dim,
  code: theme.cyan,
  codeBlock: (t) => t,
  codeBlockBorder: theme.dim,
  quote: theme.italic,
  quoteBorder: theme.dim,
  hr: theme.dim,
  listBullet: theme.cyan,
  bold: theme.bold,
  italic: theme.italic,
  strikethrough: theme.strikethrough,
  underline: theme.underline,
  highlightCode,
};
