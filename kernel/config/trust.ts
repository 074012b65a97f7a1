/**
 * @module
 * Project trust. A project's config may start processes (hooks, MCP servers, plugins), so those
 * keys count only when the user has trusted the project: `projects["<abs dir>"].trustLevel` in
 * the user config. `trustProject()` records a decision there, editing the file in place so its
 * comments and layout survive.
 */
import { join } from "../base/path.ts";
import { isPlainObject } from "./_config_text.ts";
import { editConfigFile } from "./config_edit.ts";
import { realPathOr } from "./_config_layers.ts";

/** Project config keys honoured only when the project is trusted. */
export const TRUST_GATED_KEYS: readonly string[] = ["hooks", "mcpServers", "plugins", "extraPlugins"];

/** A recorded trust decision. */
export type TrustLevel = "trusted" | "untrusted";

/** The trust level recorded for `projectDir` in a (user) config value, if any. */
export function trustLevelOf(
  userConfig: Record<string, unknown> | undefined,
  projectDir: string,
): TrustLevel | undefined {
  const projects = userConfig?.projects;
  if (!isPlainObject(projects) || !Object.hasOwn(projects, projectDir)) return undefined;
  const entry = projects[projectDir];
  const level = isPlainObject(entry) ? entry.trustLevel : undefined;
  return level === "trusted" || level === "untrusted" ? level : undefined;
}

/** Options for `trustProject()`. */
export interface TrustProjectOptions {
  /** The Tern home whose `config.jsonc` records the decision. */
  ternHome: string;
  /** @default "trusted" */
  level?: TrustLevel;
}

/**
 * Records `projects.<abs dir>.trustLevel` in `$TERN_HOME/config.jsonc`, creating the file (and
 * the directory) if missing, and keeping the file's comments and layout. Returns the file path.
 *
 * @example
 * ```ts
 * const file = await trustProject("/src/app", { ternHome: defaultTernHome() });
 * ```
 */
export async function trustProject(dir: string, options: TrustProjectOptions): Promise<string> {
  const projectDir = await realPathOr(dir);
  const file = join(options.ternHome, "config.jsonc");
  await editConfigFile(file, [{ keyPath: ["projects", projectDir, "trustLevel"], value: options.level ?? "trusted" }]);
  return file;
}
