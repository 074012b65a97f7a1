/**
 * @module
 * `review/start` on the wire: a review turn in a thread over uncommitted changes, the changes
 * against a base branch, one commit, or custom instructions (Codex's `ReviewTarget`), delivered
 * inline (Codex 0.169's only delivery). The turn's items are Codex's `enteredReviewMode`, the
 * reviewer's `agentMessage`, and `exitedReviewMode` (in `items.ts`). Zod schemas only, no logic.
 */
import { z } from "zod";
import { lazy } from "./_lazy.ts";
import { idString, nameString, textString } from "./limits.ts";
import { Turn } from "./turn.ts";

export const ReviewTarget = lazy(() =>
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("uncommittedChanges") }),
    z.object({ type: z.literal("baseBranch"), branch: nameString().min(1) }),
    z.object({
      type: z.literal("commit"),
      sha: z.string().regex(/^[0-9a-fA-F]{4,64}$/, "must be a commit sha (hex)"),
      title: nameString().nullable().optional(),
    }),
    z.object({
      type: z.literal("custom"),
      instructions: textString().refine((t) => t.trim() !== "", "must not be empty"),
    }),
  ])
);
export type ReviewTarget = z.infer<typeof ReviewTarget>;

export const ReviewStartParams = lazy(() =>
  z.object({
    threadId: idString(),
    target: ReviewTarget,
    /** Only `inline` (on this thread); to review on another thread, start one and use its id. */
    delivery: z.literal("inline", { error: 'only "inline" delivery is supported' }).nullable().optional(),
  })
);
export type ReviewStartParams = z.infer<typeof ReviewStartParams>;

export const ReviewStartResponse = lazy(() => z.object({ turn: Turn, reviewThreadId: z.string() }));
export type ReviewStartResponse = z.infer<typeof ReviewStartResponse>;
