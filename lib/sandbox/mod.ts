/**
 * @module
 * Tern's command sandbox, shared by the plugins that run commands (the shell tool) and those that
 * report on them (`tern doctor`, `tern sandbox`). One policy (`SandboxPolicy` from the kernel), three
 * backends chosen per machine: bubblewrap or Landlock + seccomp on Linux, Seatbelt on macOS.
 *
 * @example
 * ```ts
 * const support = await detectSandbox();
 * if (support.kind !== "none") {
 *   const command = sandboxCommand({ program: "/bin/sh", args: ["-c", "ls"], cwd }, policy, support);
 *   // start command.program (through spawnConfined when command.confine is set)
 * }
 * ```
 */
export { type CommandSpec, sandboxCommand, type SandboxedCommand } from "./command.ts";
export { closeConfinement, type ConfinedProcess, spawnConfined } from "./confined_spawn.ts";
export {
  type AvailableSandbox,
  backendChoice,
  detectSandbox,
  SANDBOX_BACKENDS,
  type SandboxBackendChoice,
  type SandboxSupport,
} from "./detect.ts";
export { findOnPath, type ResolvedPaths, resolvePaths } from "./protected_paths.ts";
export { describeSandbox, sandboxWarning } from "./describe.ts";
