/**
 * @module
 * Project trust. A project's config may start processes (hooks, MCP servers, plugins), so those
 * keys count only when the user has trusted the project: `projects["<abs dir>"].trustLevel` in
 * the user config. `trustProject()` records a decision there, editing the file in place so its
 * comments and layout survive.
 */
import { join } from "node:path";
import { ConfigError } from "./errors.ts";
import { detectIndent, isPlainObject, parseConfigText } from "./_config_text.ts";
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
  let text = "";
  let mode: number | undefined;
  try {
    text = await Deno.readTextFile(file);
    mode = (await Deno.stat(file)).mode ?? undefined;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      throw new ConfigError({ file }, `Cannot read config: ${(error as Error).message}`, { cause: error });
    }
  }
  // Refuse to edit a file that does not parse: the edit could land anywhere.
  await parseConfigText(text, file);
  const { applyEdits, modify, stripComments } = await import("jsonc-parser");
  if (stripComments(text).trim() === "") text = `${text}${text === "" || text.endsWith("\n") ? "" : "\n"}{}\n`;
  const edits = modify(text, ["projects", projectDir, "trustLevel"], options.level ?? "trusted", {
    formattingOptions: { ...detectIndent(text), eol: "\n" },
  });
  let updated = applyEdits(text, edits);
  if (!updated.endsWith("\n")) updated += "\n";
  await Deno.mkdir(options.ternHome, { recursive: true });
  const temp = `${file}.${Deno.pid}.tmp`;
  // Write beside the file and rename, so a crash never leaves a half-written config.
  await Deno.writeTextFile(temp, updated, mode === undefined ? {} : { mode: mode & 0o777 });
  await Deno.rename(temp, file);
  return file;
}
