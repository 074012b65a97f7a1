/**
 * @module
 * The config part of the report: the layers that were read (lowest precedence first), the
 * project and its trust, and every problem: a layer that does not parse or validate (`tern
 * doctor` loads the config with `keepGoing`, so each broken layer is reported with its file,
 * line and key instead of stopping the run) and the warnings loading gave (keys skipped for trust).
 */
import type { FrontEnd } from "../../kernel/mod.ts";
import { type Problem, problemFrom } from "./problem.ts";

/** The config, as the report shows it. */
export interface ConfigReport {
  layers: { kind: string; source: string }[];
  projectDir: string | null;
  trusted: boolean;
}

/** The config's layers and problems. */
export function checkConfig(runtime: FrontEnd): { config: ConfigReport; problems: Problem[] } {
  const loaded = runtime.loaded;
  const problems: Problem[] = (loaded.problems ?? []).map((error) => ({
    severity: "error",
    section: "config",
    message: error.message,
    file: error.location.file,
    line: error.location.line ?? null,
  }));
  for (const warning of loaded.warnings) problems.push(problemFrom("warning", "config", warning));
  return {
    config: {
      layers: loaded.layers.map((l) => ({ kind: l.kind, source: l.source })),
      projectDir: loaded.projectDir,
      trusted: loaded.trusted,
    },
    problems,
  };
}
