/**
 * @module
 * The layered config loader. Layers, lowest first: built-in defaults < user
 * `$TERN_HOME/config.jsonc` < project `.tern/config.jsonc` < profile < each
 * `-c key=value`. Objects deep-merge; arrays and scalars replace. Every layer is validated on its
 * own, so an error names the file, line and key it came from. The project is the nearest folder
 * above cwd whose `.tern/` holds config, hooks or skills (`findProjectDir`). A project's process-starting keys
 * count only if the user trusts the project (see `trust.ts`).
 */
import { join, resolve } from "../base/path.ts";
import type { z } from "zod";
import { KernelConfig } from "./config_schema.ts";
import { ConfigError, type ConfigLocation } from "../base/errors.ts";
import { parseOverride } from "./config_override.ts";
import { TRUST_GATED_KEYS, trustLevelOf, trustProject } from "./trust.ts";
import { formatKeyPath, type KeyPath } from "./_config_text.ts";
import { findUnknownKeys, type UnknownKey } from "./_config_unknown_keys.ts";
import {
  deepMerge,
  findProjectDir,
  hasPath,
  issueMessage,
  issuePath,
  locationIn,
  nest,
  readConfigFile,
  realPathOr,
  validateLayer,
} from "./_config_layers.ts";

export { MAP_LIKE_KEYS, parseOverride } from "./config_override.ts";
/** Validates one layer's value with a schema; throws `ConfigError` at the first issue, an unknown key with its nearest known one. */
export { validateLayer as validateConfigLayer } from "./_config_layers.ts";
export { trustProject, type TrustProjectOptions } from "./trust.ts";
export type { UnknownKey } from "./_config_unknown_keys.ts";

/** One layer of the config, as read (before defaults are applied). */
export interface ConfigLayer {
  kind: "default" | "user" | "project" | "profile" | "cli";
  /** The file path, `-c key=value`, `profile "name"`, or `built-in defaults`. */
  source: string;
  value: Record<string, unknown>;
}

/** The result of `loadConfig()`. */
export interface LoadedConfig {
  /** Merged and validated. */
  config: KernelConfig;
  /** The layers that were found, lowest precedence first. */
  layers: ConfigLayer[];
  /** Problems worth telling the user that did not stop loading (e.g. keys skipped for trust). */
  warnings: string[];
  /** With `keepGoing`: the layers left out because they are invalid, one error each (else empty). */
  problems: ConfigError[];
  /** Dir holding the project `.tern/` (with config, hooks or skills; null if none). */
  projectDir: string | null;
  /** Whether the project is trusted (false when there is no project). */
  trusted: boolean;
  /** Where the winning value of a key path was set (file, line, col, key). */
  locate(keyPath: (string | number)[]): Promise<ConfigLocation>;
  /** The keys `checkUnknownKeys()` found that nothing reads (empty until it runs). */
  unknownKeys: UnknownKey[];
  /**
   * Finds the top-level keys of the user, project and `-c` layers that are neither the kernel's
   * nor in `sections` (the loaded plugins' section names) nor a section a plugin has read, each
   * with its place and the closest known key; adds each to `warnings` and `unknownKeys` and
   * resolves to the new ones. Imports nothing when every key is known.
   */
  checkUnknownKeys(sections: Iterable<string>): Promise<UnknownKey[]>;
  /** Validates config[name] (a plugin section) with a zod schema; throws ConfigError naming file/line/key on failure. */
  section<S extends z.ZodType>(name: string, schema: S): Promise<z.infer<S>>;
  /**
   * Reads every layer from disk again with the same options (`-c` overrides, profile, cwd) and
   * returns the result; this one does not change. Never asks about trust.
   */
  reread(): Promise<LoadedConfig>;
}

/** Options for `loadConfig()`. */
export interface LoadConfigOptions {
  /** Where the project config search starts. */
  cwd: string;
  /** The user's Tern home (see `defaultTernHome()`). */
  ternHome: string;
  /** `-c key=value` overrides, in command-line order (later wins). */
  overrides?: string[];
  /** `--profile`: wins over the config's `profile` key. */
  profile?: string;
  /** Asked (once) whether to trust an untrusted project whose config has process-starting keys. */
  askTrust?: (projectDir: string) => Promise<boolean>;
  /**
   * Leave out a layer that does not parse or validate instead of throwing: its error goes to
   * `problems` and loading goes on with the other layers (`tern doctor` reports them all).
   * @default false
   */
  keepGoing?: boolean;
}

/** A layer plus what `locate()` needs: the file text, or (for the profile) the profile's name. */
interface Layer extends ConfigLayer {
  text?: string;
  profileName?: string;
}

const DEFAULTS_SOURCE = "built-in defaults";

/** `$TERN_HOME`, or `~/.tern` when it is unset. */
export function defaultTernHome(): string {
  const fromEnv = Deno.env.get("TERN_HOME");
  if (fromEnv) return resolve(fromEnv);
  const home = Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE");
  if (!home) throw new Error("Cannot find the Tern home: neither TERN_HOME nor HOME is set");
  return join(home, ".tern");
}

