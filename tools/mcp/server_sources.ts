/**
 * @module
 * Where a run's MCP servers come from: the config's `mcpServers`, then the servers loaded plugins
 * contribute (`contributes.mcpServers` in `plugin.jsonc`, each entry shaped like a config entry).
 * The config wins a name clash, then the first plugin in load order. A plugin entry's relative
 * `command` (one with a `/`, like `./bin/server`) and `cwd` resolve against the plugin's folder.
 */
import { isAbsolute, resolve } from "../../kernel/mod.ts";
import type { PluginSummary } from "../../kernel/mod.ts";
import { type ParsedServer, parseServers } from "./server_config.ts";

/** One plugin's contributed servers, their paths resolved against its folder. */
export interface PluginServers {
  plugin: string;
  servers: Record<string, unknown>;
}

/** The loaded plugins that contribute MCP servers, in load order. */
export function pluginServers(plugins: readonly PluginSummary[]): PluginServers[] {
  return plugins.flatMap((p) => {
    const raw = p.status === "loaded" ? p.contributes?.mcpServers ?? {} : {};
    if (Object.keys(raw).length === 0) return [];
    const servers = Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, resolvePaths(value, p.dir)]));
    return [{ plugin: p.name, servers }];
  });
}

/** What `collectServers()` found. */
export interface CollectedServers {
  /** The config's servers first, then the plugins'. */
  servers: ParsedServer[];
  /** How many of `servers` come from the config. */
  fromConfig: number;
  /** A sentence per plugin server left out because an earlier source has its name. */
  shadowed: string[];
}

/**
 * The servers to run: the config's (validated one by one; an invalid one comes back as failed),
 * then each plugin's that no earlier source named.
 */
export function collectServers(configServers: unknown, plugins: readonly PluginServers[]): CollectedServers {
  const servers = parseServers(configServers);
  const fromConfig = servers.length;
  const owner = new Map<string, string>(servers.map((s) => [s.name, "the config"]));
  const shadowed: string[] = [];
  for (const { plugin, servers: raw } of plugins) {
    for (const parsed of parseServers(raw)) {
      const taken = owner.get(parsed.name);
      if (taken) {
        shadowed.push(`MCP server "${parsed.name}" of plugin "${plugin}" is not started: ${taken} declares one`);
        continue;
      }
      owner.set(parsed.name, `plugin "${plugin}"`);
      servers.push(parsed.error === null ? parsed : { ...parsed, error: `${parsed.error} (from plugin "${plugin}")` });
    }
  }
  return { servers, fromConfig, shadowed };
}

/** The entry with its relative `command` path and `cwd` resolved against `dir`. */
function resolvePaths(value: unknown, dir: string | null): unknown {
  if (!dir || !value || typeof value !== "object" || Array.isArray(value)) return value;
  const entry = { ...(value as Record<string, unknown>) };
  const { command, cwd } = entry;
  if (typeof command === "string" && command.includes("/") && !isAbsolute(command)) {
    entry.command = resolve(dir, command);
  }
  if (typeof cwd === "string" && !isAbsolute(cwd)) entry.cwd = resolve(dir, cwd);
  return entry;
}
