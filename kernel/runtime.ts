/**
 * @module
 * PLACEHOLDER — being written by the lead. The runtime ties config, bus, registries, plugins and
 * threads together; front ends drive it.
 */
import type { EventBus } from "./bus.ts";
import type { KernelConfig } from "./config_schema.ts";
import type { ToolRegistry } from "./tools.ts";

export interface Runtime {
  readonly config: KernelConfig;
  readonly bus: EventBus;
  readonly tools: ToolRegistry;
  readonly ternHome: string;
  readonly cwd: string;
}
