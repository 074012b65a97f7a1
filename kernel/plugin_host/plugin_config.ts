/**
 * @module
 * `api.config`: the merged config a plugin reads (the kernel's keys, every other section as raw
 * JSON), plus a non-enumerable `section(name, schema)` that parses one section with the plugin's
 * zod schema and throws a `ConfigError` naming the file, line and key of a bad value, as every
 * other config error does.
 */
import type { z } from "zod";
import type { KernelConfig } from "../config/config_schema.ts";
import type { LoadedConfig } from "../config/config.ts";

/** The merged config, plus `section()` for typed plugin sections. */
export type PluginConfig = KernelConfig & {
  /**
   * Parses config section `name` (say, `"acme-jira"`, from any layer: user, project, `-c`) with
   * `schema`, and resolves to its typed value with defaults applied. A bad value rejects with a
   * `ConfigError` naming the file, line and key.
   *
   * @example
   * ```ts
   * const jira = await api.config.section("acme-jira", z.object({ url: z.string().url() }));
   * ```
   */
  section<S extends z.ZodType>(name: string, schema: S): Promise<z.output<S>>;
  /**
   * Reads the config files again (with the run's `-c` overrides and profile) and resolves to the
   * merged config as it is now, say to restart what a plugin started from it. Rejects with a
   * `ConfigError` naming the file and line when a layer no longer parses. `api.config` itself
   * keeps the values the run started with.
   */
  reread(): Promise<KernelConfig>;
};

/** The `api.config` of one plugin: a copy of `config` with `section()` bound to `loaded`. */
export function pluginConfig(config: KernelConfig, loaded: Pick<LoadedConfig, "section" | "reread">): PluginConfig {
  const copy = { ...config };
  Object.defineProperties(copy, {
    section: {
      value: <S extends z.ZodType>(name: string, schema: S) => loaded.section(name, schema),
      enumerable: false,
    },
    reread: { value: async () => (await loaded.reread()).config, enumerable: false },
  });
  return copy as PluginConfig;
}