/**
 * Loads, validates and merges every config layer.
 *
 * @example
 * ```ts
 * const { config, warnings } = await loadConfig({
 *   cwd: Deno.cwd(),
 *   ternHome: defaultTernHome(),
 *   overrides: ['approval_policy="never"'],
 * });
 * ```
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const ternHome = await realPathOr(options.ternHome);
  const cwd = await realPathOr(options.cwd);
  const userFile = join(ternHome, "config.jsonc");
  const warnings: string[] = [];
  const problems: ConfigError[] = [];
  const layers: Layer[] = [{ kind: "default", source: DEFAULTS_SOURCE, value: KernelConfig.parse({}) }];
  /** Runs one layer's step; with `keepGoing`, a `ConfigError` is recorded and `fallback` returned. */
  const attempt = async <T>(step: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await step();
    } catch (error) {
      if (!options.keepGoing || !(error instanceof ConfigError)) throw error;
      problems.push(error);
      return fallback;
    }
  };
  const readUser = () =>
    attempt(async () => {
      const read = await readConfigFile(userFile);
      if (read) await validateLayer(KernelConfig, read.value, { file: userFile, text: read.text });
      return read;
    }, null);

  let user = await readUser();

  const projectDir = await findProjectDir(cwd, ternHome);
  const projectFile = projectDir ? join(projectDir, ".tern", "config.jsonc") : null;
  let trusted = projectDir !== null && trustLevelOf(user?.value, projectDir) === "trusted";
  let projectLayer: Layer | null = null;
  if (projectFile && projectDir) {
    const project = await attempt(
      () => loadProjectLayer(projectFile, projectDir, { ternHome, userFile, trusted, askTrust: options.askTrust }),
      { layer: null, trusted, askedTrust: false, warnings: [] },
    );
    if (project.askedTrust) {
      // The answer was just recorded in the user config: read it again so `config.projects` shows it.
      user = await readUser();
    }
    trusted = project.trusted;
    projectLayer = project.layer;
    warnings.push(...project.warnings);
  }
  if (user) layers.push({ kind: "user", source: userFile, value: user.value, text: user.text });
  if (projectLayer) layers.push(projectLayer);

  const cliLayers: Layer[] = [];
  for (const text of options.overrides ?? []) {
    const source = `-c ${text}`;
    const layer = await attempt(async (): Promise<Layer> => {
      const { keyPath, value } = await parseOverride(text);
      const layerValue = nest(keyPath, value);
      await validateLayer(KernelConfig, layerValue, { file: source });
      return { kind: "cli", source, value: layerValue };
    }, null);
    if (layer) cliLayers.push(layer);
  }

  const profile = await attempt(() => profileLayer([...layers, ...cliLayers], options.profile), null);
  if (profile) layers.push(profile);
  layers.push(...cliLayers);

  const locate = (keyPath: KeyPath) => locateIn(layers, keyPath, userFile);
  const merged = layers.reduce<Record<string, unknown>>((acc, layer) => deepMerge(acc, layer.value), {});
  const result = KernelConfig.safeParse(merged);
  let config: KernelConfig;
  if (result.success) config = result.data;
  else {
    const first = result.error.issues[0];
    const message = await issueMessage(KernelConfig, result.error);
    const error = new ConfigError(await locate(first ? issuePath(first) : []), message, {
      cause: result.error,
    });
    if (!options.keepGoing) throw error;
    problems.push(error);
    config = KernelConfig.parse({});
  }
  const sectionsRead = new Set<string>();
  const unknownKeys: UnknownKey[] = [];
  return {
    config,
    layers: layers.map(({ kind, source, value }) => ({ kind, source, value })),
    warnings,
    problems,
    unknownKeys,
    async checkUnknownKeys(sections) {
      const known = new Set([...Object.keys(KernelConfig.shape), ...sectionsRead, ...sections]);
      const checked = layers.filter((l) => l.kind === "user" || l.kind === "project" || l.kind === "cli");
      const found = await findUnknownKeys(
        checked.map((l) => ({ file: l.source, text: l.text, value: l.value })),
        known,
      );
      unknownKeys.push(...found);
      warnings.push(...found.map((u) => u.message));
      return found;
    },
    projectDir,
    trusted,
    locate,
    reread: () => loadConfig({ ...options, askTrust: undefined }),
    async section<S extends z.ZodType>(name: string, schema: S): Promise<z.infer<S>> {
      sectionsRead.add(name);
      const parsed = await schema.safeParseAsync((config as Record<string, unknown>)[name]);
      if (parsed.success) return parsed.data;
      const first = parsed.error.issues[0];
      const message = await issueMessage(schema, parsed.error);
      throw new ConfigError(await locate([name, ...(first ? issuePath(first) : [])]), message, {
        cause: parsed.error,
      });
    },
  };
}

