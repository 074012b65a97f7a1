/**
 * @module
 * Turns on the wire: `Turn`, `TurnError` (with Codex's `codexErrorInfo`) and token usage.
 * Zod schemas only, no logic.
 */
import { z } from "zod";
import { lazy } from "./_lazy.ts";
import { ThreadItem } from "./items.ts";

export const CodexErrorInfo = lazy(() =>
  z.union([
    z.enum([
      "contextWindowExceeded",
      "usageLimitExceeded",
      "serverOverloaded",
      "internalServerError",
      "unauthorized",
      "badRequest",
      "sandboxError",
      "other",
    ]),
    z.object({ httpConnectionFailed: z.object({ httpStatusCode: z.number().nullable() }) }),
    z.object({ responseStreamDisconnected: z.object({ httpStatusCode: z.number().nullable() }) }),
    z.object({ responseTooManyFailedAttempts: z.object({ httpStatusCode: z.number().nullable() }) }),
    /** `turn/steer` while the running turn takes no input (a manual compaction). */
    z.object({ activeTurnNotSteerable: z.object({ turnKind: z.enum(["review", "compact"]) }) }),
  ])
);
export type CodexErrorInfo = z.infer<typeof CodexErrorInfo>;

export const TurnError = lazy(() =>
  z.object({
    message: z.string(),
    codexErrorInfo: CodexErrorInfo.nullable(),
    additionalDetails: z.string().nullable(),
  })
);
export type TurnError = z.infer<typeof TurnError>;

/** A hook run's summary (`HookRunSummary`), as `hook/started` and `hook/completed` carry it. */
export const HookRunSummary = lazy(() =>
  z.object({
    id: z.string(),
    eventName: z.string(),
    handlerType: z.enum(["command", "prompt", "agent", "inProcess"]),
    executionMode: z.enum(["sync", "async"]).default("sync"),
    scope: z.enum(["thread", "turn"]),
    sourcePath: z.string().nullable(),
    source: z.string(),
    displayOrder: z.number(),
    status: z.enum(["running", "completed", "failed", "blocked", "stopped"]),
    statusMessage: z.string().nullable(),
    startedAt: z.number(),
    completedAt: z.number().nullable(),
    durationMs: z.number().nullable(),
    entries: z.array(z.object({ kind: z.enum(["warning", "stop", "feedback", "context", "error"]), text: z.string() })),
  })
);
export type HookRunSummary = z.infer<typeof HookRunSummary>;

export const TurnStatus = lazy(() => z.enum(["completed", "interrupted", "failed", "inProgress"]));
export type TurnStatus = z.infer<typeof TurnStatus>;

export const Turn = lazy(() =>
  z.object({
    id: z.string(),
    items: z.array(ThreadItem),
    itemsView: z.enum(["notLoaded", "summary", "full"]),
    status: TurnStatus,
    error: TurnError.nullable(),
    startedAt: z.number().nullable(),
    completedAt: z.number().nullable(),
    durationMs: z.number().nullable(),
    /** Tern: the hook runs of this turn, kept with it and replayed on resume. */
    hookRuns: z.array(HookRunSummary).optional(),
  })
);
export type Turn = z.infer<typeof Turn>;

export const TokenUsageBreakdown = lazy(() =>
  z.object({
    totalTokens: z.number(),
    inputTokens: z.number(),
    cachedInputTokens: z.number(),
    outputTokens: z.number(),
    reasoningOutputTokens: z.number(),
    /** Tokens written to the prompt cache; always 0 (no provider Tern speaks to reports them). */
    cacheWriteInputTokens: z.number().default(0),
  })
);
export type TokenUsageBreakdown = z.infer<typeof TokenUsageBreakdown>;

export const ThreadTokenUsage = lazy(() =>
  z.object({
    total: TokenUsageBreakdown,
    last: TokenUsageBreakdown,
    modelContextWindow: z.number().nullable(),
  })
);
export type ThreadTokenUsage = z.infer<typeof ThreadTokenUsage>;
