/**
 * @module
 * Classifies what went wrong in one model request attempt: an HTTP error status, a failed or
 * incomplete response in the stream, a network error. Each failure says whether it may be retried
 * (and against which budget), and maps to Codex's `CodexErrorInfo`. The retry loop lives in
 * `provider.ts`.
 */
import type { CodexErrorInfo } from "../../kernel/mod.ts";

/**
 * Which retry budget a failure uses: `request` (`requestMaxRetries`: HTTP 429/5xx, network errors),
 * `stream` (`streamMaxRetries`: cut or idle streams, retryable `response.failed`), or `fatal`.
 */
export type FailureKind = "request" | "stream" | "fatal";

/** One failed attempt. Thrown inside an attempt; the retry loop decides what happens next. */
export class AttemptFailure extends Error {
  readonly kind: FailureKind;
  readonly info: CodexErrorInfo;
  readonly httpStatus: number | null;
  /** The server's requested delay (`retry-after`, `retry-after-ms`, "try again in 2s"). */
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    options: {
      kind: FailureKind;
      info: CodexErrorInfo;
      httpStatus?: number | null;
      retryAfterMs?: number;
      cause?: unknown;
    },
  ) {
    super(message, { cause: options.cause });
    this.name = "AttemptFailure";
    this.kind = options.kind;
    this.info = options.info;
    this.httpStatus = options.httpStatus ?? null;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The `{ error: { message, code, type } }` body of an OpenAI-style error. */
interface ErrorBody {
  message?: string;
  code?: string | null;
  type?: string | null;
}

function parseErrorBody(text: string): ErrorBody {
  try {
    const parsed = JSON.parse(text);
    const error = parsed?.error ?? parsed;
    if (typeof error === "string") return { message: error };
    if (error && typeof error === "object") return error as ErrorBody;
  } catch {
    // not JSON
  }
  return { message: text.trim().slice(0, 500) || undefined };
}

/**
 * The delay a response asks for: `retry-after-ms` (milliseconds), else `retry-after` (seconds or
 * an HTTP date). Undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  if (value.trim() !== "" && Number.isFinite(Number(value))) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Classifies a non-2xx HTTP response from its status, headers and body text. */
export function classifyHttpError(response: Response, bodyText: string): AttemptFailure {
  const { status } = response;
  const error = parseErrorBody(bodyText);
  const code = error.code ?? error.type ?? undefined;
  const head = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ""}`;
  const message = error.message ? `${head}: ${error.message}` : head;
  const base = { httpStatus: status, retryAfterMs: parseRetryAfter(response.headers) };
  if (code === "context_length_exceeded") {
    return new AttemptFailure(message, { ...base, kind: "fatal", info: "contextWindowExceeded" });
  }
  if (status === 429) {
    return code === "insufficient_quota"
      ? new AttemptFailure(message, { ...base, kind: "fatal", info: "usageLimitExceeded" })
      : new AttemptFailure(message, {
        ...base,
        kind: "request",
        info: { responseTooManyFailedAttempts: { httpStatusCode: status } },
      });
  }
  if (status >= 500) {
    return new AttemptFailure(message, {
      ...base,
      kind: "request",
      info: { responseTooManyFailedAttempts: { httpStatusCode: status } },
    });
  }
  const info: CodexErrorInfo = status === 401 ? "unauthorized" : status === 400 ? "badRequest" : "other";
  return new AttemptFailure(message, { ...base, kind: "fatal", info });
}

/** Reads "Please try again in 1.5s" / "in 300ms" from a rate-limit message. */
function retryHint(message: string): number | undefined {
  const match = /try again in\s*(\d+(?:\.\d+)?)\s*(ms|s|seconds?)\b/i.exec(message);
  if (!match) return undefined;
  const value = Number(match[1]);
  return match[2].toLowerCase() === "ms" ? value : value * 1000;
}

/** Classifies the error of a `response.failed` or `error` stream event (or a chat error chunk). */
export function classifyStreamError(error: ErrorBody | null | undefined, httpStatus: number | null): AttemptFailure {
  const code = error?.code ?? error?.type ?? undefined;
  const text = error?.message ?? "no error message";
  const message = `Response failed${code ? ` (${code})` : ""}: ${text}`;
  const base = { httpStatus };
  switch (code) {
    case "context_length_exceeded":
      return new AttemptFailure(message, { ...base, kind: "fatal", info: "contextWindowExceeded" });
    case "insufficient_quota":
    case "usage_not_included":
      return new AttemptFailure(message, { ...base, kind: "fatal", info: "usageLimitExceeded" });
    case "invalid_prompt":
    case "invalid_request_error":
      return new AttemptFailure(message, { ...base, kind: "fatal", info: "badRequest" });
    case "rate_limit_exceeded":
      return new AttemptFailure(message, {
        ...base,
        kind: "stream",
        info: { responseTooManyFailedAttempts: { httpStatusCode: httpStatus } },
        retryAfterMs: retryHint(text),
      });
    case "server_is_overloaded":
    case "slow_down":
      return new AttemptFailure(message, { ...base, kind: "stream", info: "serverOverloaded" });
    case "server_error":
      return new AttemptFailure(message, { ...base, kind: "stream", info: "internalServerError" });
    default:
      return new AttemptFailure(message, { ...base, kind: "fatal", info: "other" });
  }
}

/** A network-level failure (connection refused, reset, DNS). */
export function networkFailure(error: unknown): AttemptFailure {
  const detail = error instanceof Error ? error.message : String(error);
  return new AttemptFailure(`Network error: ${detail}`, {
    kind: "request",
    info: { httpConnectionFailed: { httpStatusCode: null } },
    cause: error,
  });
}

/** A stream that ended, broke or went idle before the response was complete. */
export function streamCut(detail: string, httpStatus: number | null, cause?: unknown): AttemptFailure {
  return new AttemptFailure(`Stream disconnected before completion: ${detail}`, {
    kind: "stream",
    info: { responseStreamDisconnected: { httpStatusCode: httpStatus } },
    httpStatus,
    cause,
  });
}
