/**
 * @module
 * The shape of `tern doctor --json`: what the checks found, which `command.ts` builds and
 * `format.ts` prints.
 */
import type { ConfigReport } from "./config_check.ts";
import type { HooksReport } from "./hooks_check.ts";
import type { McpServerReport } from "./mcp_check.ts";
import type { PluginReport, UnmappedReport } from "./plugins_check.ts";
import type { Problem } from "./problem.ts";
import type { SandboxReport } from "./sandbox_check.ts";
import type { SkillsReport } from "./skills_check.ts";

/** Everything `tern doctor --json` prints. */
export interface DoctorReport {
  /** True when there is no error (warnings allowed). */
  ok: boolean;
  errors: number;
  warnings: number;
  cwd: string;
  ternHome: string;
  config: ConfigReport;
  plugins: PluginReport[];
  hooks: HooksReport;
  skills: SkillsReport;
  mcp: { checked: boolean; servers: McpServerReport[] };
  /** The backend that runs sandboxed commands here. */
  sandbox: SandboxReport;
  unmapped: UnmappedReport[];
  /** Every problem, errors first, each with its file and line when known. */
  problems: Problem[];
}
