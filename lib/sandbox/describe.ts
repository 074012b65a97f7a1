/**
 * @module
 * The sandbox in words, the same wherever the user looks: the one-line name of the backend that
 * runs commands (`--debug`, `tern doctor`, `tern sandbox`), and the warning for a machine without
 * one (the terminal, `tern doctor`, and a `configWarning` notification to app-server clients).
 */
import type { SandboxSupport } from "./detect.ts";

/**
 * One line naming the backend and what it isolates.
 *
 * @example
 * ```ts
 * describeSandbox({ kind: "landlock", abi: 6 }); // "Landlock (ABI 6) + seccomp"
 * ```
 */
export function describeSandbox(support: SandboxSupport): string {
  switch (support.kind) {
    case "bwrap":
      return `bubblewrap (${support.path})${support.seccomp ? " + seccomp" : ""}`;
    case "landlock":
      return `Landlock (ABI ${support.abi}) + seccomp`;
    case "seatbelt":
      return `Seatbelt (${support.path})`;
    case "none":
      return `none: ${support.reason}`;
  }
}

/** The warning for a machine with no sandbox; undefined when there is one. */
export function sandboxWarning(support: SandboxSupport): string | undefined {
  if (support.kind !== "none") return undefined;
  return `No sandbox for shell commands: ${support.reason}. In "read-only" and "workspace-write" modes every ` +
    `command needs approval. ${support.advice}.`;
}
