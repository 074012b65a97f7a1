/**
 * @module
 * Context contributors: plugins that add text to the prompt (AGENTS.md, environment context,
 * skills lists). They run before every sampling turn, in registration order; what they return
 * is placed before the history and is not persisted, so edits (say, to AGENTS.md) are seen on
 * the next turn without invalidating the stored thread.
 */
import type { SandboxPolicy } from "./requests/approvals.ts";
import type { AskForApproval } from "./protocol/thread.ts";

/** What a contributor is told about the turn it contributes to. */
export interface ContextRequest {
  threadId: string;
  turnId: string;
  cwd: string;
  model: string;
  approvalPolicy: AskForApproval;
  /** The sandbox in force: mode, writable roots, network. */
  sandbox: SandboxPolicy;
  signal: AbortSignal;
}

/** A piece of prompt: a developer or user message. */
export interface ContextFragment {
  role: "developer" | "user";
  text: string;
}

/** A context contributor, registered with `api.context.register()`. */
export interface ContextContributor {
  /** A name for diagnostics, e.g. `agents-md`. */
  name: string;
  /** Must not throw: a failure is reported as a warning and the turn goes on without it. */
  contribute(request: ContextRequest): Promise<ContextFragment[]> | ContextFragment[];
}
