/**
 * @module
 * The params and responses of the thread-administration requests: `thread/revert` (Codex's
 * successor of `thread/rollback`), `thread/delete`, `thread/metadata/update`, thread goals
 * (`thread/goal/set|get|clear`) and `turn/settings/update`. Zod schemas only, no logic.
 */
import { z } from "zod";
import { lazy } from "./_lazy.ts";
import { idString, nameString, textString, urlString } from "./limits.ts";
import { AskForApproval, ReasoningEffort, Thread } from "./thread.ts";
import { ReasoningSummary, WireSandboxPolicy } from "./methods.ts";

export const ThreadRevertParams = lazy(() =>
  z.object({
    threadId: idString(),
    /** This turn and every later one leave the thread's history. */
    beforeTurnId: idString(),
  })
);
export type ThreadRevertParams = z.infer<typeof ThreadRevertParams>;
export const ThreadRevertResponse = lazy(() =>
  z.object({
    /** The thread after the revert; `turns` is always empty (read them with `thread/read`). */
    thread: Thread,
    turnsBackwardsCursor: z.string().nullable().optional(),
    itemsBackwardsCursor: z.string().nullable().optional(),
  })
);
export type ThreadRevertResponse = z.infer<typeof ThreadRevertResponse>;

export const ThreadDeleteParams = lazy(() => z.object({ threadId: idString() }));
export type ThreadDeleteParams = z.infer<typeof ThreadDeleteParams>;

/** One git field of `thread/metadata/update`: omitted keeps it, null clears it, a string replaces it. */
const GitField = () => z.union([nameString().min(1, "must not be empty"), z.null()]).optional();

export const ThreadMetadataUpdateParams = lazy(() =>
  z.object({
    threadId: idString(),
    /** Patches the thread's stored git metadata; null clears all of it. */
    gitInfo: z.object({
      sha: GitField(),
      branch: GitField(),
      originUrl: z.union([urlString().min(1, "must not be empty"), z.null()]).optional(),
    }).strict().nullable().optional(),
  })
);
export type ThreadMetadataUpdateParams = z.infer<typeof ThreadMetadataUpdateParams>;
export const ThreadMetadataUpdateResponse = lazy(() => z.object({ thread: Thread }));
export type ThreadMetadataUpdateResponse = z.infer<typeof ThreadMetadataUpdateResponse>;

export const ThreadGoalStatus = lazy(() =>
  z.enum(["active", "paused", "blocked", "usageLimited", "budgetLimited", "complete"])
);
export type ThreadGoalStatus = z.infer<typeof ThreadGoalStatus>;

/** Who changes a goal: the user, or the goal's own lifecycle (the model, a budget). */
export const ThreadGoalMutationOrigin = lazy(() => z.enum(["user", "automatic"]));
export type ThreadGoalMutationOrigin = z.infer<typeof ThreadGoalMutationOrigin>;

/** A thread's goal: an objective the thread keeps working on while it is `active`. */
export const ThreadGoal = lazy(() =>
  z.object({
    threadId: z.string(),
    objective: z.string(),
    status: ThreadGoalStatus,
    tokenBudget: z.number().int().nullable().optional(),
    tokensUsed: z.number().int(),
    timeUsedSeconds: z.number().int(),
    /** Unix seconds. */
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
);
export type ThreadGoal = z.infer<typeof ThreadGoal>;

export const ThreadGoalSetParams = lazy(() =>
  z.object({
    threadId: idString(),
    /** A new objective (starts a new goal); omitted keeps the current one. */
    objective: textString().nullable().optional(),
    status: ThreadGoalStatus.nullable().optional(),
    /** The most tokens the goal may use; past it the goal is `budgetLimited`. */
    tokenBudget: z.number().int().positive().nullable().optional(),
    origin: ThreadGoalMutationOrigin.nullable().optional(),
  })
);
export type ThreadGoalSetParams = z.infer<typeof ThreadGoalSetParams>;
export const ThreadGoalSetResponse = lazy(() => z.object({ goal: ThreadGoal }));
export type ThreadGoalSetResponse = z.infer<typeof ThreadGoalSetResponse>;

export const ThreadGoalGetParams = lazy(() => z.object({ threadId: idString() }));
export type ThreadGoalGetParams = z.infer<typeof ThreadGoalGetParams>;
export const ThreadGoalGetResponse = lazy(() => z.object({ goal: ThreadGoal.nullable() }));
export type ThreadGoalGetResponse = z.infer<typeof ThreadGoalGetResponse>;

export const ThreadGoalClearParams = lazy(() =>
  z.object({ threadId: idString(), origin: ThreadGoalMutationOrigin.nullable().optional() })
);
export type ThreadGoalClearParams = z.infer<typeof ThreadGoalClearParams>;
export const ThreadGoalClearResponse = lazy(() => z.object({ cleared: z.boolean() }));
export type ThreadGoalClearResponse = z.infer<typeof ThreadGoalClearResponse>;

/**
 * `turn/settings/update` (experimental; Codex 0.169 has the method but publishes no schema for
 * it): settings for the running turn's next model request and every later turn. `expectedTurnId`,
 * when set, must name the running turn.
 */
export const TurnSettingsUpdateParams = lazy(() =>
  z.object({
    threadId: idString(),
    expectedTurnId: idString().nullable().optional(),
    model: nameString().nullable().optional(),
    effort: ReasoningEffort.nullable().optional(),
    summary: ReasoningSummary.nullable().optional(),
    approvalPolicy: AskForApproval.nullable().optional(),
    sandboxPolicy: WireSandboxPolicy.nullable().optional(),
  })
);
export type TurnSettingsUpdateParams = z.infer<typeof TurnSettingsUpdateParams>;

/** The settings of a loaded thread, as `thread/settings/updated` carries them (Codex's `ThreadSettings`). */
export const ThreadSettingsWire = lazy(() =>
  z.object({
    approvalPolicy: AskForApproval,
    approvalsReviewer: z.enum(["user", "auto_review", "guardian_subagent"]),
    collaborationMode: z.object({
      mode: z.enum(["plan", "default"]),
      settings: z.object({
        model: z.string(),
        reasoning_effort: z.string().nullable().optional(),
        developer_instructions: z.string().nullable().optional(),
      }),
    }),
    cwd: z.string(),
    effort: z.string().nullable().optional(),
    model: z.string(),
    modelProvider: z.string(),
    sandboxPolicy: WireSandboxPolicy,
    summary: z.string().nullable().optional(),
  })
);
export type ThreadSettingsWire = z.infer<typeof ThreadSettingsWire>;
