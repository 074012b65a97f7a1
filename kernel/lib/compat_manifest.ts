/**
 * @module
 * Claude Code and Codex plugins, loaded unchanged: a folder with `.codex-plugin/plugin.json` or
 * `.claude-plugin/plugin.json` (and no `plugin.jsonc`) becomes a manifest-only Tern plugin.
 * `name`, `version` and `description` carry over; `skills/` (and `skills` paths) become
 * `contributes.skills`, `hooks/hooks.json` (and `hooks` paths, or hooks written inline in the
 * manifest) `contributes.hooksFiles`, and `.mcp.json` (and `mcpServers`) `contributes.mcpServers`,
 * which the skills, hooks and mcp plugins pick up, and `commands/` (and `commands` paths)
 * `contributes.promptCommands`, the session's `/plugin:command`s. Everything else (agents, LSP servers,
 * user config, hook events Tern lacks, ...) is listed in `source.unmapped` with its file and
 * field, for `tern doctor`; nothing is dropped silently. Descriptive fields are kept in
 * `source.metadata`. Paths follow the Claude Code rule: relative, starting with `./`, no `..`.
 */
import { basename, join, resolve } from "../base/path.ts";
import { ConfigError } from "../base/errors.ts";
import { type ManifestSource, PluginManifest, readManifest, type UnmappedEntry } from "../plugin_host/manifest.ts";
import { isPlainObject, parseConfigText } from "../config/_config_text.ts";
import { parseJsonText } from "../config/json_text.ts";
import { lineOf, mapMcpServers } from "./_compat_mcp.ts";
import type { PluginDefinition } from "../plugin_api.ts";
import { unmappedHooks } from "./_compat_hooks.ts";

// Also used on their own, to import a Claude Code or Codex setup (`externalAgentConfig/import`).
export { type MapMcpOptions, mapMcpServers, type MappedServers } from "./_compat_mcp.ts";
export { unmappedHooks } from "./_compat_hooks.ts";

/** The foreign manifests Tern reads, in the order it looks for them (Codex's own order). */
export const COMPAT_MANIFEST_PATHS = [
  { format: "codex", path: ".codex-plugin/plugin.json" },
  { format: "claude", path: ".claude-plugin/plugin.json" },
] as const;

/** Fields that only describe the plugin: kept in `source.metadata`. */
const METADATA_FIELDS = new Set(["$schema", "author", "homepage", "repository", "license", "keywords", "interface"]);

/** Fields (and default folders or files) Tern has no counterpart for, with the reason. */
const UNSUPPORTED: Record<string, { paths: string[]; reason: string }> = {
  agents: { paths: ["agents"], reason: "Tern has no sub-agents; these agent files are not loaded" },
  outputStyles: { paths: ["output-styles"], reason: "Tern has no output styles" },
  lspServers: { paths: [".lsp.json"], reason: "Tern has no LSP client" },
  monitors: { paths: [], reason: "Tern has no monitors" },
  userConfig: { paths: [], reason: "Tern does not prompt for plugin settings; set what the plugin needs yourself" },
  channels: { paths: [], reason: "Tern has no channels" },
  dependencies: { paths: [], reason: "plugin dependencies are not installed; list each plugin in the config" },
  settings: { paths: ["settings.json"], reason: "plugin default settings are not applied" },
  apps: { paths: [".app.json"], reason: "Tern has no apps (connectors)" },
};

/**
 * The definition of a manifest-only plugin (`"entry": null`, and every Claude Code or Codex
 * plugin): no code and nothing to set up. Its contributions are data that other plugins read
 * through `api.plugins.list()`: skills and prompt commands (skills plugin), hooks files (hooks
 * plugin), MCP servers (mcp plugin).
 */
export function manifestOnly(manifest: PluginManifest): PluginDefinition {
  return { name: manifest.name, setup() {} };
}

/**
 * Reads a plugin folder's manifest: `plugin.jsonc`, else a Claude Code or Codex manifest mapped
 * by `readCompatManifest()`. Throws `ConfigError` naming the file (and line and key) when none
 * is found or the one found is invalid.
 */
