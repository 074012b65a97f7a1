/**
 * @module
 * `tern doctor [--json] [--check-mcp]`: builds the report (config, plugins, hooks, skills, MCP
 * servers, unmapped Claude Code / Codex parts, problems) and prints it for people, or as one JSON
 * object with `--json`. Exits 1 when there is an error, 0 otherwise, 2 for bad arguments.
 */
import type { FrontEnd } from "../../kernel/mod.ts";
import { checkConfig } from "./config_check.ts";
import { formatReport } from "./format.ts";
import { checkHooks } from "./hooks_check.ts";
import { checkMcp } from "./mcp_check.ts";
import { checkPlugins } from "./plugins_check.ts";
import { checkSandbox } from "./sandbox_check.ts";
import { checkSkills } from "./skills_check.ts";
import type { DoctorReport } from "./report.ts";
export type { DoctorReport } from "./report.ts";

const USAGE = "Usage: tern doctor [--json] [--check-mcp]   (-C DIR checks another workspace)";

/** Builds the report. `checkMcp` waits for the MCP servers to start and lists their tools. */
export async function buildReport(runtime: FrontEnd, options: { checkMcp: boolean }): Promise<DoctorReport> {
  const config = checkConfig(runtime);
  const plugins = checkPlugins(runtime);
  // MCP first: with --check-mcp its servers' tools are registered by the time hooks are matched.
  const mcp = await checkMcp(runtime, { start: options.checkMcp });
  const [hooks, skills, sandbox] = await Promise.all([
    checkHooks(runtime),
    checkSkills(runtime),
    checkSandbox(runtime),
  ]);
  const problems = [
    ...config.problems,
    ...plugins.problems,
    ...hooks.problems,
    ...skills.problems,
    ...mcp.problems,
    ...sandbox.problems,
  ].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  const errors = problems.filter((p) => p.severity === "error").length;
  return {
    ok: errors === 0,
    errors,
    warnings: problems.length - errors,
    cwd: runtime.cwd,
    ternHome: runtime.ternHome,
    config: config.config,
    plugins: plugins.plugins,
    hooks: hooks.hooks,
    skills: skills.skills,
    mcp: { checked: options.checkMcp, servers: mcp.servers },
    sandbox: sandbox.sandbox,
    unmapped: plugins.unmapped,
    problems,
  };
}

/** Runs `tern doctor ARGS`; resolves to the exit code. */
export async function runDoctor(
  args: string[],
  runtime: FrontEnd,
  write: (text: string) => void = (text) => console.log(text),
): Promise<number> {
  const unknown = args.filter((a) => a !== "--json" && a !== "--check-mcp");
  if (unknown.length) {
    const help = unknown.some((a) => a === "--help" || a === "-h" || a === "help");
    if (help) write(USAGE);
    else console.error(`Unknown option "${unknown[0]}"\n${USAGE}`);
    return help ? 0 : 2;
  }
  const report = await buildReport(runtime, { checkMcp: args.includes("--check-mcp") });
  write(args.includes("--json") ? JSON.stringify(report) : formatReport(report));
  return report.ok ? 0 : 1;
}
