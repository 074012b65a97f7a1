/**
 * @module
 * The plugins part of the report: each plugin's status (loaded, failed, deferred), load and setup
 * times, where its manifest is and in which format, and what it contributed (tools, hooks,
 * hooks files, skills folders, MCP servers, commands, providers, context, stores); plus the parts
 * of Claude Code and Codex plugins that Tern could not map.
 */
import type { FrontEnd } from "../../kernel/mod.ts";
import { type Problem, problemFrom } from "./problem.ts";

/** One plugin, as the report shows it. */
export interface PluginReport {
  name: string;
  spec: string;
  status: "loaded" | "failed" | "deferred";
  error: string | null;
  loadMs: number;
  setupMs: number;
  dir: string | null;
  /** The manifest file (null for `npm:` plugins and plugins that failed before it was read). */
  manifest: string | null;
  /** `tern` (`plugin.jsonc`), `claude` or `codex`. */
  format: string | null;
  contributed: {
    tools: string[];
    hooks: string[];
    hooksFiles: string[];
    skills: string[];
    mcpServers: string[];
    /** Prompt command files or folders (`contributes.promptCommands`, a Claude plugin's `commands/`). */
    promptCommands: string[];
    commands: string[];
    providers: string[];
    context: string[];
    stores: string[];
  };
}

/** An unmapped part of a Claude Code or Codex plugin. */
export interface UnmappedReport {
  plugin: string;
  file: string;
  field: string;
  line: number | null;
  reason: string;
}

/** The plugins of the run, their unmapped parts, and a problem per failed plugin. */
export function checkPlugins(
  runtime: FrontEnd,
): { plugins: PluginReport[]; unmapped: UnmappedReport[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const unmapped: UnmappedReport[] = [];
  const plugins = runtime.plugins.map((p): PluginReport => {
    const contributes = p.manifest?.contributes;
    if (p.status === "failed") {
      const message = p.error ?? `Cannot load plugin "${p.name}"`;
      const at = p.errorLocation;
      problems.push(
        at
          ? { severity: "error", section: "plugins", message, file: at.file ?? null, line: at.line ?? null }
          : problemFrom("error", "plugins", message),
      );
    }
    for (const entry of p.manifest?.source?.unmapped ?? []) {
      unmapped.push({
        plugin: p.name,
        file: entry.file,
        field: entry.field,
        line: entry.line ?? null,
        reason: entry.reason,
      });
      problems.push({
        severity: "warning",
        section: "compat",
        message: `Plugin "${p.name}": ${entry.field} is not loaded: ${entry.reason}`,
        file: entry.file,
        line: entry.line ?? null,
      });
    }
    return {
      name: p.name,
      spec: p.spec,
      status: p.status,
      error: p.error,
      loadMs: round(p.loadMs),
      setupMs: round(p.setupMs),
      dir: p.dir,
      manifest: p.manifest?.source?.file ?? null,
      format: p.manifest?.source?.format ?? null,
      contributed: {
        tools: [...p.contributed.tools],
        hooks: [...p.contributed.hooks],
        hooksFiles: [...contributes?.hooksFiles ?? []],
        skills: [...contributes?.skills ?? []],
        mcpServers: Object.keys(contributes?.mcpServers ?? {}),
        promptCommands: [...contributes?.promptCommands ?? []],
        commands: [...p.contributed.commands],
        providers: [...p.contributed.providers],
        context: [...p.contributed.context],
        stores: [...p.contributed.stores],
      },
    };
  });
  return { plugins, unmapped, problems };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
