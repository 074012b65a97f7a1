/**
 * @module
 * The human form of the doctor's report: one block per part (config, plugins, hooks and the tools
 * they fire for, skills, MCP servers, parts of Claude Code / Codex plugins that are not loaded),
 * then the problems, errors first, each starting with its `file:line`. Plain text, no colours.
 */
import type { DoctorReport } from "./report.ts";
import type { PluginReport } from "./plugins_check.ts";
import { formatPlace } from "./problem.ts";

/** The report as text. */
export function formatReport(report: DoctorReport): string {
  const out: string[] = [`Tern doctor: ${report.cwd}`, ""];

  out.push(`Sandbox: ${report.sandbox.description} (mode ${report.sandbox.mode})`, "");
  out.push("Config");
  for (const layer of report.config.layers) out.push(`  ${layer.kind.padEnd(8)} ${layer.source}`);
  if (report.config.projectDir) {
    out.push(`  project ${report.config.projectDir} is ${report.config.trusted ? "trusted" : "not trusted"}`);
  }

  const count = (status: string) => report.plugins.filter((p) => p.status === status).length;
  out.push("", `Plugins (${count("loaded")} loaded, ${count("failed")} failed, ${count("deferred")} deferred)`);
  const width = Math.max(0, ...report.plugins.map((p) => p.name.length));
  for (const plugin of report.plugins) out.push(...describePlugin(plugin, width));

  out.push("", `Hooks (${report.hooks.hooks.length})`);
  if (!report.hooks.available) out.push("  (the hooks plugin is not loaded)");
  else if (report.hooks.hooks.length === 0) out.push("  (none declared)");
  for (const hook of report.hooks.hooks) {
    const matcher = hook.matcher !== null ? ` [${hook.matcher}]` : "";
    const what = hook.command ?? `in-process hook of "${hook.plugin}"`;
    const where = formatPlace(hook) || hook.source;
    out.push(`  #${hook.displayOrder} ${hook.event}${matcher}  ${what}`);
    out.push(`      from ${where}${hook.plugin ? ` (plugin ${hook.plugin})` : ""}`);
    if (hook.skipped) out.push(`      never runs: ${hook.skipped}`);
  }
  const firing = report.hooks.byTool.filter((t) => t.PreToolUse.length || t.PostToolUse.length);
  if (firing.length) {
    out.push("  Tool calls that run hooks:");
    for (const t of firing) {
      const parts = [
        t.PreToolUse.length ? `PreToolUse ${t.PreToolUse.map((n) => `#${n}`).join(" ")}` : "",
        t.PostToolUse.length ? `PostToolUse ${t.PostToolUse.map((n) => `#${n}`).join(" ")}` : "",
      ].filter(Boolean);
      out.push(`    ${t.tool}: ${parts.join("; ")}`);
    }
  }

  const { skills } = report;
  out.push("", `Skills (${skills.skills.length} found, ${skills.invalid.length} invalid)`);
  if (!skills.available) out.push("  (the skills plugin is not loaded)");
  for (const skill of skills.skills) {
    out.push(`  ${skill.name}  ${skill.scope}  ${skill.path}${skill.enabled ? "" : " (disabled)"}`);
  }
  for (const bad of skills.invalid) out.push(`  invalid: ${formatPlace({ file: bad.path, line: bad.line })}`);

  out.push("", `MCP servers (${report.mcp.servers.length})`);
  for (const s of report.mcp.servers) {
    const where = formatPlace(s);
    const status = s.status ? `  ${s.status}${s.tools ? ` (${s.tools.length} tools: ${s.tools.join(", ")})` : ""}` : "";
    out.push(`  ${s.name}  ${s.transport ?? "invalid"}  ${s.from}${where ? `  ${where}` : ""}${status}`);
  }
  if (report.mcp.servers.length && !report.mcp.checked) {
    out.push("  (run with --check-mcp to start them and list tools)");
  }

  if (report.unmapped.length) {
    out.push("", `Not loaded from Claude Code / Codex plugins (${report.unmapped.length})`);
    for (const u of report.unmapped) {
      out.push(`  ${u.plugin}: ${u.field}  ${formatPlace(u)}`, `      ${u.reason}`);
    }
  }

  out.push("");
  if (report.problems.length === 0) out.push("No problems found.");
  else {
    out.push(`Problems (${report.errors} errors, ${report.warnings} warnings)`);
    for (const p of report.problems) {
      const where = formatPlace(p);
      const message = where && p.message.includes(where) ? p.message : `${where ? `${where}: ` : ""}${p.message}`;
      out.push(`  ${p.severity === "error" ? "error  " : "warning"} [${p.section}] ${message}`);
    }
  }
  return out.join("\n");
}

function describePlugin(plugin: PluginReport, width: number): string[] {
  const mark = plugin.status === "loaded" ? "ok" : plugin.status === "failed" ? "!!" : "..";
  const times = plugin.status === "deferred"
    ? "loads on first use"
    : `${plugin.loadMs} ms (setup ${plugin.setupMs} ms)`;
  const format = plugin.format && plugin.format !== "tern" ? `  [${plugin.format} plugin]` : "";
  const lines = [`  ${mark} ${plugin.name.padEnd(width)}  ${plugin.status.padEnd(8)}  ${times}${format}`];
  const c = plugin.contributed;
  const parts = [
    ["tools", c.tools],
    ["hooks", c.hooks],
    ["hooks files", c.hooksFiles],
    ["skills", c.skills],
    ["MCP servers", c.mcpServers],
    ["prompt commands", c.promptCommands],
    ["commands", c.commands],
    ["providers", c.providers],
    ["context", c.context],
    ["stores", c.stores],
  ] as const;
  const listed = parts.filter(([, ids]) => ids.length).map(([kind, ids]) => `${kind}: ${ids.join(", ")}`);
  if (listed.length) lines.push(`       ${listed.join("; ")}`);
  if (plugin.error) lines.push(`       ${plugin.error}`);
  return lines;
}
