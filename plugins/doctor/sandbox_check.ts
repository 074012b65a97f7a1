/**
 * @module
 * The doctor's sandbox part: which backend runs sandboxed commands on this machine, under the
 * config's sandbox mode. No sandbox is a warning (commands then ask first), with what this machine
 * lacks and what to do, in the same words as the shell plugin's warning.
 */
import type { FrontEnd } from "../../kernel/mod.ts";
import { describeSandbox, detectSandbox, sandboxWarning } from "../../lib/sandbox/mod.ts";
import type { Problem } from "./problem.ts";

/** What `tern doctor --json` says of the sandbox. */
export interface SandboxReport {
  backend: "bwrap" | "landlock" | "seatbelt" | "none";
  /** One line naming the backend, e.g. "Landlock (ABI 7) + seccomp". */
  description: string;
  mode: string;
}

/** Finds the sandbox; the warning when there is none and the mode needs one. */
export async function checkSandbox(runtime: FrontEnd): Promise<{ sandbox: SandboxReport; problems: Problem[] }> {
  const support = await detectSandbox();
  const mode = runtime.config.sandboxMode;
  const warning = mode === "danger-full-access" ? undefined : sandboxWarning(support);
  return {
    sandbox: { backend: support.kind, description: describeSandbox(support), mode },
    problems: warning ? [{ severity: "warning", section: "sandbox", message: warning, file: null, line: null }] : [],
  };
}
