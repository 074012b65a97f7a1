/**
 * @module
 * Approvals and sandbox policy, the parts every tool shares. `sandboxPolicyFor()` turns a
 * thread's sandbox mode into concrete writable roots and network access; `canWrite()` is the one
 * rule every write path follows (the roots, less each root's `.git` and `.tern` and the policy's
 * read-only paths such as Tern's home, which the command sandboxes enforce too); `SessionApprovals` is
 * the per-thread cache behind `acceptForSession`; `requestApproval()` asks the client through a
 * server request and maps every outcome to a decision (a request nobody can answer is declined,
 * an interrupt or a `cancel` answer interrupts the turn). Permission handlers (PermissionRequest
 * hooks, through `ctx.checkPermission`) may allow or deny before the user is asked. Which calls need approval is each
 * tool's business (the shell tool knows which commands are safe); this module only asks.
 */
import type { AskForApproval, SandboxMode } from "../protocol/thread.ts";
import type { ReviewDecision, ServerRequestMap } from "../protocol/server_requests.ts";
import type { RequestSender } from "./server_requests.ts";
import { startTimer } from "../base/timer.ts";

/** What a sandboxed tool may touch. */
export interface SandboxPolicy {
  mode: SandboxMode;
  /** Absolute directories writes may go to (`["/"]` for danger-full-access, `[]` for read-only). */
  writableRoots: string[];
  /** Whether sandboxed commands may reach the network. */
  networkAccess: boolean;
  /**
   * Absolute paths that stay read-only inside the writable roots besides each root's `.git` and
   * `.tern` (`PROTECTED_NAMES`): Tern's home, whose hooks and config run unsandboxed next session.
   */
  readOnlyPaths?: string[];
}

/** Entries of a writable root that stay read-only, as in Codex (`.codex` there, `.tern` here). */
export const PROTECTED_NAMES = [".git", ".tern"];

/** Options for `sandboxPolicyFor()`. */
export interface SandboxPolicyOptions {
  /** More writable roots for `workspace-write` (config `sandboxWorkspaceWrite.writableRoots`). */
  extraWritableRoots?: string[];
  /** Network for `workspace-write` (config `sandboxWorkspaceWrite.networkAccess`). @default false */
  networkAccess?: boolean;
  /** The temp directory to keep writable. @default $TMPDIR, else /tmp */
  tmpDir?: string;
  /** Paths kept read-only inside the writable roots (Tern's home). @default [] */
  readOnlyPaths?: string[];
}

/** The concrete policy for a sandbox mode in a workspace. */
export function sandboxPolicyFor(mode: SandboxMode, cwd: string, options: SandboxPolicyOptions = {}): SandboxPolicy {
  switch (mode) {
    case "danger-full-access":
      return { mode, writableRoots: ["/"], networkAccess: true };
    case "read-only":
      return { mode, writableRoots: [], networkAccess: false };
    case "workspace-write": {
      const tmp = options.tmpDir ?? tmpDirFromEnv();
      const roots = [cwd, ...(options.extraWritableRoots ?? []), tmp, ...(tmp === "/tmp" ? [] : ["/tmp"])];
      return {
        mode,
        writableRoots: [...new Set(roots.map(stripSlash))],
        networkAccess: options.networkAccess ?? false,
        readOnlyPaths: (options.readOnlyPaths ?? []).map(stripSlash),
      };
    }
  }
}

/**
 * True when `path` (absolute, normalized) may be written under the policy: it lies inside a writable
 * root, and not inside that root's `.git` or `.tern` nor any of the policy's read-only paths.
 * `danger-full-access` (the root `/`) allows everything.
 */
export function canWrite(policy: SandboxPolicy, path: string): boolean {
  if (policy.writableRoots.includes("/")) return true;
  return policy.writableRoots.some((root) => inside(path, root)) && protectedBy(policy, path) === undefined;
}

/** The read-only path that keeps `path` from being written (a root's `.git`, `.tern`, Tern's home), if any. */
export function protectedBy(policy: SandboxPolicy, path: string): string | undefined {
  if (policy.writableRoots.includes("/")) return undefined;
  const candidates = [
    ...policy.writableRoots.flatMap((root) => PROTECTED_NAMES.map((name) => `${root}/${name}`)),
    ...(policy.readOnlyPaths ?? []),
  ];
  return candidates.find((candidate) => inside(path, candidate));
}

function inside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir + "/");
}

