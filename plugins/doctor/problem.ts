/**
 * @module
 * A problem the doctor found: severity, the section it belongs to, the message, and the file and
 * line it is about. Tern's messages name places as `FILE:LINE[:COL]` (config errors, hooks files,
 * manifests); `locateMessage()` reads that place back out of a message that carries no structured
 * location (a failed plugin whose fault is not in a file, say an import error naming its module).
 */

/** The parts of a report. */
export type Section = "config" | "plugins" | "hooks" | "skills" | "mcp" | "compat" | "sandbox";

/** One problem. `error` makes `tern doctor` exit 1; `warning` does not. */
export interface Problem {
  severity: "error" | "warning";
  section: Section;
  message: string;
  file: string | null;
  line: number | null;
}

/** A place in a file. */
export interface Place {
  file: string | null;
  line: number | null;
}

/**
 * The first absolute path with a line in `message` (`/a/config.jsonc:4:7` →
 * `{file: "/a/config.jsonc", line: 4}`), else the first absolute path; `{null, null}` when none.
 *
 * @example
 * ```ts
 * locateMessage('Cannot load plugin "x": /p/plugin.jsonc:3 (key "name"): bad');
 * // { file: "/p/plugin.jsonc", line: 3 }
 * ```
 */
export function locateMessage(message: string): Place {
  const matches = [...message.matchAll(/(?:^|[\s("'])((?:[A-Za-z]:)?[\\/][^\s:()"']+)(?::(\d+))?/g)];
  // A path with a line says where; a path alone (say, the plugin's folder in its name) is the fallback.
  const match = matches.find((m) => m[2]) ?? matches[0];
  if (!match) return { file: null, line: null };
  return { file: match[1], line: match[2] ? Number(match[2]) : null };
}

/** A problem whose place is read out of its message. */
export function problemFrom(severity: Problem["severity"], section: Section, message: string): Problem {
  return { severity, section, message, ...locateMessage(message) };
}

/** `file:line`, `file`, or an empty string. */
export function formatPlace(place: Place): string {
  if (!place.file) return "";
  return place.line ? `${place.file}:${place.line}` : place.file;
}
