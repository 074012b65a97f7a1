/**
 * @module
 * Reads one `SKILL.md`: YAML frontmatter between `---` lines, then Markdown. Checks the fields
 * Tern knows (`name`, `description`, `metadata.short-description`, `metadata.env`, `permissions`)
 * and reports the first problem as a sentence naming the field. Other keys are left alone, so
 * skills written for other agents load too. Simple frontmatter is read by `simple_yaml.ts`; the
 * full YAML parser is imported only for the rest.
 */
import { importOnUse } from "../../kernel/mod.ts";
import { parseSimpleYaml } from "./simple_yaml.ts";

/** An environment variable a skill's scripts need (`metadata.env`). */
export interface EnvDependency {
  name: string;
  description: string | null;
}

/** What the frontmatter of a `SKILL.md` declares. */
export interface SkillFrontmatter {
  name: string;
  description: string;
  shortDescription: string | null;
  env: EnvDependency[];
  /** The raw `permissions` block (or `metadata.permissions`), kept as declared. */
  permissions: Record<string, unknown> | null;
}

/** Longest `name`, as Codex allows. */
export const MAX_NAME_CHARS = 64;
/** Longest `description` and `metadata.short-description`. */
export const MAX_DESCRIPTION_CHARS = 1024;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The frontmatter text and the Markdown body of a `SKILL.md`. Throws `SyntaxError` without frontmatter. */
export function splitFrontmatter(text: string): { frontmatter: string; body: string } {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (lines[0]?.trimEnd() !== "---") {
    throw new SyntaxError("Cannot read the frontmatter: SKILL.md must start with a --- line");
  }
  const end = lines.findIndex((line, i) => i > 0 && line.trimEnd() === "---");
  if (end < 0) throw new SyntaxError("Cannot read the frontmatter: no closing --- line");
  return { frontmatter: lines.slice(1, end).join("\n"), body: lines.slice(end + 1).join("\n") };
}

/**
 * Parses and checks a `SKILL.md`'s frontmatter; `dirName` is the default `name`. Throws
 * `SyntaxError` for unreadable YAML and `TypeError`/`RangeError` naming a bad field.
 *
 * @example
 * ```ts
 * await parseSkillFile("---\ndescription: Writes commit messages\n---\nBody", "commit-message");
 * // { name: "commit-message", description: "Writes commit messages", shortDescription: null, env: [], permissions: null }
 * ```
 */
export async function parseSkillFile(text: string, dirName: string): Promise<SkillFrontmatter> {
  const { frontmatter } = splitFrontmatter(text);
  let raw: unknown = parseSimpleYaml(frontmatter);
  try {
    if (raw === undefined) {
      raw = (await importOnUse<typeof import("@std/yaml")>("@std/yaml", import.meta.url)).parse(frontmatter);
    }
  } catch (error) {
    const first = ((error as Error).message ?? String(error)).split("\n")[0];
    throw new SyntaxError(`Cannot parse the frontmatter as YAML: ${first}`);
  }
  if (raw === null || raw === undefined) raw = {};
  if (!isRecord(raw)) throw new TypeError("Cannot use the frontmatter: it must be a YAML mapping of keys to values");
  const metadata = raw.metadata ?? {};
  if (!isRecord(metadata)) throw new TypeError('Cannot use "metadata": it must be a mapping');

  const name = raw.name === undefined || raw.name === null ? dirName : raw.name;
  if (typeof name !== "string" || name.trim() === "") throw new TypeError('Cannot use "name": it must be a string');
  if (/[\r\n]/.test(name)) throw new TypeError('Cannot use "name": it must fit on one line');
  if ([...name].length > MAX_NAME_CHARS) {
    throw new RangeError(`Cannot use "name": it has ${[...name].length} characters, more than ${MAX_NAME_CHARS}`);
  }
  const description = checkText(raw.description, "description");
  if (description === null) throw new TypeError('Cannot use the skill: "description" is required');
  const shortDescription = checkText(metadata["short-description"], "metadata.short-description");
  const permissions = raw.permissions ?? metadata.permissions ?? null;
  if (permissions !== null && !isRecord(permissions)) {
    throw new TypeError('Cannot use "permissions": it must be a mapping');
  }
  return { name: name.trim(), description, shortDescription, env: checkEnv(metadata.env), permissions };
}

function checkText(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new TypeError(`Cannot use "${field}": it must be a string`);
  const text = value.trim();
  if (text === "") return null;
  const length = [...text].length;
  if (length > MAX_DESCRIPTION_CHARS) {
    throw new RangeError(`Cannot use "${field}": it has ${length} characters, more than ${MAX_DESCRIPTION_CHARS}`);
  }
  return text;
}

function checkEnv(value: unknown): EnvDependency[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new TypeError('Cannot use "metadata.env": it must be a list');
  return value.map((entry, i) => {
    const field = `metadata.env[${i}]`;
    const dep = typeof entry === "string" ? { name: entry } : entry;
    if (!isRecord(dep)) throw new TypeError(`Cannot use "${field}": it must be a name or {name, description}`);
    if (typeof dep.name !== "string" || !ENV_NAME.test(dep.name)) {
      throw new TypeError(`Cannot use "${field}.name": it must be an environment variable name like API_TOKEN`);
    }
    if (dep.description !== undefined && dep.description !== null && typeof dep.description !== "string") {
      throw new TypeError(`Cannot use "${field}.description": it must be a string`);
    }
    return { name: dep.name, description: (dep.description as string | undefined)?.trim() || null };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
