/**
 * @module
 * The JSON-RPC error codes the app-server answers with (those of Codex's `error_code.rs`), the
 * `RpcError` that carries one to the wire, and `toRpcError()`, the one place that maps any thrown
 * error to its wire error. Messages follow Tern's style; Codex's fixed texts ("Not initialized",
 * "<descriptor> requires experimentalApi capability") are kept word for word.
 */
import type { z } from "zod";
import { ErrorCodes, TernError, ThreadNotFoundError } from "../../kernel/mod.ts";

/** The codes, by name. */
export const RpcCodes = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  /** The connection has too many requests in flight; retry with backoff. */
  OVERLOADED: -32001,
} as const;

/** The `error` member of a JSON-RPC error response. */
export interface WireError {
  code: number;
  message: string;
  data?: unknown;
}

/** An error that knows its JSON-RPC form. */
export class RpcError extends Error {
  readonly code: number;
  readonly data: unknown;
  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.name = "RpcError";
    this.code = code;
    this.data = data;
  }

  /** The wire form (`data` only when set). */
  toWire(): WireError {
    return { code: this.code, message: this.message, ...(this.data !== undefined ? { data: this.data } : {}) };
  }
}

/** `-32600` with `message`. */
export function invalidRequest(message: string, data?: unknown): RpcError {
  return new RpcError(RpcCodes.INVALID_REQUEST, message, data);
}

/** `-32602` naming the first field zod rejected (`input.0.text`). */
export function invalidParams(method: string, error: z.ZodError): RpcError {
  const issue = error.issues[0];
  const path = issue.path.map(String).join(".");
  const where = path ? ` at "${path}"` : "";
  return new RpcError(RpcCodes.INVALID_PARAMS, `Invalid params for "${method}"${where}: ${issue.message}`);
}

/** `-32602` naming `field` of `method`'s params, for a check zod cannot make. */
export function invalidField(method: string, field: string, problem: string): RpcError {
  return new RpcError(RpcCodes.INVALID_PARAMS, `Invalid params for "${method}" at "${field}": ${problem}`);
}

/**
 * `-32600` for a thread id no (loaded) thread has: Codex's `thread not found: <id>`, then why,
 * e.g. `thread not found: 0f3c... (it is not loaded: start or resume it first)`.
 */
export function threadNotFound(threadId: string, reason: string): RpcError {
  return new RpcError(RpcCodes.INVALID_REQUEST, `thread not found: ${threadId} (${reason})`);
}

/** Options for `toRpcError()`. */
export interface ToRpcErrorOptions {
  /**
   * Read a `TypeError` or `RangeError` as invalid params. True for plugin methods (their contract
   * says to throw `TypeError` for bad params); false for the server's own handlers, whose params
   * zod has already checked, so such an error there is a bug (`-32603`).
   */
  typeErrorIsParams?: boolean;
}

/** Maps anything thrown by a handler to its wire error. */
export function toRpcError(error: unknown, options: ToRpcErrorOptions = {}): RpcError {
  if (error instanceof RpcError) return error;
  if (options.typeErrorIsParams && (error instanceof TypeError || error instanceof RangeError)) {
    return new RpcError(RpcCodes.INVALID_PARAMS, error.message);
  }
  if (error instanceof ThreadNotFoundError) return threadNotFound(error.threadId, error.reason);
  if (error instanceof TernError) {
    switch (error.code) {
      case ErrorCodes.THREAD_BUSY:
        return new RpcError(RpcCodes.INVALID_REQUEST, error.message);
      case ErrorCodes.INVALID_ARGUMENT:
      case ErrorCodes.PROVIDER_NOT_FOUND:
      case ErrorCodes.CONFIG_INVALID:
        return new RpcError(RpcCodes.INVALID_PARAMS, error.message);
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return new RpcError(RpcCodes.INTERNAL_ERROR, `Internal error: ${message}`);
}
