/**
 * @module
 * Plugins that failed to load, and config keys nothing reads, as Codex's `configWarning`
 * notifications (`{summary, details, path}`): the server sends them to each connection right after
 * its `initialize` response, so a client can show what `tern exec` prints on stderr. `path` is the
 * file at fault when Tern knows it (the manifest, or the config value), else the plugin's folder.
 */
import type { LoadedPlugin, NotificationMap, UnknownKey } from "../../kernel/mod.ts";

/** One `configWarning` for each plugin that failed, in list order. */
export function pluginWarnings(plugins: readonly LoadedPlugin[]): NotificationMap["configWarning"][] {
  return plugins.filter((plugin) => plugin.status === "failed").map((plugin) => {
    const where = plugin.errorLocation;
    const at = [where?.line && `line ${where.line}`, where?.key && `key "${where.key}"`].filter(Boolean);
    return {
      summary: plugin.error ?? `Cannot load plugin "${plugin.name}"`,
      details: at.length ? `${where!.file}: ${at.join(", ")}` : `listed in the plugin list as "${plugin.spec}"`,
      path: where?.file ?? plugin.manifest?.source?.file ?? plugin.dir ?? null,
    };
  });
}

/** One `configWarning` for each unknown config key (`path` is null for a `-c` override). */
export function unknownKeyWarnings(keys: readonly UnknownKey[]): NotificationMap["configWarning"][] {
  return keys.map(({ location, message }) => ({
    summary: message,
    details: location.line === undefined ? null : `${location.file}:${location.line}:${location.column ?? 1}`,
    path: location.file.startsWith("-c ") ? null : location.file,
  }));
}
