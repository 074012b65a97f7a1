/**
 * @module
 * POSIX path functions for the code a run loads: `join`, `resolve`, `dirname`, `basename`,
 * `extname`, `relative`, `normalize`, `isAbsolute`, and file URL conversion. They behave as
 * `node:path`'s POSIX functions do (`path_test.ts` checks them against it).
 *
 * Why not `node:path`: importing any `node:` module boots Deno's Node compatibility layer, about
 * 8 ms and 4 MiB of every start-up; the npm mirror of `@std/path` is slower still (~15 ms). Tern
 * runs on Linux and macOS only (its sandbox, hooks and shell assume a POSIX system), so the POSIX
 * rules are the whole job. Tests and scripts may use `@std/path` freely.
 */

/** The path segment separator. */
export const sep = "/";

/** Whether `path` starts at the root. */
export function isAbsolute(path: string): boolean {
  return path.startsWith("/");
}

/** Resolves `.` and `..` segments and repeated slashes; keeps a trailing slash. `""` becomes `"."`. */
export function normalize(path: string): string {
  if (path === "") return ".";
  const absolute = isAbsolute(path);
  let body = normalizeSegments(path, !absolute);
  if (body === "" && !absolute) body = ".";
  if (body !== "" && path.endsWith("/")) body += "/";
  return absolute ? `/${body}` : body;
}

/** Joins the non-empty `parts` with `/` and normalizes the result. */
export function join(...parts: string[]): string {
  const joined = parts.filter((part) => part !== "").join("/");
  return joined === "" ? "." : normalize(joined);
}

/** The absolute path `parts` lead to, read right to left, starting from the working directory. */
export function resolve(...parts: string[]): string {
  let resolved = "";
  for (let i = parts.length - 1; i >= 0 && !isAbsolute(resolved); i--) {
    if (parts[i] !== "") resolved = resolved === "" ? parts[i] : `${parts[i]}/${resolved}`;
  }
  if (!isAbsolute(resolved)) resolved = resolved === "" ? Deno.cwd() : `${Deno.cwd()}/${resolved}`;
  return `/${normalizeSegments(resolved, false)}`;
}

/** The directory part of `path` (`"."` when there is none); trailing slashes are ignored. */
export function dirname(path: string): string {
  if (path === "") return ".";
  const end = withoutTrailingSlashes(path);
  const slash = path.lastIndexOf("/", end - 1);
  if (slash === -1) return ".";
  if (slash === 0) return "/";
  if (slash === 1 && path[0] === "/") return "//";
  return path.slice(0, slash);
}

/** The last segment of `path`, without `suffix` when it ends with it. */
export function basename(path: string, suffix?: string): string {
  const end = withoutTrailingSlashes(path);
  const name = path.slice(path.lastIndexOf("/", end - 1) + 1, end);
  if (name === "/") return "";
  if (suffix && name.endsWith(suffix)) return name.slice(0, name.length - suffix.length);
  return name;
}

/** The extension of the last segment, from its last dot (`""` for none, or a leading dot only). */
export function extname(path: string): string {
  const name = basename(path);
  const dot = name.lastIndexOf(".");
  if (dot <= 0 || name === "..") return "";
  return name.slice(dot);
}

/** The path from `from` to `to`, both resolved first; `""` when they are the same. */
export function relative(from: string, to: string): string {
  const source = resolve(from).split("/").filter(Boolean);
  const target = resolve(to).split("/").filter(Boolean);
  let common = 0;
  while (common < source.length && common < target.length && source[common] === target[common]) common++;
  return [...source.slice(common).map(() => ".."), ...target.slice(common)].join("/");
}

/** The path of a `file:` URL, percent-decoded. */
export function fromFileUrl(url: string | URL): string {
  const parsed = url instanceof URL ? url : new URL(url);
  if (parsed.protocol !== "file:") throw new TypeError(`Expected a file: URL, got "${parsed.href}"`);
  if (parsed.hostname !== "" && parsed.hostname !== "localhost") {
    throw new TypeError(`Expected a local file: URL, got host "${parsed.hostname}" in "${parsed.href}"`);
  }
  if (/%2f/i.test(parsed.pathname)) throw new TypeError(`A file: URL path must not encode "/": "${parsed.href}"`);
  return decodeURIComponent(parsed.pathname);
}

/** The `file:` URL of `path` (resolved first), with every character that needs it percent-encoded. */
export function toFileUrl(path: string): URL {
  const url = new URL("file:///");
  url.pathname = resolve(path).replace(/[%\\\n\r\t]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  if (path.endsWith("/") && !url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

/** The segments of `path` with `.` and `..` applied, joined by `/`, without leading or trailing slash. */
function normalizeSegments(path: string, allowAboveRoot: boolean): string {
  const out: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment !== "..") out.push(segment);
    else if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (allowAboveRoot) out.push("..");
  }
  return out.join("/");
}

/** The index just past the last character of `path` that is not a trailing slash (the root stays). */
function withoutTrailingSlashes(path: string): number {
  let end = path.length;
  while (end > 1 && path[end - 1] === "/") end--;
  return end;
}
