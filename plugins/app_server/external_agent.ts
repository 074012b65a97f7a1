/**
 * @module
 * Finds a Claude Code or Codex setup and imports it into Tern (`externalAgentConfig/detect` and
 * `externalAgentConfig/import`). In the user's home (`includeHome`): `~/.claude/settings.json`
 * hooks, `~/.claude.json` MCP servers, `~/.claude/skills`, `~/.claude/CLAUDE.md`, the plugins in
 * `~/.claude/plugins/installed_plugins.json`; `~/.codex/config.toml` MCP servers,
 * `~/.codex/hooks.json` (and `[hooks]` in `config.toml`), `~/.codex/skills`, `~/.codex/AGENTS.md`.
 * In each repository (`cwds`): `.claude/settings.json` hooks, `.mcp.json`, `.claude/skills`,
 * `CLAUDE.md`; `.codex/config.toml` MCP servers and hooks, and `.codex/hooks.json`. Home items go to `$TERN_HOME` (`config.jsonc`, `hooks.json`,
 * `skills/`, `AGENTS.md`), repository items to the repository's `.tern/` (and `AGENTS.md`).
 *
 * Importing is idempotent: an MCP server whose name the target config already has is left alone,
 * a hook group already in the target `hooks.json` is not added again, a skill folder that exists
 * is not copied, a plugin already in `extraPlugins` is not appended, and `AGENTS.md` is written
 * only when missing or empty. Config files are edited with `editConfigFile()`, which keeps their
 * comments. MCP servers are mapped by the kernel's `mapMcpServers()` (the same mapping as a
 * Claude Code plugin's `.mcp.json`), except that `${VAR}` is not expanded: a server that needs an
 * environment variable fails with a message instead of having the secret written into a config.
 */
import {
  dirname,
  editConfigFile,
  type ExternalAgentConfigMigrationItem,
  type ExternalAgentConfigMigrationItemType,
  importOnUse,
  isAbsolute,
  join,
  mapMcpServers,
  parseJsonText,
} from "../../kernel/mod.ts";

/** What importing one part of an item did. */
export type Outcome =
  | { ok: true; source: string; target: string }
  | { ok: false; source: string; stage: string; message: string };

/** A detected item and how to import it (`names`: the `details` entries chosen, null for all). */
export interface Candidate {
  item: ExternalAgentConfigMigrationItem & { cwd: string | null };
  run(names: Set<string> | null): Promise<Outcome[]>;
}

/** Where an import writes: `$TERN_HOME` for home items, the repository's `.tern/` for the rest. */
interface Target {
  config: string;
  hooks: string;
  skills: string;
  agentsMd: string;
}

function targetFor(cwd: string | null, ternHome: string): Target {
  if (cwd === null) {
    return {
      config: join(ternHome, "config.jsonc"),
      hooks: join(ternHome, "hooks.json"),
      skills: join(ternHome, "skills"),
      agentsMd: join(ternHome, "AGENTS.md"),
    };
  }
  return {
    config: join(cwd, ".tern", "config.jsonc"),
    hooks: join(cwd, ".tern", "hooks.json"),
    skills: join(cwd, ".tern", "skills"),
    agentsMd: join(cwd, "AGENTS.md"),
  };
}