export async function readPluginManifest(dir: string): Promise<PluginManifest> {
  const native = join(dir, "plugin.jsonc");
  try {
    return await readManifest(native);
  } catch (error) {
    if (!(error instanceof ConfigError && error.cause instanceof Deno.errors.NotFound)) throw error;
    const compat = await readCompatManifest(dir);
    if (compat) return compat;
    throw new ConfigError(
      { file: native },
      "Cannot read plugin manifest: no plugin.jsonc, .claude-plugin/plugin.json or .codex-plugin/plugin.json in the folder",
      { cause: error.cause },
    );
  }
}

/**
 * Maps a folder's `.codex-plugin/plugin.json` or `.claude-plugin/plugin.json` onto a
 * manifest-only Tern manifest; `null` when the folder has neither. Throws `ConfigError` for a
 * manifest that does not parse or has an unusable `name`.
 *
 * @example
 * ```ts
 * const manifest = await readCompatManifest("/plugins/commit-helper");
 * manifest?.contributes.skills; // ["./skills"]
 * manifest?.source?.unmapped;   // [{ file: ".../agents", field: "agents/", reason: "Tern has no sub-agents; ..." }]
 * ```
 */
export async function readCompatManifest(dir: string): Promise<PluginManifest | null> {
  const root = resolve(dir);
  let found: { format: "claude" | "codex"; file: string; text: string } | null = null;
  const unmapped: UnmappedEntry[] = [];
  for (const { format, path } of COMPAT_MANIFEST_PATHS) {
    const file = join(root, path);
    const text = await readText(file);
    if (text === null) continue;
    if (found) unmapped.push({ file, field: "(file)", reason: `not read: ${found.file} is used instead` });
    else found = { format, file, text };
  }
  if (!found) return null;
  const { format, file, text } = found;
  const raw = await parseConfigText(text, file);
  const report = (field: string, reason: string) => unmapped.push({ file, field, reason, line: lineOf(text, field) });

  const name = raw.name === undefined || raw.name === "" ? basename(root) : raw.name;
  if (typeof name !== "string" || !/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new ConfigError(
      { file, line: lineOf(text, "name"), key: "name" },
      `Cannot use plugin name ${JSON.stringify(name)}: it must be lowercase letters, digits and dashes`,
    );
  }
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (METADATA_FIELDS.has(key)) metadata[key] = value;
    else if (UNSUPPORTED[key]) report(key, UNSUPPORTED[key].reason);
    else if (!["name", "version", "description", "skills", "commands", "hooks", "mcpServers"].includes(key)) {
      report(key, "unknown field; ignored");
    }
  }
  const paths = (field: string) => manifestPaths(raw[field], field, report);

  // Skills: the default folder plus the manifest's paths.
  const skills = unique([...(await isDir(join(root, "skills")) ? ["./skills"] : []), ...paths("skills")]);

  // Commands: the default folder plus the manifest's paths (Markdown files or folders of them).
  const promptCommands = unique([...(await isDir(join(root, "commands")) ? ["./commands"] : []), ...paths("commands")]);

  // Hooks: hooks/hooks.json plus the manifest's paths, or hooks written inline in the manifest.
  const hooksFiles = await existing(root, ["./hooks/hooks.json"]);
  const manifestRel = `./${format === "codex" ? ".codex-plugin" : ".claude-plugin"}/plugin.json`;
  if (isPlainObject(raw.hooks) && !isPlainObject(raw.hooks.hooks)) {
    hooksFiles.push(manifestRel); // `{"hooks": {"PreToolUse": [...]}}`: the manifest reads as a hooks file
    unmapped.push(...unmappedHooks(raw, file, text));
  } else if (raw.hooks !== undefined && (isPlainObject(raw.hooks) || !isPathField(raw.hooks))) {
    report("hooks", 'inline hooks in this form are not supported; put them in "./hooks/hooks.json"');
  } else {
    for (const path of paths("hooks")) {
      if (await isFile(join(root, path))) hooksFiles.push(path);
      else report("hooks", `"${path}" is not a file`);
    }
  }
  for (const rel of unique(hooksFiles)) {
    if (rel === manifestRel) continue;
    const hooksFile = join(root, rel);
    const hooksText = await readText(hooksFile);
    const parsed = hooksText === null ? null : tryParse(hooksText);
    if (parsed !== null) unmapped.push(...unmappedHooks(parsed, hooksFile, hooksText ?? undefined));
  }

  // MCP servers: .mcp.json plus the manifest's files, or servers written inline.
  const mcpServers: Record<string, unknown> = {};
  const locations: Record<string, { file: string; line?: number }> = {};
  const addServers = (servers: Record<string, unknown>, from: string, fromText: string) => {
    for (const [serverName, server] of Object.entries(servers)) {
      const field = `mcpServers.${serverName}`;
      if (Object.hasOwn(mcpServers, serverName)) {
        unmapped.push({ file: from, field, reason: "declared twice; the first one is used" });
      } else {
        mcpServers[serverName] = server;
        locations[field] = { file: from, line: lineOf(fromText, serverName) };
      }
    }
  };
  const mcpFiles = await existing(root, ["./.mcp.json"]);
  if (isPlainObject(raw.mcpServers)) {
    const mapped = mapMcpServers(raw.mcpServers, { root, file, text, fieldPrefix: "mcpServers." });
    unmapped.push(...mapped.unmapped);
    addServers(mapped.servers, file, text);
  } else {
    for (const path of paths("mcpServers")) {
      if (await isFile(join(root, path))) mcpFiles.push(path);
      else report("mcpServers", `"${path}" is not a file`);
    }
  }
  for (const rel of unique(mcpFiles)) {
    const mcpFile = join(root, rel);
    const mcpText = (await readText(mcpFile)) ?? "";
    let parsed: unknown;
    try {
      parsed = await parseJsonText(mcpText, mcpFile);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const reason = `${error.message}; its servers are not loaded`; // FILE:LINE:COL: Cannot parse JSON: ...
      unmapped.push({ file: mcpFile, field: "(file)", line: error.location.line, reason });
      continue;
    }
    const mapped = mapMcpServers(parsed, { root, file: mcpFile, text: mcpText, fieldPrefix: "" });
    unmapped.push(...mapped.unmapped);
    addServers(mapped.servers, mcpFile, mcpText);
  }

  // Default folders and files of the parts Tern does not load.
  for (const { paths: defaults, reason } of Object.values(UNSUPPORTED)) {
    for (const path of defaults) {
      const full = join(root, path);
      if (await exists(full)) unmapped.push({ file: full, field: (await isDir(full)) ? `${path}/` : path, reason });
    }
  }

  const manifest = PluginManifest.parse({
    name,
    version: typeof raw.version === "string" && raw.version.trim() ? raw.version.trim() : undefined,
    description: typeof raw.description === "string" ? raw.description : undefined,
    entry: null,
    contributes: { skills, hooksFiles: unique(hooksFiles), mcpServers, promptCommands },
  });
  const source: ManifestSource = { format, file, unmapped, metadata, locations };
  return { ...manifest, source };
}

