/**
 * @module
 * `tern skills list [--json] [--reload]`: the skills that apply in the workspace, as a table, or
 * as the exact `skills/list` response on one line with `--json`. Broken skills are listed with their
 * reasons; the exit code is 0 either way (1 only for bad arguments).
 */
import { relative } from "../../kernel/mod.ts";
import type { Command } from "../../kernel/mod.ts";
import type { SkillsManager } from "./manager.ts";
import { type SkillsListEntry, type SkillsListResponse, toWire } from "./list_method.ts";

const USAGE = "Usage: tern skills list [--json] [--reload]";

/** The `skills` command; `print` writes one line of output. */
export function createSkillsCommand(
  manager: SkillsManager,
  print: (line: string) => void = (line) => console.log(line),
): Command {
  return {
    name: "skills",
    summary: "List the skills that apply here (skills list [--json] [--reload])",
    async run(args, runtime) {
      const [sub, ...flags] = args;
      const unknown = flags.filter((f) => f !== "--json" && f !== "--reload");
      if (sub !== "list" || unknown.length) {
        console.error(sub === "list" ? `Unknown option "${unknown[0]}"\n${USAGE}` : USAGE);
        return sub === undefined || sub === "help" || sub === "--help" ? 0 : 1;
      }
      const catalog = await manager.load(runtime.cwd, { forceReload: flags.includes("--reload") });
      const entry = toWire(catalog);
      if (flags.includes("--json")) print(JSON.stringify({ data: [entry] } satisfies SkillsListResponse));
      else for (const line of formatEntry(entry)) print(line);
      return 0;
    },
  };
}

/** The human listing of one cwd's skills. */
export function formatEntry(entry: SkillsListEntry): string[] {
  const lines = [`Skills for ${entry.cwd}:`];
  if (entry.skills.length === 0) lines.push("  (none)");
  const width = Math.max(0, ...entry.skills.map((s) => s.name.length));
  for (const skill of entry.skills) {
    const where = skill.path.startsWith(entry.cwd + "/") ? relative(entry.cwd, skill.path) : skill.path;
    const off = skill.enabled ? "" : " (disabled)";
    lines.push(`  ${skill.name.padEnd(width)}  ${skill.origin.padEnd(6)}  ${where}${off}`);
    lines.push(`  ${"".padEnd(width)}  ${"".padEnd(6)}  ${skill.shortDescription ?? skill.description}`);
  }
  if (entry.errors.length) {
    lines.push("Errors:");
    for (const error of entry.errors) lines.push(`  ${error.path}: ${error.message}`);
  }
  return lines;
}
