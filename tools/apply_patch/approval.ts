/**
 * @module
 * Decides whether a planned patch may write: paths the sandbox policy lets it write (`canWrite()`:
 * inside the writable roots, not inside a root's `.git` or `.tern` nor Tern's home; checked on the
 * path as written and on its real path, so a symlink cannot lead outside) need nothing; other
 * paths need `item/fileChange/requestApproval`, cached for the session by the set of paths.
 * Policy `untrusted` asks for every patch (as Codex); `never` refuses instead of asking;
 * `on-failure` asks like `on-request`, since Tern's writes are not retried outside a sandbox. A
 * PreToolUse hook's `ask` (`ctx.approvalRequired`) makes any patch ask, with the hook's reason.
 */
import { canWrite, protectedBy, requestApproval, type SandboxPolicy, type ToolContext } from "../../kernel/mod.ts";
import type { PatchFs } from "./operations.ts";

/** The outcome of `authorizeWrites()`. */
export type WriteVerdict =
  | { allowed: true; asked: boolean }
  | { allowed: false; message: string };

/** The paths among `absPaths` that the sandbox does not let the patch write. */
export async function pathsOutsideRoots(sandbox: SandboxPolicy, absPaths: string[], fs: PatchFs): Promise<string[]> {
  if (sandbox.writableRoots.includes("/")) return [];
  let realRoots: SandboxPolicy | undefined;
  const outside: string[] = [];
  for (const path of absPaths) {
    if (!canWrite(sandbox, path)) {
      outside.push(path);
      continue;
    }
    const real = await fs.realPath(path);
    if (real === path) continue;
    const withReal = async (paths: string[]) => [...paths, ...await Promise.all(paths.map((p) => fs.realPath(p)))];
    realRoots ??= {
      ...sandbox,
      writableRoots: await withReal(sandbox.writableRoots),
      readOnlyPaths: await withReal(sandbox.readOnlyPaths ?? []),
    };
    if (!canWrite(realRoots, real)) outside.push(path);
  }
  return outside;
}

/**
 * Asks, when the policy says so, whether the patch may write `absPaths`.
 * `startedAtMs` is when the `fileChange` item started.
 */
export async function authorizeWrites(
  ctx: ToolContext,
  absPaths: string[],
  options: { fs: PatchFs; startedAtMs: number },
): Promise<WriteVerdict> {
  const outside = await pathsOutsideRoots(ctx.sandbox, absPaths, options.fs);
  const described = outside.map((path) => {
    const guard = protectedBy(ctx.sandbox, path);
    return guard ? `${path} (read-only: inside ${guard})` : path;
  }).join(", ");
  const mustAsk = ctx.approvalPolicy === "untrusted" || outside.length > 0 || ctx.approvalRequired !== null;
  if (!mustAsk) return { allowed: true, asked: false };
  if (ctx.approvalPolicy === "never" && outside.length > 0) {
    return {
      allowed: false,
      message: `Cannot apply the patch: it writes outside what the sandbox lets it write (${described}) ` +
        `and the approval policy "never" does not allow asking the user. No files were changed.`,
    };
  }
  const reason = ctx.approvalRequired ??
    (outside.length > 0 ? `The patch writes outside what the sandbox lets it write: ${described}` : null);
  const result = await requestApproval(ctx, "item/fileChange/requestApproval", {
    threadId: ctx.threadId,
    turnId: ctx.turnId,
    itemId: ctx.callId,
    startedAtMs: options.startedAtMs,
    reason,
    grantRoot: null,
  }, { cacheKey: `apply_patch:${[...absPaths].sort().join("\n")}` });
  switch (result.decision) {
    case "accept":
    case "acceptForSession":
      return { allowed: true, asked: true };
    case "decline":
      return {
        allowed: false,
        message: result.reason
          ? `The patch was declined (${result.reason}). No files were changed.`
          : "The user declined the patch. No files were changed.",
      };
    case "cancel":
      return {
        allowed: false,
        message: `The patch was cancelled${result.reason ? ` (${result.reason})` : ""} and the turn interrupted. ` +
          "No files were changed.",
      };
  }
}