/** Every item found in the home (when `home` is given) and in each of `cwds`. */
export async function detectExternalAgents(
  options: { home: string | null; cwds: readonly string[]; ternHome: string },
): Promise<Candidate[]> {
  const out: Candidate[] = [];
  if (options.home) {
    const home = options.home;
    const target = targetFor(null, options.ternHome);
    out.push(
      ...await hooksFrom("Claude Code", join(home, ".claude", "settings.json"), null, target),
      ...await mcpFrom("Claude Code", join(home, ".claude.json"), null, target, home),
      ...await skillsFrom("Claude Code", join(home, ".claude", "skills"), null, target),
      ...await agentsMdFrom("Claude Code", join(home, ".claude", "CLAUDE.md"), null, target),
      ...await claudePlugins(join(home, ".claude", "plugins", "installed_plugins.json"), target),
      ...await mcpFrom("Codex", join(home, ".codex", "config.toml"), null, target, home),
      ...await hooksFrom("Codex", join(home, ".codex", "hooks.json"), null, target),
      ...await hooksFrom("Codex", join(home, ".codex", "config.toml"), null, target),
      ...await skillsFrom("Codex", join(home, ".codex", "skills"), null, target),
      ...await agentsMdFrom("Codex", join(home, ".codex", "AGENTS.md"), null, target),
    );
  }
  for (const cwd of options.cwds) {
    const target = targetFor(cwd, options.ternHome);
    out.push(
      ...await hooksFrom("Claude Code", join(cwd, ".claude", "settings.json"), cwd, target),
      ...await mcpFrom("Claude Code", join(cwd, ".mcp.json"), cwd, target, cwd),
      ...await skillsFrom("Claude Code", join(cwd, ".claude", "skills"), cwd, target),
      ...await agentsMdFrom("Claude Code", join(cwd, "CLAUDE.md"), cwd, target),
      ...await mcpFrom("Codex", join(cwd, ".codex", "config.toml"), cwd, target, cwd),
      ...await hooksFrom("Codex", join(cwd, ".codex", "hooks.json"), cwd, target),
      ...await hooksFrom("Codex", join(cwd, ".codex", "config.toml"), cwd, target),
    );
  }
  return out;
}

function candidate(
  itemType: ExternalAgentConfigMigrationItemType,
  description: string,
  cwd: string | null,
  details: ExternalAgentConfigMigrationItem["details"],
  run: Candidate["run"],
): Candidate {
  return { item: { itemType, description, cwd, details: details ?? null }, run };
}

async function readText(file: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(file);
  } catch {
    return null;
  }
}

