/**
 * @module
 * The hooks part of the report, from the hooks plugin's `hooks/list` method: every declared hook
 * with its file and line (config hooks are located in their config layer), why it never runs if
 * it does not, and for each registered tool the PreToolUse / PostToolUse hooks that would fire
 * for it. A hooks file or handler that cannot be read or loaded is an error; hooks that never run (including
 * an untrusted project's) are warnings.
 */
import type { FrontEnd } from "../../kernel/mod.ts";
import { type Problem, problemFrom } from "./problem.ts";

/** One hook, as the report shows it. */
export interface HookReport {
  displayOrder: number;
  event: string;
  matcher: string | null;
  handlerType: string;
  command: string | null;
  source: string;
  file: string | null;
  line: number | null;
  plugin: string | null;
  skipped: string | null;
}

/** The hooks that would fire for one registered tool, by display order. */
export interface ToolHooks {
  tool: string;
  PreToolUse: number[];
  PostToolUse: number[];
}

/** The hooks, as the report shows them. */
export interface HooksReport {
  /** False when no plugin answers `hooks/list` (the hooks plugin is not loaded). */
  available: boolean;
  hooks: HookReport[];
  byTool: ToolHooks[];
}

/** What `hooks/list` returns per hook (the fields the doctor reads). */
interface Listing {
  displayOrder: number;
  event: string;
  matcher: string | null;
  handlerType: string;
  command: string | null;
  source: string;
  sourcePath: string;
  file: string | null;
  line: number | null;
  keyPath: (string | number)[];
  plugin: string | null;
  matchesTools: string[] | null;
  skipped: string | null;
}

/** Asks the hooks plugin for its hooks and problems. */
export async function checkHooks(runtime: FrontEnd): Promise<{ hooks: HooksReport; problems: Problem[] }> {
  const method = runtime.methods.get("hooks/list");
  const tools = runtime.tools.list().map(({ name, kind }) => ({ name, kind }));
  if (!method) {
    return {
      hooks: { available: false, hooks: [], byTool: [] },
      problems: [{
        severity: "warning",
        section: "hooks",
        message: 'No plugin answers "hooks/list": the hooks plugin is not loaded, so no hook runs',
        file: null,
        line: null,
      }],
    };
  }
  const response = await method.handler({ tools }) as { data: { hooks: Listing[]; warnings: string[] }[] };
  const entry = response.data[0] ?? { hooks: [], warnings: [] };
  const hooks = await Promise.all(entry.hooks.map(async (h): Promise<HookReport> => {
    let { file, line } = h;
    if (h.source === "config" && h.keyPath.length) {
      const where = await runtime.loaded.locate(["hooks", h.keyPath[0], h.keyPath[1], "hooks", h.keyPath[2]])
        .catch(() => null);
      if (where) [file, line] = [where.file, where.line ?? null];
    }
    return {
      displayOrder: h.displayOrder,
      event: h.event,
      matcher: h.matcher,
      handlerType: h.handlerType,
      command: h.command,
      source: h.source,
      file: file ?? (h.sourcePath.startsWith("/") ? h.sourcePath : null),
      line,
      plugin: h.plugin,
      skipped: h.skipped,
    };
  }));
  const byTool = tools.map(({ name }): ToolHooks => {
    const firing = (event: string) =>
      entry.hooks.filter((h) => h.event === event && !h.skipped && h.matchesTools?.includes(name))
        .map((h) => h.displayOrder);
    return { tool: name, PreToolUse: firing("PreToolUse"), PostToolUse: firing("PostToolUse") };
  });
  const problems = entry.warnings.map((warning) =>
    problemFrom(
      /Cannot read hooks|Cannot parse hooks file|Cannot load the /.test(warning) ? "error" : "warning",
      "hooks",
      warning,
    )
  );
  return { hooks: { available: true, hooks, byTool }, problems };
}
