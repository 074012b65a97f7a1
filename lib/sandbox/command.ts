/**
 * @module
 * One command rewritten to run under a policy with the chosen backend: the program and arguments
 * to start, the variables to add, and (on Linux) the confinement its starting thread applies first
 * (`confined_spawn.ts`). Every backend gets the same resolved paths (`protected_paths.ts`), so the
 * same writes are refused everywhere.
 */
import type { SandboxPolicy } from "../../kernel/mod.ts";
import { bwrapArgs } from "./bwrap.ts";
import type { AvailableSandbox } from "./detect.ts";
import { type LandlockPlan, planLandlock } from "./landlock.ts";
import { resolvePaths } from "./protected_paths.ts";
import { currentSeccompArch, seccompProgram } from "./seccomp.ts";
import { seatbeltArgs } from "./seatbelt.ts";

/** A command to start. */
export interface CommandSpec {
  program: string;
  args: string[];
  /** Absolute working directory. */
  cwd: string;
  /** Variables added to the inherited environment. */
  env?: Record<string, string>;
}

/** A command ready to start under its sandbox. */
export interface SandboxedCommand extends CommandSpec {
  /** Confinement the starting thread applies before it spawns (Linux). */
  confine?: { landlock?: LandlockPlan; seccomp?: Uint8Array; killGroupOnExit: boolean };
  /**
   * Start it in a session of its own so a kill reaches its children; off for bubblewrap, whose
   * PID namespace does that job.
   */
  ownSession: boolean;
}

/**
 * Rewrites `command` to run under `policy` with `support`: the roots writable, each root's `.git`
 * and `.tern` and the policy's `readOnlyPaths` (Tern's home) not. A policy that allows everything
 * (the whole disk and the network) leaves it as it is.
 *
 * @example
 * ```ts
 * const support = await detectSandbox();
 * if (support.kind !== "none") sandboxCommand({ program: "ls", args: [], cwd: "/src" }, policy, support);
 * ```
 */
export function sandboxCommand(
  command: CommandSpec,
  policy: SandboxPolicy,
  support: AvailableSandbox,
): SandboxedCommand {
  if (policy.writableRoots.includes("/") && policy.networkAccess) return { ...command, ownSession: true };
  const paths = resolvePaths(policy.writableRoots, { readOnlyPaths: policy.readOnlyPaths });
  const env = {
    ...command.env,
    TERN_SANDBOX: support.kind,
    ...(policy.networkAccess ? {} : { TERN_SANDBOX_NETWORK_DISABLED: "1" }),
  };
  const arch = currentSeccompArch();
  const seccomp = arch
    ? seccompProgram(arch, { denyNetwork: !policy.networkAccess, isolatedNetwork: support.kind === "bwrap" })
    : undefined;
  const inner = [command.program, ...command.args];
  switch (support.kind) {
    case "bwrap":
      return {
        program: support.path,
        args: bwrapArgs(paths, inner, {
          cwd: command.cwd,
          networkAccess: policy.networkAccess,
          mountProc: support.mountProc,
        }),
        cwd: command.cwd,
        env,
        ownSession: false,
        confine: support.seccomp && seccomp ? { seccomp, killGroupOnExit: false } : undefined,
      };
    case "landlock":
      return {
        ...command,
        env,
        ownSession: true,
        confine: {
          landlock: planLandlock(paths, { abi: support.abi, networkAccess: policy.networkAccess }),
          seccomp,
          killGroupOnExit: true,
        },
      };
    case "seatbelt":
      return {
        program: support.path,
        args: seatbeltArgs({ ...paths, networkAccess: policy.networkAccess }, inner),
        cwd: command.cwd,
        env,
        ownSession: true,
      };
  }
}
