/**
 * @module
 * A new or resumed thread's settings: what the caller gave, else the config, else the kernel's
 * defaults. Private to the runtime.
 */
import type { KernelConfig } from "./config/config_schema.ts";
import { DEFAULT_INSTRUCTIONS } from "./config/default_instructions.ts";
import type { ThreadSettings } from "./thread.ts";

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
