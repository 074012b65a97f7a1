/**
 * @module
 * Accounts on the wire, for API keys (Codex's `account/read`, `account/login/start` with type
 * `apiKey`, `account/logout`, `account/rateLimits/read`, and the `account/rateLimits/updated` and
 * `account/updated` notifications). Codex's ChatGPT logins are not Tern's: only `apiKey` is
 * accepted. Zod schemas only, no logic.
 */
import { z } from "zod";
import { lazy } from "./_lazy.ts";
import { textString } from "./limits.ts";

export const GetAccountParams = lazy(() => z.object({ refreshToken: z.boolean().optional() }));
export type GetAccountParams = z.infer<typeof GetAccountParams>;

export const Account = lazy(() => z.object({ type: z.literal("apiKey") }));
export type Account = z.infer<typeof Account>;

export const GetAccountResponse = lazy(() =>
  z.object({
    /** `{type: "apiKey"}` when a key is stored or in the environment, else null. */
    account: Account.nullable(),
    /** True when the configured provider is OpenAI's and needs a key. */
    requiresOpenaiAuth: z.boolean(),
    userId: z.string().nullable().optional(),
  })
);
export type GetAccountResponse = z.infer<typeof GetAccountResponse>;

export const LoginAccountParams = lazy(() =>
  z.object({
    type: z.literal("apiKey", { error: 'only "apiKey" logins are supported by Tern' }),
    apiKey: textString().refine((key) => key.trim() !== "", "must not be empty"),
  })
);
export type LoginAccountParams = z.infer<typeof LoginAccountParams>;
export const LoginAccountResponse = lazy(() => z.object({ type: z.literal("apiKey") }));
export type LoginAccountResponse = z.infer<typeof LoginAccountResponse>;

/** No params (Codex sends none; `{}` is accepted too). */
export const EmptyAccountParams = z.object({}).nullish();
export type EmptyAccountParams = z.infer<typeof EmptyAccountParams>;

/** One rate-limit window: how much of it is used, and when it resets (epoch seconds). */
export const RateLimitWindow = lazy(() =>
  z.object({
    usedPercent: z.number().int(),
    windowDurationMins: z.number().int().nullable().optional(),
    resetsAt: z.number().int().nullable().optional(),
  })
);
export type RateLimitWindow = z.infer<typeof RateLimitWindow>;

/** Codex's snapshot: `primary` (requests, for an API key) and `secondary` (tokens). */
export const RateLimitSnapshot = lazy(() =>
  z.object({
    limitId: z.string().nullable().optional(),
    limitName: z.string().nullable().optional(),
    primary: RateLimitWindow.nullable().optional(),
    secondary: RateLimitWindow.nullable().optional(),
    credits: z.null().optional(),
    planType: z.null().optional(),
  })
);
export type RateLimitSnapshot = z.infer<typeof RateLimitSnapshot>;

export const GetAccountRateLimitsResponse = lazy(() =>
  z.object({
    rateLimits: RateLimitSnapshot,
    rateLimitsByLimitId: z.record(z.string(), RateLimitSnapshot).nullable().optional(),
  })
);
export type GetAccountRateLimitsResponse = z.infer<typeof GetAccountRateLimitsResponse>;
