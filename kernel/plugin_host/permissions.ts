/**
 * @module
 * A worker plugin's Deno permissions: what its manifest's `permissions` declare (`read`, `write`,
 * `net`, `env`, `run`) plus `read` on the folders its code loads from, nothing else (no `sys`, `ffi`
 * or remote `import`). Relative paths resolve against the plugin's folder; `${workspace}` and
 * `${ternHome}` stand for those folders. `explainDenied()` turns Deno's "run again with the
 * --allow-read flag" into the manifest key that grants it. Also checks that Deno runs with
 * `--unstable-worker-options`, without which a worker with permissions ends the whole process.
 */
import { importOnUse } from "../startup/import_on_use.ts";
import { dirname, isAbsolute, join, resolve } from "../base/path.ts";
import type { PluginManifest } from "./manifest.ts";

/** The folders `${...}` placeholders in permission paths stand for. */
export interface PermissionPlaces {
  /** The plugin's folder: relative paths resolve against it. */
  dir: string;
  workspace: string;
  ternHome: string;
  /**
   * Folders the plugin's modules load from (its folder, its entry's folder): always readable,
   * because the worker imports its entry as a dynamic import, which Deno checks against `read`.
   */
  code?: string[];
}

/** Deno worker permissions from a manifest's `permissions` (absent lists grant nothing). */
export function workerPermissions(
  permissions: PluginManifest["permissions"],
  places: PermissionPlaces,
): Deno.PermissionOptionsObject {
  const path = (value: string) => {
    const expanded = value.replaceAll("${workspace}", places.workspace).replaceAll("${ternHome}", places.ternHome);
    return isAbsolute(expanded) ? expanded : resolve(places.dir, expanded);
  };
  // A command with a slash is a path (relative to the plugin); a bare name is looked up on PATH.
  const command = (value: string) => (value.includes("/") ? path(value) : value);
  const list = (values: string[] | undefined, map: (v: string) => string = (v) => v) =>
    values?.length ? values.map(map) : false;
  const read = [...new Set([...(places.code ?? []), ...(permissions?.read ?? []).map(path)])];
  return {
    read: read.length ? read : false,
    write: list(permissions?.write, path),
    net: list(permissions?.net),
    env: list(permissions?.env),
    run: list(permissions?.run, command),
    ffi: false,
    sys: false,
    import: false,
  };
}

/** The permissions a manifest can grant (`permissions.NAME` in `plugin.jsonc`). */
const GRANTABLE = ["read", "write", "net", "env", "run"];

/**
 * Rewrites Deno's advice in a permission refusal (`Requires read access to "/x", run again with
 * the --allow-read flag`) into how a plugin gets it: the `permissions` key of its manifest, or,
 * for what no manifest grants (`import`, `sys`, `ffi`), that a worker plugin cannot have it.
 * Other text is returned unchanged.
 */
export function explainDenied(message: string, manifestFile: string): string {
  return message.replace(
    /(Requires (\w+) access to [^,\n]*), run again with the --allow-\w+ flag/g,
    (_, refusal: string, kind: string) =>
      GRANTABLE.includes(kind)
        ? `${refusal}: the plugin lacks "${kind}" permission for it; grant it in "permissions": { "${kind}": [...] } of ${manifestFile}`
        : `${refusal}: a worker plugin cannot be granted "${kind}" permission`,
  );
}

let flagCheck: Promise<boolean> | null = null;

/**
 * Whether this Deno process may give a worker its own permissions: `--unstable-worker-options`
 * (or `--unstable`) on its command line, or `"unstable": ["worker-options"]` in its config file.
 * Reads `/proc/self/cmdline`; where that does not exist it trusts the launcher.
 */
export function workerOptionsEnabled(): Promise<boolean> {
  return flagCheck ??= check();
}

async function check(): Promise<boolean> {
  let args: string[];
  try {
    args = (await Deno.readTextFile("/proc/self/cmdline")).split("\0").filter(Boolean);
  } catch {
    return true;
  }
  // Deno's own flags come before the script (`deno run [FLAGS] main.ts [ARGS]`).
  const main = Deno.mainModule.startsWith("file:") ? decodeURIComponent(new URL(Deno.mainModule).pathname) : "";
  const end = args.findIndex((a, i) => i > 0 && (a === main || a === Deno.mainModule || resolve(a) === main));
  const flags = end > 0 ? args.slice(1, end) : args.slice(1);
  if (flags.some((a) => a === "--unstable-worker-options" || a === "--unstable")) return true;
  if (flags.includes("--no-config")) return false;
  const given = flags.findIndex((a) => a === "--config" || a === "-c");
  const inline = flags.find((a) => a.startsWith("--config="));
  const file = inline?.slice("--config=".length) ?? (given >= 0 ? flags[given + 1] : await findConfig(Deno.cwd()));
  return file ? configEnables(resolve(file)) : false;
}

async function findConfig(from: string): Promise<string | undefined> {
  for (let dir = from;; dir = dirname(dir)) {
    for (const name of ["deno.json", "deno.jsonc"]) {
      try {
        await Deno.stat(join(dir, name));
        return join(dir, name);
      } catch {
        // not here
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

async function configEnables(file: string): Promise<boolean> {
  try {
    const { parse } = await importOnUse<typeof import("@std/jsonc")>("@std/jsonc", import.meta.url);
    const config = parse(await Deno.readTextFile(file)) as { unstable?: unknown };
    return Array.isArray(config?.unstable) && config.unstable.includes("worker-options");
  } catch {
    return false;
  }
}
