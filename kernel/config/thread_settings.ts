/**
 * @module
 * The settings a thread runs with, and a new or resumed thread's: what the caller gave, else the
 * config, else the kernel's defaults.
 */
import type { KernelConfig } from "./config_schema.ts";
import { DEFAULT_INSTRUCTIONS } from "./default_instructions.ts";
import type { AskForApproval, SandboxMode } from "../protocol/thread.ts";

/** Settings a thread runs with; a turn may override them for itself and after. */
export interface ThreadSettings {
  cwd: string;
  model: string;
  modelProvider: string;
  approvalPolicy: AskForApproval;
  sandboxMode: SandboxMode;
  instructions: string;
  developerInstructions?: string;
  effort?: string;
  summary?: string;
}

/** `options` over the config's values (`cwd` defaults to the run's workspace). */
export function threadSettings(config: KernelConfig, cwd: string, options: Partial<ThreadSettings>): ThreadSettings {
  return {
    cwd: options.cwd ?? cwd,
    model: options.model ?? config.model,
    modelProvider: options.modelProvider ?? config.modelProvider,
    approvalPolicy: options.approvalPolicy ?? config.approvalPolicy,
    sandboxMode: options.sandboxMode ?? config.sandboxMode,
    instructions: options.instructions ?? config.instructions ?? DEFAULT_INSTRUCTIONS,
    developerInstructions: options.developerInstructions ?? config.developerInstructions,
    effort: options.effort ?? config.modelReasoningEffort,
    summary: options.summary ?? config.modelReasoningSummary,
  };
}

/** The fields of `value` that are set: overrides that leave the rest as it is. */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
