/**
 * @module
 * JSON-RPC framing as Codex does it: no `"jsonrpc"` field is required (`"2.0"` is accepted), ids
 * are strings or integers, and one message is one JSON object (no batches). `parseMessage()`
 * classifies one frame or line; a frame that is not a message becomes `invalid` with the error to
 * answer (`-32700` for bad JSON, `-32600` for a bad shape), and the connection stays open.
 * `LineSplitter` cuts a byte stream into lines for stdio, refusing lines over a size limit.
 */
import { RpcCodes, RpcError, type WireError } from "./rpc_error.ts";

/** A JSON-RPC id. */
export type RequestId = string | number;

/** One incoming message, classified. */
export type Incoming =
  | { kind: "request"; id: RequestId; method: string; params: unknown }
  | { kind: "notification"; method: string; params: unknown }
  | { kind: "response"; id: RequestId; result: unknown }
  | { kind: "error"; id: RequestId; error: WireError }
  | { kind: "invalid"; id: RequestId | null; error: RpcError };

function isId(value: unknown): value is RequestId {
  return typeof value === "string" || (typeof value === "number" && Number.isSafeInteger(value));
}

function invalid(id: RequestId | null, message: string): Incoming {
  return { kind: "invalid", id, error: new RpcError(RpcCodes.INVALID_REQUEST, `Invalid request: ${message}`) };
}

/** Classifies one message's text. Never throws. */
export function parseMessage(text: string): Incoming {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message;
    return { kind: "invalid", id: null, error: new RpcError(RpcCodes.PARSE_ERROR, `Parse error: ${reason}`) };
  }
  if (Array.isArray(value)) return invalid(null, "batches are not supported, send one message per line or frame");
  if (typeof value !== "object" || value === null) return invalid(null, "a message must be a JSON object");
  const message = value as Record<string, unknown>;
  const id = "id" in message && isId(message.id) ? message.id : null;
  if ("id" in message && message.id !== null && id === null) {
    return invalid(null, `"id" must be a string or an integer, got ${JSON.stringify(message.id)}`);
  }
  if ("jsonrpc" in message && message.jsonrpc !== "2.0") return invalid(id, `"jsonrpc" must be "2.0" when present`);
  if ("method" in message) {
    if (typeof message.method !== "string" || message.method === "") {
      return invalid(id, `"method" must be a non-empty string`);
    }
    return id === null
      ? { kind: "notification", method: message.method, params: message.params }
      : { kind: "request", id, method: message.method, params: message.params };
  }
  if (id === null) return invalid(null, `a message needs a "method", or an "id" with a "result" or an "error"`);
  if ("result" in message) return { kind: "response", id, result: message.result };
  if ("error" in message) {
    const error = message.error as Partial<WireError> | null;
    if (typeof error !== "object" || error === null || typeof error.code !== "number") {
      return invalid(id, `"error" must be an object with a numeric "code"`);
    }
    return {
      kind: "error",
      id,
      error: { code: error.code, message: String(error.message ?? ""), data: error.data },
    };
  }
  return invalid(id, `a message with an "id" needs a "method", a "result" or an "error"`);
}

/** Options for `LineSplitter`. */
export interface LineSplitterOptions {
  /** The longest line accepted, in bytes (without the newline). */
  maxBytes: number;
  /** Called with each non-blank line, in order. */
  onLine(line: string): void;
  /** Called once per line that was too long (its bytes were dropped). */
  onOversize(bytes: number): void;
}

/** Cuts a byte stream into newline-terminated lines. */
export class LineSplitter {
  #chunks: Uint8Array[] = [];
  #size = 0;
  /** Bytes of an oversized line dropped so far, or -1 when not dropping. */
  #dropped = -1;
  readonly #options: LineSplitterOptions;
  readonly #decoder = new TextDecoder();

  constructor(options: LineSplitterOptions) {
    this.#options = options;
  }

  /** Feeds bytes. */
  push(chunk: Uint8Array): void {
    let start = 0;
    while (start <= chunk.length) {
      const newline = chunk.indexOf(10, start);
      const end = newline === -1 ? chunk.length : newline;
      this.#take(chunk.subarray(start, end));
      if (newline === -1) return;
      this.#endLine();
      start = newline + 1;
    }
  }

  /** Ends the stream: a last line without a newline still counts. */
  end(): void {
    if (this.#size > 0 || this.#dropped >= 0) this.#endLine();
  }

  #take(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.#dropped >= 0) {
      this.#dropped += bytes.length;
      return;
    }
    if (this.#size + bytes.length > this.#options.maxBytes) {
      this.#dropped = this.#size + bytes.length;
      this.#chunks = [];
      this.#size = 0;
      return;
    }
    this.#chunks.push(bytes.slice());
    this.#size += bytes.length;
  }

  #endLine(): void {
    if (this.#dropped >= 0) {
      const dropped = this.#dropped;
      this.#dropped = -1;
      this.#options.onOversize(dropped);
      return;
    }
    const bytes = this.#chunks.length === 1 ? this.#chunks[0] : concat(this.#chunks, this.#size);
    this.#chunks = [];
    this.#size = 0;
    const line = this.#decoder.decode(bytes);
    if (line.trim() !== "") this.#options.onLine(line.endsWith("\r") ? line.slice(0, -1) : line);
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
