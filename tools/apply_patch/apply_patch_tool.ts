/**
 * @module
 * The `apply_patch` freeform tool: parse, plan (every file read and every chunk matched before
 * anything is written), start a `fileChange` item, ask for approval when the policy requires it,
 * commit all or nothing, complete the item, then publish the turn's aggregated diff. Calls are
 * serialised, so parallel patches never plan against a file another one is about to write.
 * Failures before the item starts (bad patch, chunk not found) are plain error results.
 */
import type { FileChangeItem, FileUpdateChange, FreeformTool, ToolContext, ToolResult } from "../../kernel/mod.ts";
import { authorizeWrites } from "./approval.ts";
import { changesDisk, commitPlan } from "./commit.ts";
import { APPLY_PATCH_DESCRIPTION, APPLY_PATCH_LARK_GRAMMAR } from "./grammar.ts";
import { denoPatchFs, type PatchFs } from "./operations.ts";
import { parsePatch, PatchParseError, unwrapToolInput } from "./parser.ts";
import { PatchApplyError, type PatchPlan, type PlannedHunk, planPatch } from "./plan.ts";
import { type Content, diffContents, labelFor, type TouchedFile, TurnDiffs } from "./turn_diff.ts";
import { editsFromReplacements, renderFileDiff } from "./unified_diff.ts";

/** Options of `createApplyPatchTool()`; all optional. */
export interface ApplyPatchToolOptions {
  /** File operations. @default denoPatchFs */
  fs?: PatchFs;
  /** Where the per-turn diffs are kept. @default a new `TurnDiffs` */
  turnDiffs?: TurnDiffs;
}

/**
 * Creates the `apply_patch` tool.
 *
 * @example
 * ```ts
 * api.tools.register(createApplyPatchTool());
 * ```
 */
export function createApplyPatchTool(options: ApplyPatchToolOptions = {}): FreeformTool {
  const fs = options.fs ?? denoPatchFs;
  const turnDiffs = options.turnDiffs ?? new TurnDiffs();
  let queue: Promise<unknown> = Promise.resolve();
  return {
    kind: "freeform",
    name: "apply_patch",
    reportsItself: true,
    description: APPLY_PATCH_DESCRIPTION,
    format: { type: "grammar", syntax: "lark", definition: APPLY_PATCH_LARK_GRAMMAR },
    execute(input, ctx) {
      const run = queue.then(() => applyPatchCall(input, ctx, fs, turnDiffs));
      queue = run.catch(() => {});
      return run;
    },
  };
}

const NOTHING_CHANGED = "No files were changed; fix the patch and send all of it again.";

async function applyPatchCall(input: string, ctx: ToolContext, fs: PatchFs, turnDiffs: TurnDiffs): Promise<ToolResult> {
  let plan: PatchPlan;
  try {
    const patch = parsePatch(unwrapToolInput(input));
    if (patch.hunks.length === 0) return failure("No files were modified: the patch contains no hunks");
    plan = await planPatch(patch, { cwd: ctx.cwd, fs });
  } catch (error) {
    if (error instanceof PatchParseError) return failure(error.message);
    if (error instanceof PatchApplyError) return failure(`${error.message}\n${NOTHING_CHANGED}`);
    throw error;
  }

  const diffs = await Promise.all(plan.hunks.map((hunk) => hunkDiff(hunk, ctx.cwd)));
  const item: FileChangeItem = {
    type: "fileChange",
    id: ctx.callId,
    changes: plan.hunks.map((hunk, i) => itemChange(hunk, diffs[i])),
    status: "inProgress",
  };
  const startedAtMs = Date.now();
  ctx.startItem(item);
  const finish = (status: FileChangeItem["status"], output: string): ToolResult => {
    ctx.completeItem({ ...item, status });
    return status === "completed" ? { output, success: true } : failure(output);
  };

  const verdict = await authorizeWrites(ctx, [...plan.files.keys()], { fs, startedAtMs });
  if (!verdict.allowed) return finish("declined", verdict.message);
  if (ctx.signal.aborted) {
    return finish("failed", "The patch was not applied: the turn was interrupted. No files were changed.");
  }
  if (verdict.asked) {
    const stale = await changedSincePlanned(plan, fs);
    if (stale) {
      return finish(
        "failed",
        `${stale} changed on disk while the patch waited for approval. No files were changed; read it again ` +
          "and send a new patch.",
      );
    }
  }
  try {
    await commitPlan(plan, fs);
  } catch (error) {
    if (error instanceof PatchApplyError) return finish("failed", error.message);
    throw error;
  }
  const result = finish("completed", summary(plan));
  await publishTurnDiff(ctx, plan, diffs, turnDiffs);
  return result;
}

