/**
 * @module
 * The plugin list a run loads when the config's `plugins` key does not give one (`extraPlugins`
 * adds to it either way). `main.ts` maps each `builtin:NAME` to its folder and hands this list to
 * `Runtime.create()`: the kernel itself names no plugin.
 */

/** The plugins loaded when the config does not list any. */
export const DEFAULT_PLUGINS = [
  "builtin:store",
  "builtin:project-docs",
  "builtin:environment",
  "builtin:openai",
  "builtin:scripted",
  "builtin:shell",
  "builtin:apply-patch",
  "builtin:update-plan",
  "builtin:request-user-input",
  "builtin:view-image",
  "builtin:mcp",
  "builtin:dynamic-tools",
  "builtin:skills",
  "builtin:hooks",
  "builtin:exec",
  "builtin:app-server",
  "builtin:doctor",
  "builtin:sandbox",
  "builtin:plugin-cli",
  "builtin:tui",
];
