/**
 * @module
 * Rate limits from an OpenAI-style response's headers (`x-ratelimit-limit-requests`,
 * `x-ratelimit-remaining-requests`, `x-ratelimit-reset-requests`, and the same for `tokens`), in
 * Codex's snapshot shape: `primary` is the request window, `secondary` the token window, each with
 * the percent used and when it resets (epoch seconds). The headers do not say a window's length,
 * so `windowDurationMins` is null. Null when the response carries none of them.
 */
import type { RateLimitSnapshot, RateLimitWindow } from "../../kernel/mod.ts";

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds in a duration such as `1s`, `6m0s`, `20ms`, `1h2m3.5s`; null when it is not one. */
export function durationSeconds(text: string): number | null {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text.trim()) return null;
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNITS[unit], 0);
}

function window(headers: Headers, kind: "requests" | "tokens", nowMs: number): RateLimitWindow | null {
  const limit = Number(headers.get(`x-ratelimit-limit-${kind}`));
  const remaining = Number(headers.get(`x-ratelimit-remaining-${kind}`));
  if (!headers.has(`x-ratelimit-limit-${kind}`) || !(limit > 0) || !Number.isFinite(remaining)) return null;
  const reset = durationSeconds(headers.get(`x-ratelimit-reset-${kind}`) ?? "");
  return {
    usedPercent: Math.min(100, Math.max(0, Math.round(((limit - remaining) / limit) * 100))),
    windowDurationMins: null,
    resetsAt: reset === null ? null : Math.ceil(nowMs / 1000 + reset),
  };
}

/** The snapshot the headers give, or null. */
export function rateLimitsFromHeaders(headers: Headers, nowMs = Date.now()): RateLimitSnapshot | null {
  const primary = window(headers, "requests", nowMs);
  const secondary = window(headers, "tokens", nowMs);
  if (!primary && !secondary) return null;
  return { limitId: null, limitName: null, primary, secondary };
}
