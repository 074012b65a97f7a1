/**
 * @module
 * What of a Claude Code or Codex plugin's hooks Tern will not run: events it has no such point
 * for, handler types other than `command`, `async` and `once` handlers. The hooks file itself is
 * loaded as it is (the hook engine reads the same shape and skips those handlers); this only
 * names them, with file and line, for the plugin's unmapped list. Unreadable files are left to
 * the hook engine, which reports them.
 */
import type { UnmappedEntry } from "../plugin_host/manifest.ts";
import { HookEventName } from "../extensions/points.ts";
import { isPlainObject } from "../config/_config_text.ts";
import { lineOf } from "./_compat_mcp.ts";

const KNOWN_EVENTS = new Set<string>(HookEventName.options);

/** The unmapped parts of a hooks object (`{"hooks": {...}}`, as in `hooks.json`), read from `file`. */
export function unmappedHooks(value: unknown, file: string, text?: string): UnmappedEntry[] {
  const out: UnmappedEntry[] = [];
  const hooks = isPlainObject(value) && isPlainObject(value.hooks) ? value.hooks : null;
  if (!hooks) return out;
  const add = (field: string, reason: string, key: string) =>
    out.push({ file, field, reason, line: lineOf(text, key) });
  for (const [event, groups] of Object.entries(hooks)) {
    if (!KNOWN_EVENTS.has(event)) {
      add(`hooks.${event}`, `Tern has no "${event}" event; these hooks never run`, event);
      continue;
    }
    if (!Array.isArray(groups)) continue;
    groups.forEach((group, g) => {
      const handlers = isPlainObject(group) && Array.isArray(group.hooks) ? group.hooks : [];
      handlers.forEach((handler, h) => {
        if (!isPlainObject(handler)) return;
        const field = `hooks.${event}[${g}].hooks[${h}]`;
        if (handler.type !== "command") {
          add(field, `"${String(handler.type)}" hooks are not supported; only "command" hooks run`, "type");
        } else if (typeof handler.command !== "string" && handler.args !== undefined) {
          add(`${field}.args`, 'exec-form hooks ("args" without "command") are not supported', "args");
        }
        if (handler.async === true) {
          add(`${field}.async`, "async hooks are not supported; the hook is skipped", "async");
        }
        if (handler.once === true) add(`${field}.once`, '"once" is ignored: the hook runs every time', "once");
      });
    });
  }
  return out;
}