/** Whether a value has the shape of a path field (a string or a list of strings). */
function isPathField(value: unknown): boolean {
  return typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string"));
}

/** The valid relative paths of a path field (`"./x"` or `["./x", ...]`); the rest is reported. */
function manifestPaths(value: unknown, field: string, report: (field: string, reason: string) => void): string[] {
  if (value === undefined) return [];
  if (!isPathField(value)) {
    report(field, "expected a path or a list of paths");
    return [];
  }
  const out: string[] = [];
  for (const path of typeof value === "string" ? [value] : value as string[]) {
    if (!path.startsWith("./") || path.split("/").includes("..") || path.includes("\\")) {
      report(field, `"${path}" must be a relative path starting with "./" and without ".."`);
    } else out.push(path);
  }
  return out;
}

/** The given relative paths that exist under `root`. */
async function existing(root: string, paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) if (await exists(join(root, path))) out.push(path);
  return out;
}

function unique(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = v.replace(/\/+$/, "");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function readText(file: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(file);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) return null;
    throw new ConfigError({ file }, `Cannot read plugin manifest: ${(error as Error).message}`, { cause: error });
  }
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

async function isDir(path: string): Promise<boolean> {
  return await Deno.stat(path).then((s) => s.isDirectory, () => false);
}

async function isFile(path: string): Promise<boolean> {
  return await Deno.stat(path).then((s) => s.isFile, () => false);
}