/** The thread's cache of what the user accepted "for this session". */
export class SessionApprovals {
  #keys = new Set<string>();
  has(key: string): boolean {
    return this.#keys.has(key);
  }
  add(key: string): void {
    this.#keys.add(key);
  }
}

/** What a permission check is told. */
export interface PermissionCheck {
  method: string;
  /** The call's id (`tool_use_id`). */
  callId: string;
  toolName: string;
  toolInput: string;
  reason: string | null;
}

/** A permission check's verdict. */
export type PermissionVerdict = { decision: "allow" | "deny" | "ask"; message?: string };

/** What `requestApproval()` reads of a tool context. */
export interface ApprovalContext extends RequestSender {
  callId: string;
  toolName: string;
  toolInput: string;
  approvalMetadata: Record<string, unknown>;
  approvalCacheKey: string | null;
  approvals: SessionApprovals;
  checkPermission(request: PermissionCheck): Promise<PermissionVerdict>;
  interrupt(): void;
}

/** The approval server requests. */
export type ApprovalMethod = "item/commandExecution/requestApproval" | "item/fileChange/requestApproval";

/** The outcome of `requestApproval()`: a decision, and why when it was not the user's. */
export interface ApprovalResult {
  decision: ReviewDecision;
  /** Set when the decision came from policy, an interrupt or a client error. */
  reason?: string;
}

/**
 * Asks the client to approve a call. `cacheKey` (say, the command) makes `acceptForSession`
 * stick for the thread. `cancel` interrupts the turn.
 */
export async function requestApproval<M extends ApprovalMethod>(
  ctx: ApprovalContext,
  method: M,
  params: ServerRequestMap[M]["params"],
  options: {
    cacheKey?: string;
    /**
     * Called right after the request goes to the bus (so after the client's status flag is raised
     * and before the client receives it); not called when no request is sent (a cached answer or a
     * permission hook's verdict).
     */
    onRequest?: () => void;
  } = {},
): Promise<ApprovalResult> {
  const cacheKey = ctx.approvalCacheKey ?? options.cacheKey;
  params = { ...params, ...ctx.approvalMetadata };
  if (cacheKey && ctx.approvals.has(cacheKey)) {
    return { decision: "accept", reason: "approved for this session" };
  }
  const reason = (params as { reason?: string | null }).reason ?? null;
  const verdict = await ctx.checkPermission({
    method,
    callId: ctx.callId,
    toolName: ctx.toolName,
    toolInput: ctx.toolInput,
    reason,
  });
  if (verdict.decision === "allow") {
    return { decision: "accept", reason: verdict.message ?? "allowed by a permission hook" };
  }
  if (verdict.decision === "deny") {
    return { decision: "decline", reason: verdict.message ?? "denied by a permission hook" };
  }
  const pending = ctx.request(method, params);
  options.onRequest?.();
  const outcome = await pending;
  let result: ApprovalResult;
  switch (outcome.status) {
    case "answered":
      result = { decision: (outcome.response as { decision: ReviewDecision }).decision };
      break;
    case "declined":
      result = { decision: "decline", reason: outcome.reason };
      break;
    case "cancelled":
      result = { decision: "cancel", reason: outcome.reason };
      break;
    case "failed":
      result = { decision: "decline", reason: `the client failed to answer: ${outcome.message}` };
  }
  if (result.decision === "acceptForSession" && cacheKey) ctx.approvals.add(cacheKey);
  if (result.decision === "cancel") ctx.interrupt();
  if (result.decision === "accept" || result.decision === "acceptForSession") await afterApprovalSettles();
  return result;
}

/**
 * Waits one macrotask after an accepted approval, so that the client sees the thread's
 * `waitingOnApproval` flag cleared (which the app-server does a macrotask after the request
 * settles) before anything the approved call then reports, its `item/completed` first: Codex's
 * order. A declined call reports its `item/completed` at once, before the flag clears, as Codex does.
 */
export function afterApprovalSettles(): Promise<void> {
  return new Promise((resolve) => startTimer(0, resolve));
}

/** Whether a policy lets Tern ask the user at all. */
export function canAsk(policy: AskForApproval): boolean {
  return policy !== "never";
}

function tmpDirFromEnv(): string {
  try {
    return stripSlash(Deno.env.get("TMPDIR") || "/tmp");
  } catch {
    return "/tmp";
  }
}

function stripSlash(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}
