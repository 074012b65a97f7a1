/**
 * @module
 * Where skills are looked for, for one working directory, highest precedence first:
 * `.tern/skills` then `.agents/skills` in every directory from cwd up to the project root (the
 * first ancestor holding `.git`; cwd alone when there is none), so the nearest directory wins;
 * then the user's `$TERN_HOME/skills` and `~/.agents/skills`; then plugin roots (skill names
 * prefixed `<plugin>:`); then extra roots. Roots are deduplicated by path, the first one kept.
 */
import { dirname, isAbsolute, join, resolve } from "../../kernel/mod.ts";

/** Where a skill came from, as `skills/list` reports it. */
export type SkillScope = "repo" | "user" | "plugin" | "extra";

/** One folder to scan for skills. */
export interface SkillRoot {
  path: string;
  scope: SkillScope;
  /** For plugin roots: the plugin's name, prefixed to its skills' names (`acme:deploy`). */
  plugin?: string;
}

/** What `skillRoots()` needs besides the cwd. */
export interface SkillRootsOptions {
  /** `$TERN_HOME`. */
  ternHome: string;
  /** The user's home directory (for `~/.agents/skills` and `~/` in extra roots); null when unknown. */
  home: string | null;
  /** Config `skills.extraRoots`: paths, each optionally prefixed `<plugin>:` to make it a plugin root. */
  extraRoots?: readonly string[];
  /** Skill folders other plugins contribute (their manifests' `contributes.skills`), read at each discovery. */
  pluginRoots?: () => readonly { plugin: string; path: string }[];
}

const PLUGIN_PREFIX = /^([a-z0-9][a-z0-9-]*):(.+)$/;

/** The directory whose ancestors end the repo search: the first one holding `.git`, else `cwd`. */
export async function projectRoot(cwd: string): Promise<string> {
  for (let dir = cwd;; dir = dirname(dir)) {
    if (await exists(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return cwd;
  }
}

/**
 * The skill roots for `cwd`, highest precedence first. Roots need not exist.
 *
 * @example
 * ```ts
 * await skillRoots("/repo/pkg", { ternHome: "/home/me/.tern", home: "/home/me" });
 * // [/repo/pkg/.tern/skills, /repo/pkg/.agents/skills, /repo/.tern/skills, /repo/.agents/skills,
 * //  /home/me/.tern/skills, /home/me/.agents/skills]
 * ```
 */
export async function skillRoots(cwd: string, options: SkillRootsOptions): Promise<SkillRoot[]> {
  const roots: SkillRoot[] = [];
  const top = await projectRoot(cwd);
  for (let dir = cwd;; dir = dirname(dir)) {
    roots.push({ path: join(dir, ".tern", "skills"), scope: "repo" });
    roots.push({ path: join(dir, ".agents", "skills"), scope: "repo" });
    if (dir === top || dirname(dir) === dir) break;
  }
  roots.push({ path: join(options.ternHome, "skills"), scope: "user" });
  if (options.home) roots.push({ path: join(options.home, ".agents", "skills"), scope: "user" });
  const extra = (options.extraRoots ?? []).map((entry) => parseExtraRoot(entry, cwd, options.home));
  const contributed = (options.pluginRoots?.() ?? []).map((r): SkillRoot => ({ ...r, scope: "plugin" }));
  roots.push(...contributed, ...extra.filter((r) => r.scope === "plugin"), ...extra.filter((r) => r.scope === "extra"));
  const seen = new Set<string>();
  return roots.filter((root) => !seen.has(root.path) && seen.add(root.path));
}

/**
 * Reads one `skills.extraRoots` entry: `~/x` is under the home directory, a relative path is
 * taken from `cwd`, and a `<plugin>:` prefix makes it a plugin root.
 */
export function parseExtraRoot(entry: string, cwd: string, home: string | null): SkillRoot {
  const match = entry.match(PLUGIN_PREFIX);
  const raw = match ? match[2] : entry;
  let path = raw;
  if ((raw === "~" || raw.startsWith("~/")) && home) path = join(home, raw.slice(1));
  else if (!isAbsolute(raw)) path = resolve(cwd, raw);
  path = resolve(path);
  return match ? { path, scope: "plugin", plugin: match[1] } : { path, scope: "extra" };
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}
