/**
 * @module
 * Queued turns on the wire (`thread/queue/*`, experimental): a queued turn, its status, and the
 * params and responses of the four queue methods. Zod schemas only, no logic.
 */
import { z } from "zod";
import { lazy } from "./_lazy.ts";
import { boundedArray, idString } from "./limits.ts";
import { UserInput } from "./items.ts";
import { TurnStartParams } from "./methods.ts";
import { TurnError } from "./turn.ts";

/** Where a queued turn stands on the wire: waiting, or its start failed (it blocks the queue until removed). */
export const QueuedTurnStatus = lazy(() =>
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("pending") }),
    z.object({ type: z.literal("failed"), error: TurnError }),
  ])
);
export type QueuedTurnStatus = z.infer<typeof QueuedTurnStatus>;

/**
 * What Codex 0.169 calls a queued turn (`QueuedSubmission`): the message's id as the client named
 * it and its input. The reference (seed 002) and 0.169 differ; Tern accepts and sends both shapes.
 */
export const QueuedSubmission = lazy(() =>
  z.object({ id: z.string(), clientUserMessageId: z.string(), input: z.array(UserInput) })
);
export type QueuedSubmission = z.infer<typeof QueuedSubmission>;

/**
 * A future turn of a thread (`thread/queue/*`): the `turn/start` params it will run with (the
 * reference's shape), and the same as a `QueuedSubmission` (Codex 0.169's: `clientUserMessageId`
 * is the queued turn's id when the client named none).
 */
export const QueuedTurn = lazy(() =>
  z.object({
    id: z.string(),
    turnStartParams: TurnStartParams,
    status: QueuedTurnStatus,
    clientUserMessageId: z.string(),
    input: z.array(UserInput),
  })
);
export type QueuedTurn = z.infer<typeof QueuedTurn>;

/**
 * Either the reference's `turnStartParams`, or Codex 0.169's `clientUserMessageId` and `input`
 * (exactly one of the two; `queue_methods.ts` checks).
 */
export const ThreadQueueAddParams = lazy(() =>
  z.object({
    threadId: idString(),
    turnStartParams: TurnStartParams.optional(),
    clientUserMessageId: idString().optional(),
    input: boundedArray(UserInput).optional(),
    responsesapiClientMetadata: z.record(z.string(), z.string()).nullable().optional(),
  })
);
export type ThreadQueueAddParams = z.infer<typeof ThreadQueueAddParams>;
/** `queuedTurn` for the reference's clients, `queuedSubmission` for Codex 0.169's. */
export const ThreadQueueAddResponse = lazy(() =>
  z.object({ queuedTurn: QueuedTurn, queuedSubmission: QueuedSubmission })
);
export type ThreadQueueAddResponse = z.infer<typeof ThreadQueueAddResponse>;

export const ThreadQueueListParams = lazy(() =>
  z.object({
    threadId: idString(),
    /** An offset from a previous page's `nextCursor`. */
    cursor: idString().nullable().optional(),
    /** Rows per page, 1 to 100. @default 25 */
    limit: z.number().int().min(0).nullable().optional(),
  })
);
export type ThreadQueueListParams = z.infer<typeof ThreadQueueListParams>;
export const ThreadQueueListResponse = lazy(() =>
  z.object({ data: z.array(QueuedTurn), nextCursor: z.string().nullable() })
);
export type ThreadQueueListResponse = z.infer<typeof ThreadQueueListResponse>;

/** `queuedTurnId` (the reference) or `queuedSubmissionId` (Codex 0.169). */
export const ThreadQueueDeleteParams = lazy(() =>
  z.object({ threadId: idString(), queuedTurnId: idString().optional(), queuedSubmissionId: idString().optional() })
);
export type ThreadQueueDeleteParams = z.infer<typeof ThreadQueueDeleteParams>;
export const ThreadQueueDeleteResponse = lazy(() => z.object({ deleted: z.boolean() }));
export type ThreadQueueDeleteResponse = z.infer<typeof ThreadQueueDeleteResponse>;

/**
 * `queuedTurnIds` (the reference) or `queuedSubmissionIds` (Codex 0.169) names every visible
 * queued turn exactly once, in the new order.
 */
export const ThreadQueueReorderParams = lazy(() =>
  z.object({
    threadId: idString(),
    queuedTurnIds: boundedArray(idString()).optional(),
    queuedSubmissionIds: boundedArray(idString()).optional(),
  })
);
export type ThreadQueueReorderParams = z.infer<typeof ThreadQueueReorderParams>;
export const ThreadQueueReorderResponse = lazy(() => z.object({ queuedTurns: z.array(QueuedTurn) }));
export type ThreadQueueReorderResponse = z.infer<typeof ThreadQueueReorderResponse>;
