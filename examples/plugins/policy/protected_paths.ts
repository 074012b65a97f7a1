/**
 * @module
 * Rule 2, a PreToolUse hook on `apply_patch`: a patch that adds, changes, deletes or moves to a
 * path matching a `policy.protectedPaths` glob is denied as a whole (nothing is written), and the
 * model reads which path and which glob. Globs are gitignore-like: one without `/` matches a file
 * name at any depth (`.env`, `*.pem`); one with `/` matches from the workspace root (`secrets/**`).
 */
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { HookHandler } from "../../../kernel/mod.ts";

/**
 * Turns a glob into a RegExp over `/`-separated relative paths: `**` spans folders, `*` and `?`
 * stay within one name.
 */
export function globToRegExp(glob: string): RegExp {
  const anchored = glob.replace(/^\.?\//, "");
  let source = "";
  for (let i = 0; i < anchored.length; i++) {
    const c = anchored[i];
    if (c === "*" && anchored[i + 1] === "*") {
      const slash = anchored[i + 2] === "/";
      source += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  // Without a slash, the glob names a file or folder at any depth (as in .gitignore).
  const prefix = glob.includes("/") ? "^" : "^(?:.*/)?";
  return new RegExp(`${prefix}${source}(?:/.*)?$`);
}

/** The paths a patch writes: every `Add`, `Delete` and `Update File` path, and every `Move to` target. */
export function patchPaths(patch: string): string[] {
  const paths: string[] = [];
  for (const line of patch.split(/\r?\n/)) {
    const match = line.match(/^\*\*\* (?:(?:Add|Delete|Update) File|Move to): (.+)$/);
    if (match) paths.push(match[1].trim());
  }
  return paths;
}

/** A path as the globs see it: relative to `cwd` with `/` separators, or absolute when it is outside `cwd`. */
export function workspacePath(path: string, cwd: string): string {
  const absolute = resolve(cwd, path);
  const rel = relative(cwd, absolute);
  const shown = rel === "" || rel.startsWith("..") || isAbsolute(rel) ? absolute : rel;
  return shown.split(sep).join("/");
}

/** The first path of `paths` a glob protects, with that glob; else null. */
export function protectedHit(
  paths: readonly string[],
  options: { cwd: string; globs: readonly string[] },
): { path: string; glob: string } | null {
  const compiled = options.globs.map((glob) => ({ glob, regex: globToRegExp(glob) }));
  for (const path of paths) {
    const shown = workspacePath(path, options.cwd);
    const hit = compiled.find(({ regex }) => regex.test(shown));
    if (hit) return { path: shown, glob: hit.glob };
  }
  return null;
}

/** The PreToolUse handler that denies patches touching protected paths. */
export function patchGuard(globs: readonly string[]): HookHandler<"PreToolUse"> {
  return (input) => {
    const hit = protectedHit(patchPaths(String(input.tool_input.command ?? "")), { cwd: input.cwd, globs });
    if (!hit) return;
    return {
      hookSpecificOutput: {
        hookEventName: "PreToolUse",
        permissionDecision: "deny",
        permissionDecisionReason: `"${hit.path}" is a protected path (policy.protectedPaths "${hit.glob}"), so ` +
          "the patch was not applied and no file was changed. Leave that file to the user, and send the other " +
          "changes in a patch of their own",
      },
    };
  };
}
