/**
 * @module
 * Paged thread history on the wire, with Codex's names and shapes: `thread/turns/list` (turns, newest
 * first by default), `thread/items/list` (items, oldest first by default, across the thread or in
 * one turn), and the first page of turns `thread/resume` can answer with (`initialTurnsPage`).
 * Cursors are opaque strings. Zod schemas only, no logic.
 */
import { z } from "zod";
import { lazy } from "./_lazy.ts";
import { ThreadItem } from "./items.ts";
import { idString, textString } from "./limits.ts";
import { Turn } from "./turn.ts";

export const SortDirection = lazy(() => z.enum(["asc", "desc"]));
export type SortDirection = z.infer<typeof SortDirection>;

/** How much of each turn's `items` a page carries: none, a display summary, or all of them. */
export const TurnItemsView = lazy(() => z.enum(["notLoaded", "summary", "full"]));
export type TurnItemsView = z.infer<typeof TurnItemsView>;

/** A page size (Codex's `uint32`; Tern answers at most 1,000 per page). */
const PageLimit = lazy(() => z.number().int().min(0).max(4_294_967_295));

export const ThreadTurnsListParams = lazy(() =>
  z.object({
    threadId: idString(),
    /** A cursor from an earlier page's `nextCursor` or `backwardsCursor`. */
    cursor: textString().nullish(),
    limit: PageLimit.nullish(),
    /** Default `desc`: the newest turn first. */
    sortDirection: SortDirection.nullish(),
    /** Default `summary`. */
    itemsView: TurnItemsView.nullish(),
  })
);
export type ThreadTurnsListParams = z.infer<typeof ThreadTurnsListParams>;

/** A page of turns: `nextCursor` continues it (null at the end); `backwardsCursor` pages back from its first turn, included. */
export const TurnsPage = lazy(() =>
  z.object({
    data: z.array(Turn),
    nextCursor: z.string().nullable(),
    backwardsCursor: z.string().nullable(),
  })
);
export type TurnsPage = z.infer<typeof TurnsPage>;
export const ThreadTurnsListResponse = TurnsPage;
export type ThreadTurnsListResponse = TurnsPage;

/** An exclusive position within the turn `turnId` names. */
export const ThreadItemsListAnchor = lazy(() => z.object({ type: z.literal("item"), itemId: idString() }));
export type ThreadItemsListAnchor = z.infer<typeof ThreadItemsListAnchor>;

export const ThreadItemsListParams = lazy(() =>
  z.object({
    threadId: idString(),
    /** Only this turn's items; without it, the items of every turn in order. */
    turnId: idString().nullish(),
    /** A cursor string from an earlier page, or an item anchor (needs `turnId`). */
    cursor: z.union([textString(), ThreadItemsListAnchor]).nullish(),
    limit: PageLimit.nullish(),
    /** Default `asc`: the oldest item first. */
    sortDirection: SortDirection.nullish(),
    /** Accepted for Codex's clients; Tern's items carry their outputs inline. */
    deferOutput: z.object({}).passthrough().nullish(),
  })
);
export type ThreadItemsListParams = z.infer<typeof ThreadItemsListParams>;

export const ThreadItemEntry = lazy(() =>
  z.object({
    item: ThreadItem,
    /** The turn holding the item. */
    turnId: z.string(),
    startedAtMs: z.number().int().nullable().optional(),
    completedAtMs: z.number().int().nullable().optional(),
  })
);
export type ThreadItemEntry = z.infer<typeof ThreadItemEntry>;

export const ThreadItemsListResponse = lazy(() =>
  z.object({
    data: z.array(ThreadItemEntry),
    nextCursor: z.string().nullable(),
    backwardsCursor: z.string().nullable(),
  })
);
export type ThreadItemsListResponse = z.infer<typeof ThreadItemsListResponse>;

/** `thread/resume`'s `initialTurnsPage` (experimental): answer with the first page of turns too. */
export const ThreadResumeInitialTurnsPageParams = lazy(() =>
  z.object({
    limit: PageLimit.nullish(),
    sortDirection: SortDirection.nullish(),
    itemsView: TurnItemsView.nullish(),
  })
);
export type ThreadResumeInitialTurnsPageParams = z.infer<typeof ThreadResumeInitialTurnsPageParams>;