function failure(output: string): ToolResult {
  return { output, success: false };
}

/** Codex's success message: added, then modified, then deleted paths, as the patch names them. */
function summary(plan: PatchPlan): string {
  const added: string[] = [];
  const modified: string[] = [];
  const deleted: string[] = [];
  for (const { hunk } of plan.hunks) {
    if (hunk.type === "add") added.push(`A ${hunk.path}`);
    else if (hunk.type === "delete") deleted.push(`D ${hunk.path}`);
    else modified.push(`M ${hunk.movePath ?? hunk.path}`);
  }
  return ["Success. Updated the following files:", ...added, ...modified, ...deleted].join("\n") + "\n";
}

function contentOf(text: string | null, binary: boolean): Content {
  return binary ? { binary: true } : text === null ? null : { text };
}

/** The diff of what one hunk did to its file (a rename diff for a move). */
async function hunkDiff(planned: PlannedHunk, cwd: string): Promise<string> {
  const label = labelFor(cwd, planned.absPath);
  if (!planned.update) return await diffContents(label, contentOf(planned.before, planned.beforeBinary), planned.after);
  const { oldLines, newLines, oldFinalNewline, replacements } = planned.update;
  return await renderFileDiff({
    oldPath: label,
    newPath: planned.absMovePath === null ? label : labelFor(cwd, planned.absMovePath),
    old: { lines: oldLines, finalNewline: oldFinalNewline },
    new: { lines: newLines, finalNewline: newLines.length > 0 },
    edits: await editsFromReplacements(oldLines, newLines, replacements),
  });
}

function itemChange(planned: PlannedHunk, diff: string): FileUpdateChange {
  const { hunk } = planned;
  if (hunk.type === "add") return { path: planned.absPath, kind: { type: "add" }, diff };
  if (hunk.type === "delete") return { path: planned.absPath, kind: { type: "delete" }, diff };
  const movePath = planned.absMovePath !== null && planned.absMovePath !== planned.absPath ? planned.absMovePath : null;
  return { path: planned.absPath, kind: { type: "update", move_path: movePath }, diff };
}

/** The display path of the first planned file whose disk content is no longer what was planned. */
async function changedSincePlanned(plan: PatchPlan, fs: PatchFs): Promise<string | null> {
  for (const file of plan.files.values()) {
    const now = await fs.read(file.absPath).catch(() => null);
    const same = now !== null &&
      (file.original === null
        ? now.kind === "missing"
        : now.kind === "file" && sameBytes(now.bytes, file.original.bytes));
    if (!same) return file.displayPath;
  }
  return null;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

async function publishTurnDiff(ctx: ToolContext, plan: PatchPlan, diffs: string[], turnDiffs: TurnDiffs) {
  const touches = new Map<string, number[]>();
  plan.hunks.forEach((hunk, i) => {
    for (const path of new Set([hunk.absPath, hunk.absMovePath ?? hunk.absPath])) {
      touches.set(path, [...(touches.get(path) ?? []), i]);
    }
  });
  const files: TouchedFile[] = [];
  for (const file of plan.files.values()) {
    if (!changesDisk(file)) continue;
    const [only, ...more] = touches.get(file.absPath) ?? [];
    const hunk = plan.hunks[only];
    const reusable = more.length === 0 && hunk && (hunk.absMovePath === null || hunk.absMovePath === hunk.absPath);
    files.push({
      absPath: file.absPath,
      before: contentOf(file.original?.text ?? null, file.original !== null && file.original.text === null),
      after: file.final,
      diff: reusable ? diffs[only] : undefined,
    });
  }
  try {
    const diff = await turnDiffs.record(ctx.threadId, ctx.turnId, ctx.cwd, files);
    ctx.emit("turn/diff/updated", { threadId: ctx.threadId, turnId: ctx.turnId, diff });
  } catch (error) {
    ctx.log(`apply_patch: cannot compute the turn diff: ${(error as Error).message}`);
  }
}
