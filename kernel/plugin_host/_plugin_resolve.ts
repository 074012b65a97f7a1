/**
 * @module
 * Resolves one entry of the plugin list (private to the plugin host): `builtin:NAME`, a folder or
 * `plugin.jsonc` path, or `npm:SPEC`, to its folder, validated manifest and entry URL. A folder
 * without `plugin.jsonc` may hold a Claude Code or Codex manifest (`compat_manifest.ts`). A
 * manifest the host already holds (`preloadedManifests`: a start-up bundle's built-ins, validated
 * when the bundle was built) is used as it is, without reading the folder again.
 */
import { dirname, isAbsolute, join, resolve, toFileUrl } from "../base/path.ts";
import { PluginError } from "../base/errors.ts";
import { type PluginManifest, readManifest } from "./manifest.ts";
import { readPluginManifest } from "../lib/compat_manifest.ts";

/** What resolving needs from the host. */
export interface ResolveContext {
  builtins: Record<string, string>;
  baseDir: string;
  preloadedManifests?: ReadonlyMap<string, PluginManifest>;
  preloaded?: ReadonlyMap<string, unknown>;
}

/** A resolved plugin: `manifest` and `dir` are null for `npm:` / `jsr:` / `https:` specs. */
export interface ResolvedPlugin {
  manifest: PluginManifest | null;
  dir: string | null;
  entryUrl: string | null;
}

/** Resolves `spec`; throws `PluginError` or `ConfigError` naming what is wrong. */
export async function resolvePlugin(spec: string, host: ResolveContext): Promise<ResolvedPlugin> {
  if (spec.startsWith("npm:") || spec.startsWith("jsr:") || spec.startsWith("https:")) {
    return { manifest: null, dir: null, entryUrl: spec };
  }
  let dir: string;
  if (spec.startsWith("builtin:")) {
    const name = spec.slice("builtin:".length);
    const found = host.builtins[name];
    if (!found) {
      throw new PluginError(
        name,
        `no built-in plugin is named "${name}" (built-ins: ${Object.keys(host.builtins).join(", ")})`,
      );
    }
    dir = found;
  } else {
    dir = isAbsolute(spec) ? spec : resolve(host.baseDir, spec);
  }
  const manifestPath = spec.endsWith(".jsonc") ? dir : join(dir, "plugin.jsonc");
  const root = dirname(manifestPath);
  const known = spec.endsWith(".jsonc") ? undefined : host.preloadedManifests?.get(dir);
  const manifest = known ??
    (spec.endsWith(".jsonc") ? await readManifest(manifestPath) : await readPluginManifest(dir));
  if (manifest.entry === null) return { manifest, dir: root, entryUrl: null };
  const entryPath = resolve(root, manifest.entry);
  const entryUrl = toFileUrl(entryPath).href;
  if (!host.preloaded?.has(entryUrl)) {
    try {
      await Deno.stat(entryPath);
    } catch {
      throw new PluginError(manifest.name, `entry "${manifest.entry}" not found`);
    }
  }
  return { manifest, dir: root, entryUrl };
}
