/**
 * @module
 * The skills that apply in one working directory: every root scanned (`scan.ts`), every
 * `SKILL.md` parsed (`skill_file.ts`), and on a name clash the skill from the higher-precedence
 * root kept (roots come nearest first, see `roots.ts`). A broken skill becomes an entry in
 * `errors` with its path and reason; it never stops the others. Config `skills.disabled` marks
 * skills off by name or path; they are still listed, with `enabled: false`.
 */
import { basename, dirname, isAbsolute, join, resolve } from "../../kernel/mod.ts";
import { yieldToEventLoop } from "./_yield.ts";
import { type SkillRoot, skillRoots, type SkillRootsOptions, type SkillScope } from "./roots.ts";
import { DEFAULT_MAX_DIRS, type ScanLimits, scanRoot } from "./scan.ts";
import { type EnvDependency, parseSkillFile } from "./skill_file.ts";

/** One skill, as discovered. */
export interface Skill {
  /** The name mentions use (`$name`); plugin skills are `<plugin>:<name>`. */
  name: string;
  description: string;
  shortDescription: string | null;
  /** Absolute path of its `SKILL.md`. */
  path: string;
  /** The skill's folder. */
  dir: string;
  /** The folder's real path (differs from `dir` behind a symlink). */
  realDir: string;
  scope: SkillScope;
  env: EnvDependency[];
  permissions: Record<string, unknown> | null;
  enabled: boolean;
}

/** A skill that could not be loaded, or a root that could not be fully searched. */
export interface SkillError {
  path: string;
  message: string;
}

/** Everything found for one cwd. */
export interface Catalog {
  cwd: string;
  /** Skills in precedence order: repo, user, plugin, extra; within a scope, by name. */
  skills: Skill[];
  errors: SkillError[];
  /** The roots that were searched, highest precedence first. */
  roots: SkillRoot[];
  /** Real paths of symlinked folders the scans followed. */
  linkedDirs: string[];
}

/** Options for `loadCatalog()`. */
export interface CatalogOptions extends SkillRootsOptions, ScanLimits {
  /** Config `skills.disabled`: names, or paths of a skill folder or its `SKILL.md`. */
  disabled?: readonly string[];
  /** Notes for diagnostics (a skill hidden by a same-named one, ...). */
  log?: (message: string) => void;
}

const SCOPE_ORDER: Record<SkillScope, number> = { repo: 0, user: 1, plugin: 2, extra: 3 };

/**
 * Finds, parses and ranks the skills that apply in `cwd`.
 *
 * @example
 * ```ts
 * const { skills, errors } = await loadCatalog("/repo", { ternHome: "/home/me/.tern", home: "/home/me" });
 * ```
 */
export async function loadCatalog(cwd: string, options: CatalogOptions): Promise<Catalog> {
  const roots = await skillRoots(cwd, options);
  const scans = await Promise.all(roots.map((root) => scanRoot(root.path, options)));
  const errors: SkillError[] = [];
  const found: { root: SkillRoot; dir: string; realDir: string }[] = [];
  const seenReal = new Set<string>();
  scans.forEach((scan, i) => {
    if (scan.truncated) {
      errors.push({
        path: roots[i].path,
        message: `Stopped searching for skills after ${
          options.maxDirs ?? DEFAULT_MAX_DIRS
        } directories (skills.maxDirsPerRoot)`,
      });
    }
    for (const skill of scan.skills) {
      if (seenReal.has(skill.realDir)) continue;
      seenReal.add(skill.realDir);
      found.push({ root: roots[i], ...skill });
    }
  });
  const parsed: (Skill | SkillError)[] = [];
  for (const [i, f] of found.entries()) {
    // Synchronous reads are twice as fast as async ones here; yield now and then for fairness.
    if (i > 0 && i % 128 === 0) await yieldToEventLoop();
    parsed.push(await readSkill(f.root, f.dir, { realDir: f.realDir, read: Deno.readTextFileSync }));
  }
  const byName = new Map<string, Skill>();
  for (const entry of parsed) {
    if ("message" in entry) {
      errors.push(entry);
      continue;
    }
    const winner = byName.get(entry.name);
    if (winner) {
      options.log?.(`skill "${entry.name}" at ${entry.path} is hidden by the one at ${winner.path}`);
      continue;
    }
    byName.set(entry.name, entry);
  }
  const disabled = disabledMatcher(options.disabled ?? [], cwd, options.home);
  const skills = [...byName.values()]
    .map((skill) => ({ ...skill, enabled: !disabled(skill) }))
    .sort((a, b) => SCOPE_ORDER[a.scope] - SCOPE_ORDER[b.scope] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { cwd, skills, errors, roots, linkedDirs: scans.flatMap((s) => s.linkedDirs) };
}

/** Options for `readSkill()`. */
export interface ReadSkillOptions {
  /** The folder's real path. @default dir */
  realDir?: string;
  /** Reads the file's text. @default Deno.readTextFile */
  read?: (path: string) => string | Promise<string>;
}

/** Reads one skill folder; a problem comes back as a `SkillError`. */
export async function readSkill(
  root: SkillRoot,
  dir: string,
  options: ReadSkillOptions = {},
): Promise<Skill | SkillError> {
  const path = join(dir, "SKILL.md");
  const realDir = options.realDir ?? dir;
  let text: string;
  try {
    text = await (options.read ?? Deno.readTextFile)(path);
  } catch (error) {
    return { path, message: `Cannot read SKILL.md: ${(error as Error).message}` };
  }
  try {
    const meta = await parseSkillFile(text, basename(dir));
    const name = root.plugin ? `${root.plugin}:${meta.name}` : meta.name;
    return {
      name,
      description: meta.description,
      shortDescription: meta.shortDescription,
      path,
      dir,
      realDir,
      scope: root.scope,
      env: meta.env,
      permissions: meta.permissions,
      enabled: true,
    };
  } catch (error) {
    return { path, message: (error as Error).message ?? String(error) };
  }
}

/** Matches `skills.disabled` entries: a name, or a path (absolute, `~/`, or relative to cwd). */
function disabledMatcher(entries: readonly string[], cwd: string, home: string | null): (skill: Skill) => boolean {
  const names = new Set<string>();
  const dirs = new Set<string>();
  for (const entry of entries) {
    if (!entry.includes("/")) {
      names.add(entry);
      continue;
    }
    let path = entry;
    if (entry.startsWith("~/") && home) path = join(home, entry.slice(2));
    else if (!isAbsolute(entry)) path = resolve(cwd, entry);
    path = resolve(path);
    dirs.add(basename(path) === "SKILL.md" ? dirname(path) : path);
  }
  return (skill) => names.has(skill.name) || dirs.has(skill.dir) || dirs.has(skill.realDir);
}
