/**
 * @module
 * Building blocks of the config loader: reading one JSONC layer from disk, validating it with a
 * zod schema (turning the first issue into a `ConfigError` that names file, line and key), deep
 * merging layers, and finding the project's `.tern/config.jsonc` above a directory.
 */
import { dirname, join, resolve } from "../base/path.ts";
import type { z } from "zod";
import { ConfigError, type ConfigLocation } from "../base/errors.ts";
import { closestKey, keysAt } from "./_closest_key.ts";
import { formatKeyPath, isPlainObject, type KeyPath, parseConfigText, positionOfKey } from "./_config_text.ts";

/** A layer read from a file: its raw text (for locating keys later) and its parsed value. */
export interface FileLayer {
  text: string;
  value: Record<string, unknown>;
}

/** Reads and parses a JSONC config file; `null` if the file does not exist. */
export async function readConfigFile(file: string): Promise<FileLayer | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw new ConfigError({ file }, `Cannot read config: ${(error as Error).message}`, { cause: error });
  }
  return { text, value: await parseConfigText(text, file) };
}

/** Where a value being validated came from: a file (with its text) or a pseudo-file such as `-c k=v`. */
export interface ValueOrigin {
  file: string;
  text?: string;
}

/** The key path a zod issue points at; for unknown keys, the (first) unknown key itself. */
export function issuePath(issue: z.core.$ZodIssue): (string | number)[] {
  const path = issue.path.map((segment) => typeof segment === "number" ? segment : String(segment));
  if (issue.code === "unrecognized_keys" && issue.keys.length > 0) path.push(issue.keys[0]);
  return path;
}

/**
 * The message for a failed validation of `schema`: the first issue, and how many more there are.
 * An unknown key in a strict object is told the closest key the object knows:
 * `Unrecognized key: "baseURL"; did you mean "baseUrl"?`.
 */
export async function issueMessage(schema: z.ZodType, error: z.ZodError): Promise<string> {
  const [first, ...rest] = error.issues;
  const more = rest.length === 0 ? "" : ` (and ${rest.length} more ${rest.length === 1 ? "problem" : "problems"})`;
  let hint = "";
  if (first?.code === "unrecognized_keys" && first.keys.length > 0) {
    const suggestion = await closestKey(first.keys[0], keysAt(schema, first.path));
    if (suggestion !== undefined) hint = `; did you mean "${suggestion}"?`;
  }
  return `${first?.message ?? "Invalid value"}${hint}${more}`;
}

/** Where a key path sits in an origin: line and column when the origin has text. */
export async function locationIn(origin: ValueOrigin, path: KeyPath): Promise<ConfigLocation> {
  const key = path.length > 0 ? formatKeyPath(path) : undefined;
  if (origin.text === undefined) return { file: origin.file, key };
  for (let n = path.length; n >= 0; n--) {
    const position = await positionOfKey(origin.text, path.slice(0, n));
    if (position) return { file: origin.file, ...position, key };
  }
  return { file: origin.file, key };
}

/**
 * Validates `value` with `schema`; on failure throws a `ConfigError` at the first issue's
 * location in `origin`.
 */
export async function validateLayer(schema: z.ZodType, value: unknown, origin: ValueOrigin): Promise<void> {
  const result = schema.safeParse(value);
  if (result.success) return;
  const first = result.error.issues[0];
  const location = await locationIn(origin, first ? issuePath(first) : []);
  throw new ConfigError(location, await issueMessage(schema, result.error), { cause: result.error });
}

/** Deep-merges `over` onto `base`: objects merge key by key; arrays and scalars replace. */
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    const merged = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
    // defineProperty, so that a key named "__proto__" stays data and never becomes a prototype.
    Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Whether `value` has an own entry at `path`. */
export function hasPath(value: unknown, path: KeyPath): boolean {
  let current = value;
  for (const segment of path) {
    if (typeof current !== "object" || current === null) return false;
    if (!Object.hasOwn(current, segment)) return false;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return true;
}

/** Builds `{ a: { b: value } }` from `["a", "b"]` and `value`. */
export function nest(path: readonly string[], value: unknown): Record<string, unknown> {
  let out: unknown = value;
  for (let i = path.length - 1; i >= 0; i--) {
    const wrapper: Record<string, unknown> = {};
    Object.defineProperty(wrapper, path[i], { value: out, enumerable: true, writable: true, configurable: true });
    out = wrapper;
  }
  return out as Record<string, unknown>;
}

/** `Deno.realPath`, or the resolved path when the path does not exist or cannot be resolved. */
export async function realPathOr(path: string): Promise<string> {
  try {
    return await Deno.realPath(path);
  } catch {
    return resolve(path);
  }
}

/** What makes a folder's `.tern/` a project's: any of Tern's project files. */
export const PROJECT_MARKERS: readonly string[] = ["config.jsonc", "hooks.json", "skills"];

/**
 * Walks up from `cwd` to the filesystem root and returns the nearest folder whose `.tern/` holds
 * any of Tern's project files (`PROJECT_MARKERS`: `config.jsonc`, `hooks.json`, `skills/`), or
 * `null`. A project with hooks but no config is still a project, so its hooks are found (and
 * gated by trust) wherever Tern runs inside it. A `.tern` directory that is `ternHome` itself
 * (the user config, e.g. `~/.tern`) is not a project.
 */
export async function findProjectDir(cwd: string, ternHome: string): Promise<string | null> {
  let dir = cwd;
  while (true) {
    const ternDir = join(dir, ".tern");
    if (ternDir !== ternHome) {
      for (const marker of PROJECT_MARKERS) {
        try {
          await Deno.stat(join(ternDir, marker));
          return dir;
        } catch {
          // Not here (or unreadable): try the next marker, then keep walking.
        }
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