/**
 * Reads the project layer and applies trust: process-starting keys stay only if the project is
 * trusted (asking `askTrust` once when it is not), and `projects` is always dropped because
 * trust decisions live in the user config alone. Each drop is reported as a warning.
 */
async function loadProjectLayer(
  file: string,
  projectDir: string,
  options: { ternHome: string; userFile: string; trusted: boolean; askTrust?: (dir: string) => Promise<boolean> },
): Promise<{ layer: Layer | null; trusted: boolean; askedTrust: boolean; warnings: string[] }> {
  let trusted = options.trusted;
  const project = await readConfigFile(file);
  if (!project) return { layer: null, trusted, askedTrust: false, warnings: [] };
  const warnings: string[] = [];
  const origin = { file, text: project.text };
  const { projects: _ignored, ...rest } = project.value;
  if (Object.hasOwn(project.value, "projects")) {
    warnings.push(
      `Ignored "projects" in ${file}: trust decisions are read only from the user config (${options.userFile})`,
    );
  }
  const gated = TRUST_GATED_KEYS.filter((key) => Object.hasOwn(rest, key));
  const ungated = withoutKeys(rest, gated);
  // Check the rest first, so that nobody is asked about a project whose config is broken anyway.
  await validateLayer(KernelConfig, ungated, origin);
  const ask = trusted || gated.length === 0 ? undefined : options.askTrust;
  if (ask) {
    trusted = await ask(projectDir);
    await trustProject(projectDir, { ternHome: options.ternHome, level: trusted ? "trusted" : "untrusted" });
  }
  if (trusted) await validateLayer(KernelConfig, rest, origin);
  else if (gated.length > 0) {
    const names = gated.map((key) => `"${key}"`).join(", ");
    warnings.push(
      `Skipped ${names} from ${file}: the project ${projectDir} is not trusted (run "tern trust ${projectDir}")`,
    );
  }
  const value = trusted ? rest : ungated;
  const layer: Layer = { kind: "project", source: file, value, text: project.text };
  return { layer, trusted, askedTrust: ask !== undefined, warnings };
}

/** A copy of `value` without `keys`. */
function withoutKeys(value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  if (keys.length === 0) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

/**
 * The profile layer: `profiles.<name>` from every other layer merged, where the name comes from
 * `--profile` or else the merged `profile` key. `null` when no profile is selected.
 */
async function profileLayer(layers: Layer[], fromFlag: string | undefined): Promise<Layer | null> {
  const merged = layers.reduce<Record<string, unknown>>((acc, layer) => deepMerge(acc, layer.value), {});
  const name = fromFlag ?? (typeof merged.profile === "string" ? merged.profile : undefined);
  if (name === undefined) return null;
  const profiles = merged.profiles as Record<string, Record<string, unknown>> | undefined;
  if (!profiles || !Object.hasOwn(profiles, name)) {
    const where = fromFlag !== undefined ? { file: `--profile ${fromFlag}` } : await locateIn(layers, ["profile"], "");
    throw new ConfigError(where, `Cannot select profile "${name}": no "profiles.${name}" in any config layer`);
  }
  const value = fromFlag !== undefined ? { ...profiles[name], profile: name } : profiles[name];
  return {
    kind: "profile",
    source: fromFlag !== undefined ? `--profile ${name}` : `profile "${name}"`,
    value,
    profileName: name,
  };
}

/**
 * Where the winning value of `keyPath` was set: the highest layer holding it. When no layer
 * holds the full path, the nearest set parent is reported (a missing key belongs to its object);
 * when nothing is set at all, the user config file is the place to add it.
 */
async function locateIn(layers: Layer[], keyPath: KeyPath, userFile: string): Promise<ConfigLocation> {
  for (let n = keyPath.length; n >= 1; n--) {
    const found = await locateExact(layers, keyPath.slice(0, n), { includeDefaults: n === keyPath.length });
    // The full path keeps the key as found (in a profile: `profiles.<name>.<key>`).
    if (found) return n === keyPath.length ? found : { ...found, key: formatKeyPath(keyPath) };
  }
  return { file: userFile, key: keyPath.length > 0 ? formatKeyPath(keyPath) : undefined };
}

async function locateExact(
  layers: Layer[],
  path: KeyPath,
  options: { includeDefaults: boolean },
): Promise<ConfigLocation | undefined> {
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    if (layer.kind === "default" && !options.includeDefaults) continue;
    if (!hasPath(layer.value, path)) continue;
    if (layer.kind === "profile" && layer.profileName !== undefined) {
      const others = layers.filter((other) => other !== layer);
      const inner = await locateExact(others, ["profiles", layer.profileName, ...path], options);
      return inner ?? { file: layer.source, key: formatKeyPath(path) };
    }
    return await locationIn({ file: layer.source, text: layer.text }, path);
  }
  return undefined;
}
