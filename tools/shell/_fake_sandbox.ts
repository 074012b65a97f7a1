/**
 * @module
 * Test support: shell operations that pretend to have a sandbox. `sandbox()` reports bubblewrap at a
 * made-up path; `spawn()` records whether each request was wrapped for it, then runs the command
 * itself without any sandbox. Approval tests use it to see where a command would have run on any
 * machine; the real sandbox is tested in `sandbox_test.ts`. Private to this folder's tests.
 */
import { denoShellOperations, type ShellOperations } from "./operations.ts";
import type { SandboxSupport } from "../../lib/sandbox/mod.ts";

/** The made-up bubblewrap. */
export const PRETEND_BWRAP = "/pretend/bwrap";

/** One recorded spawn. */
export interface RecordedRun {
  /** The shell script that ran (the last argument). */
  command: string;
  sandboxed: boolean;
}

/** Operations with a pretend sandbox (or, with `none`, a machine without one). */
export function pretendSandbox(options: { none?: boolean } = {}): ShellOperations & { runs: RecordedRun[] } {
  const runs: RecordedRun[] = [];
  const support: SandboxSupport = options.none
    ? { kind: "none", reason: "bubblewrap (bwrap) is not installed", advice: "Install bubblewrap" }
    : { kind: "bwrap", path: PRETEND_BWRAP, mountProc: true, seccomp: false };
  return {
    ...denoShellOperations,
    runs,
    sandbox: () => Promise.resolve(support),
    spawn(request) {
      request = { ...request, confine: undefined };
      runs.push({ command: request.args.at(-1) ?? "", sandboxed: request.program === PRETEND_BWRAP });
      if (request.program !== PRETEND_BWRAP) return denoShellOperations.spawn(request);
      const inner = request.args.slice(request.args.indexOf("--") + 1);
      return denoShellOperations.spawn({ ...request, program: inner[0], args: inner.slice(1) });
    },
  };
}