/** A JSON (or JSONC) file's value; null when missing or not an object. */
async function readJsonObject(file: string): Promise<Record<string, unknown> | null> {
  const text = await readText(file);
  if (text === null) return null;
  try {
    const value = await parseJsonText(text, file, { jsonc: true });
    return value && typeof value === "object" && !Array.isArray(value) ? value as Record<string, unknown> : null;
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

/** A TOML file's value; null when missing or not TOML. */
async function readToml(file: string): Promise<Record<string, unknown> | null> {
  const text = await readText(file);
  if (text === null) return null;
  try {
    const { parse } = await importOnUse<typeof import("smol-toml")>("smol-toml", import.meta.url);
    return parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/**
 * `hooks` of a settings or hooks file (or of a Codex `config.toml`'s `[hooks]`): each event's
 * matcher groups, as Tern's `hooks.json` has them.
 */
async function hooksFrom(agent: string, file: string, cwd: string | null, target: Target): Promise<Candidate[]> {
  const value = file.endsWith(".toml") ? await readToml(file) : await readJsonObject(file);
  const hooks = isObject(value?.hooks) ? value.hooks : null;
  const events = hooks ? Object.keys(hooks).filter((e) => Array.isArray(hooks[e]) && hooks[e].length) : [];
  if (!hooks || events.length === 0) return [];
  return [candidate(
    "HOOKS",
    `${agent} hooks from ${file} (${events.join(", ")})`,
    cwd,
    { hooks: events.map((name) => ({ name })) },
    async (names) => {
      const existing = await readJsonObject(target.hooks);
      const have = isObject(existing?.hooks) ? existing.hooks : {};
      const edits = [];
      for (const event of events.filter((e) => !names || names.has(e))) {
        const present = new Set((Array.isArray(have[event]) ? have[event] : []).map((g) => JSON.stringify(g)));
        for (const group of hooks[event] as unknown[]) {
          if (!present.has(JSON.stringify(group))) edits.push({ keyPath: ["hooks", event], append: group });
        }
      }
      try {
        if (edits.length) await editConfigFile(target.hooks, edits);
        return [{ ok: true, source: file, target: target.hooks }];
      } catch (error) {
        return [{ ok: false, source: file, stage: "write", message: (error as Error).message }];
      }
    },
  )];
}

/** `mcpServers` of a `.mcp.json` / `~/.claude.json`, or `mcp_servers` of a Codex `config.toml`. */
async function mcpFrom(
  agent: string,
  file: string,
  cwd: string | null,
  target: Target,
  root: string,
): Promise<Candidate[]> {
  const text = await readText(file);
  if (text === null) return [];
  const raw = file.endsWith(".toml") ? (await readToml(file))?.mcp_servers : (await readJsonObject(file))?.mcpServers;
  if (!isObject(raw) || Object.keys(raw).length === 0) return [];
  // `${VAR}` is left unexpanded (see the module comment): every lookup answers "unset".
  const mapped = mapMcpServers(raw, { root, file, text, fieldPrefix: "", env: () => undefined });
  const names = Object.keys(raw);
  return [candidate(
    "MCP_SERVER_CONFIG",
    `${agent} MCP servers from ${file} (${names.join(", ")})`,
    cwd,
    { mcpServers: names.map((name) => ({ name })) },
    async (chosen) => {
      const config = await readJsonObject(target.config);
      const have = isObject(config?.mcpServers) ? config.mcpServers : {};
      const outcomes: Outcome[] = [];
      const edits = [];
      for (const name of names.filter((n) => !chosen || chosen.has(n))) {
        const source = `${file}: ${name}`;
        const problems = mapped.unmapped.filter((u) => u.field === name || u.field.startsWith(`${name}.`));
        const envProblem = problems.find((p) => p.reason.startsWith("environment variable"));
        if (!mapped.servers[name] || envProblem) {
          const why = envProblem
            ? `${
              envProblem.reason.replace(/ \(read as ""\)$/, "")
            }: Tern's config does not expand variables, so the server was not imported; add it by hand (for a token, "bearerTokenEnvVar")`
            : problems.map((p) => p.reason).join("; ") || "cannot be mapped";
          outcomes.push({ ok: false, source, stage: "map", message: why });
          continue;
        }
        if (!Object.hasOwn(have, name)) edits.push({ keyPath: ["mcpServers", name], value: mapped.servers[name] });
        else if (canonical(have[name]) !== canonical(mapped.servers[name])) {
          const message = `${target.config} already has a different MCP server "${name}"; left as it is`;
          outcomes.push({ ok: false, source, stage: "write", message });
          continue;
        }
        outcomes.push({ ok: true, source, target: `${target.config}: mcpServers.${name}` });
      }
      try {
        if (edits.length) await editConfigFile(target.config, edits);
      } catch (error) {
        return [{ ok: false, source: file, stage: "write", message: (error as Error).message }];
      }
      return outcomes;
    },
  )];
}

/** Skill folders (each with a `SKILL.md`) in `dir`. */
async function skillsFrom(agent: string, dir: string, cwd: string | null, target: Target): Promise<Candidate[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isDirectory && await exists(join(dir, entry.name, "SKILL.md"))) names.push(entry.name);
    }
  } catch {
    return [];
  }
  if (names.length === 0) return [];
  names.sort();
  return [candidate(
    "SKILLS",
    `${agent} skills from ${dir} (${names.join(", ")})`,
    cwd,
    { skills: names.map((name) => ({ name })) },
    async (chosen) => {
      const outcomes: Outcome[] = [];
      for (const name of names.filter((n) => !chosen || chosen.has(n))) {
        const to = join(target.skills, name);
        try {
          if (!await exists(to)) await copyDir(join(dir, name), to);
          outcomes.push({ ok: true, source: join(dir, name), target: to });
        } catch (error) {
          outcomes.push({ ok: false, source: join(dir, name), stage: "copy", message: (error as Error).message });
        }
      }
      return outcomes;
    },
  )];
}

/** `CLAUDE.md` (or Codex's global `AGENTS.md`) → `AGENTS.md`, when the target is missing or empty. */
async function agentsMdFrom(agent: string, file: string, cwd: string | null, target: Target): Promise<Candidate[]> {
  const text = await readText(file);
  if (!text?.trim()) return [];
  return [candidate("AGENTS_MD", `${agent} instructions from ${file}`, cwd, null, async () => {
    const current = await readText(target.agentsMd);
    if (current?.trim()) {
      if (current === text.replaceAll("CLAUDE.md", "AGENTS.md")) {
        return [{ ok: true, source: file, target: target.agentsMd }];
      }
      return [{
        ok: false,
        source: file,
        stage: "write",
        message: `${target.agentsMd} already has instructions; left as it is`,
      }];
    }
    try {
      await Deno.mkdir(dirname(target.agentsMd), { recursive: true });
      await Deno.writeTextFile(target.agentsMd, text.replaceAll("CLAUDE.md", "AGENTS.md"));
      return [{ ok: true, source: file, target: target.agentsMd }];
    } catch (error) {
      return [{ ok: false, source: file, stage: "write", message: (error as Error).message }];
    }
  })];
}

/**
 * Claude Code's installed plugins (`installed_plugins.json`: `plugins` maps `name@marketplace` to
 * its installs, each with an `installPath`), added to the user config's `extraPlugins`: Tern
 * loads Claude Code plugins unchanged.
 */
async function claudePlugins(file: string, target: Target): Promise<Candidate[]> {
  const value = await readJsonObject(file);
  const plugins = isObject(value?.plugins) ? value.plugins : null;
  if (!plugins) return [];
  const found: { name: string; marketplace: string; path: string }[] = [];
  for (const [id, installs] of Object.entries(plugins)) {
    const install = (Array.isArray(installs) ? installs : [installs]).find((i) =>
      isObject(i) && typeof i.installPath === "string"
    );
    const path = install ? (install as { installPath: string }).installPath : null;
    if (!path || !isAbsolute(path)) continue;
    const at = id.lastIndexOf("@");
    found.push({ name: at > 0 ? id.slice(0, at) : id, marketplace: at > 0 ? id.slice(at + 1) : "", path });
  }
  if (found.length === 0) return [];
  const byMarketplace = new Map<string, string[]>();
  for (const p of found) byMarketplace.set(p.marketplace, [...byMarketplace.get(p.marketplace) ?? [], p.name]);
  return [candidate(
    "PLUGINS",
    `Claude Code plugins from ${file} (${found.map((p) => p.name).join(", ")})`,
    null,
    { plugins: [...byMarketplace].map(([marketplaceName, pluginNames]) => ({ marketplaceName, pluginNames })) },
    async (chosen) => {
      const config = await readJsonObject(target.config);
      const have = new Set(Array.isArray(config?.extraPlugins) ? config.extraPlugins : []);
      const outcomes: Outcome[] = [];
      const edits = [];
      for (const plugin of found.filter((p) => !chosen || chosen.has(p.name))) {
        if (!await exists(plugin.path)) {
          outcomes.push({ ok: false, source: plugin.path, stage: "read", message: `${plugin.path} does not exist` });
          continue;
        }
        if (!have.has(plugin.path)) edits.push({ keyPath: ["extraPlugins"], append: plugin.path });
        outcomes.push({ ok: true, source: plugin.path, target: `${target.config}: extraPlugins` });
      }
      try {
        if (edits.length) await editConfigFile(target.config, edits);
      } catch (error) {
        return [{ ok: false, source: file, stage: "write", message: (error as Error).message }];
      }
      return outcomes;
    },
  )];
}

/** The names an item's `details` selects, or null (everything) when it names none. */
export function chosenNames(item: ExternalAgentConfigMigrationItem): Set<string> | null {
  const d = item.details;
  if (!d) return null;
  const names = [
    ...(d.mcpServers ?? []).map((n) => n.name),
    ...(d.hooks ?? []).map((n) => n.name),
    ...(d.skills ?? []).map((n) => n.name),
    ...(d.plugins ?? []).flatMap((p) => p.pluginNames),
  ];
  return names.length ? new Set(names) : null;
}

/** JSON text with object keys sorted, to compare two values. */
function canonical(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v) => isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

function exists(path: string): Promise<boolean> {
  return Deno.stat(path).then(() => true, () => false);
}

/** Copies a folder (files and subfolders; symlinks are followed). */
async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    const source = join(from, entry.name);
    const dest = join(to, entry.name);
    const info = await Deno.stat(source);
    if (info.isDirectory) await copyDir(source, dest);
    else if (info.isFile) await Deno.copyFile(source, dest);
  }
}
