/**
 * @module
 * `tern sandbox [--mode M] [--json] [-- CMD ARGS...]`. Without a command it prints the backend this
 * machine uses (or why there is none, and what to do), and the policy of the mode in the workspace:
 * the writable roots and the read-only paths inside them. With a command it runs it under that
 * policy, its output passed through, and exits with its exit code (126 when it cannot be sandboxed).
 * The mode defaults to the config's `sandbox_mode`; `danger-full-access` runs the command as is.
 */
import { type FrontEnd, type SandboxMode, sandboxPolicyFor } from "../../kernel/mod.ts";
import {
  closeConfinement,
  describeSandbox,
  detectSandbox,
  resolvePaths,
  sandboxCommand,
  sandboxWarning,
  spawnConfined,
} from "../../lib/sandbox/mod.ts";

const USAGE = "Usage: tern sandbox [--mode read-only|workspace-write|danger-full-access] [--json] [-- CMD ARGS...]";
const MODES: SandboxMode[] = ["read-only", "workspace-write", "danger-full-access"];

/** Runs `tern sandbox ARGS`; resolves to the exit code. */
export async function runSandbox(args: string[], runtime: FrontEnd): Promise<number> {
  const dash = args.indexOf("--");
  const flags = dash === -1 ? args : args.slice(0, dash);
  const command = dash === -1 ? [] : args.slice(dash + 1);
  let mode: SandboxMode = runtime.config.sandboxMode;
  let json = false;
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i];
    if (flag === "--json") json = true;
    else if (flag === "--mode" || flag === "-s") {
      const value = flags[++i];
      if (!MODES.includes(value as SandboxMode)) {
        console.error(`Cannot use sandbox mode "${value ?? ""}": expected one of ${MODES.join(", ")}\n${USAGE}`);
        return 2;
      }
      mode = value as SandboxMode;
    } else if (flag === "--help" || flag === "-h") {
      console.log(USAGE);
      return 0;
    } else {
      console.error(`Unknown option "${flag}"\n${USAGE}`);
      return 2;
    }
  }
  const policy = sandboxPolicyFor(mode, runtime.cwd, {
    extraWritableRoots: runtime.config.sandboxWorkspaceWrite.writableRoots,
    networkAccess: runtime.config.sandboxWorkspaceWrite.networkAccess,
    readOnlyPaths: [runtime.ternHome],
  });
  const support = await detectSandbox();
  try {
    if (command.length === 0) {
      const paths = resolvePaths(policy.writableRoots, { readOnlyPaths: [runtime.ternHome] });
      const report = {
        backend: support.kind,
        description: describeSandbox(support),
        ...(support.kind === "none" ? { reason: support.reason, advice: support.advice } : {}),
        mode,
        networkAccess: policy.networkAccess,
        writableRoots: paths.writableRoots,
        readOnlyPaths: paths.readOnlyPaths,
      };
      if (json) console.log(JSON.stringify(report));
      else {
        console.log(`sandbox: ${report.description}`);
        if (support.kind === "none") console.log(sandboxWarning(support));
        console.log(`mode: ${mode}${mode === "danger-full-access" ? " (commands run without a sandbox)" : ""}`);
        console.log(`network: ${policy.networkAccess ? "allowed" : "blocked"}`);
        console.log(`writable: ${paths.writableRoots.join(", ") || "nothing"}`);
        if (paths.readOnlyPaths.length) console.log(`read-only inside them: ${paths.readOnlyPaths.join(", ")}`);
      }
      return support.kind === "none" && mode !== "danger-full-access" ? 1 : 0;
    }
    if (support.kind === "none" && mode !== "danger-full-access") {
      console.error(`Cannot run "${command[0]}" sandboxed: ${sandboxWarning(support)}`);
      return 126;
    }
    const spec = { program: command[0], args: command.slice(1), cwd: runtime.cwd };
    const sandboxed = support.kind === "none" ? { ...spec, ownSession: false } : sandboxCommand(spec, policy, support);
    return await run(sandboxed);
  } finally {
    closeConfinement();
  }
}

async function run(command: ReturnType<typeof sandboxCommand>): Promise<number> {
  try {
    if (command.confine) {
      const child = await spawnConfined({ ...command, ...command.confine });
      const [status] = await Promise.all([
        child.status,
        child.stdout.pipeTo(Deno.stdout.writable, { preventClose: true }),
        child.stderr.pipeTo(Deno.stderr.writable, { preventClose: true }),
      ]);
      return status.code;
    }
    const status = await new Deno.Command(command.program, {
      args: command.args,
      cwd: command.cwd,
      env: command.env,
      stdin: "inherit",
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    return status.code;
  } catch (error) {
    console.error(`Cannot run "${command.program}": ${error instanceof Error ? error.message : error}`);
    return error instanceof Deno.errors.NotFound ? 127 : 126;
  }
}
