/**
 * @module
 * Queued turns on the wire (`thread/queue/*`, experimental): a queued turn, its status, and the
 * params and responses of the four queue methods. Zod schemas only, no logic.
 */
import { z } from "zod";
import { lazy } from "./_lazy.ts";
import { boundedArray, idString } from "./limits.ts";
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

/** A future turn of a thread (`thread/queue/*`): the `turn/start` params it will run with. */
export const QueuedTurn = lazy(() =>
  z.object({ id: z.string(), turnStartParams: TurnStartParams, status: QueuedTurnStatus })
);
export type QueuedTurn = z.infer<typeof QueuedTurn>;

export const ThreadQueueAddParams = lazy(() => z.object({ threadId: idString(), turnStartParams: TurnStartParams }));
export type ThreadQueueAddParams = z.infer<typeof ThreadQueueAddParams>;
export const ThreadQueueAddResponse = lazy(() => z.object({ queuedTurn: QueuedTurn }));
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

export const ThreadQueueDeleteParams = lazy(() => z.object({ threadId: idString(), queuedTurnId: idString() }));
export type ThreadQueueDeleteParams = z.infer<typeof ThreadQueueDeleteParams>;
export const ThreadQueueDeleteResponse = lazy(() => z.object({ deleted: z.boolean() }));
export type ThreadQueueDeleteResponse = z.infer<typeof ThreadQueueDeleteResponse>;

/** `queuedTurnIds` names every visible queued turn exactly once, in the new order. */
export const ThreadQueueReorderParams = lazy(() =>
  z.object({ threadId: idString(), queuedTurnIds: boundedArray(idString()) })
);
export type ThreadQueueReorderParams = z.infer<typeof ThreadQueueReorderParams>;
export const ThreadQueueReorderResponse = lazy(() => z.object({ queuedTurns: z.array(QueuedTurn) }));
export type ThreadQueueReorderResponse = z.infer<typeof ThreadQueueReorderResponse>;
