/**
 * @module
 * A mock OpenAI API server for tests (hono on `Deno.serve`, 127.0.0.1, a free port). It serves
 * queued responses in FIFO order on `POST /v1/responses` and `POST /v1/chat/completions`, records
 * every request, and lists one model on `GET /v1/models`. Event builders live in
 * `responses_events.ts` and `chat_chunks.ts` and are re-exported here.
 */
import { Hono } from "hono";
import { type ChatChunk, type ChatErrorChunk, encodeChatChunk } from "./chat_chunks.ts";
import { encodeSse, finalizeEvents, type SseEvent } from "./responses_events.ts";

export { chat, type ChatChunk, type ChatErrorChunk, encodeChatChunk } from "./chat_chunks.ts";
export {
  encodeSse,
  ev,
  finalizeEvents,
  type MockError,
  type MockUsage,
  type SseEvent,
  turnOf,
} from "./responses_events.ts";

/** The model id `GET /v1/models` lists. */
export const MOCK_MODEL = "mock-model";

/** One request the server received. */
export interface RecordedRequest {
  /** The URL path, e.g. `/v1/responses`. */
  path: string;
  /** Query parameters. */
  query: Record<string, string>;
  /** Request headers, with lower-case names. */
  headers: Record<string, string>;
  // deno-lint-ignore no-explicit-any
  body: any;
  /** When the request arrived, in epoch milliseconds (sub-millisecond precision). */
  receivedAt: number;
}

/** Options shared by streamed responses. */
export interface StreamShape {
  /** Close the stream after this many events (a cut before the end). */
  dropAfter?: number;
  /** After the events, keep the connection open, sending nothing, until the client goes away. */
  holdOpen?: boolean;
  /** Response headers besides the stream's own (say, `x-ratelimit-*`). */
  headers?: Record<string, string>;
}

/** What the server answers one request with. */
export type MockResponse =
  | ({ events: SseEvent[] } & StreamShape)
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | ({ chat: Array<ChatChunk | ChatErrorChunk> } & StreamShape);

/** A running mock server. */
export interface MockModelServer {
  /** The API base URL, e.g. `http://127.0.0.1:PORT/v1`. */
  url: string;
  /** Every request received so far, in order. */
  requests: RecordedRequest[];
  /** How many `holdOpen` streams are still open (the client has not gone away). */
  readonly openStreams: number;
  /** Queues responses for the next requests. */
  enqueue(...responses: MockResponse[]): void;
  /** Stops the server, closing streams held open. */
  close(): Promise<void>;
}

/** Options for `startMockModelServer()`. */
export interface MockModelServerOptions {
  /** Responses to serve first, in order. */
  responses?: MockResponse[];
  /** Served when the queue is empty. @default a 500 saying the queue is empty */
  fallback?: MockResponse;
  /** The model ids `GET /v1/models` lists. @default [MOCK_MODEL] */
  models?: string[];
}

const encoder = new TextEncoder();

/**
 * Starts a mock model server.
 *
 * @example
 * ```ts
 * await using server = await startMockModelServer({ responses: [turnOf(ev.assistantMessage("m1", "Hi"))] });
 * // point a provider at server.url, run, then inspect server.requests[0].body
 * ```
 */
export async function startMockModelServer(
  options: MockModelServerOptions = {},
): Promise<MockModelServer & AsyncDisposable> {
  const queue: MockResponse[] = [...(options.responses ?? [])];
  const requests: RecordedRequest[] = [];
  const heldOpen = new Set<ReadableStreamDefaultController<Uint8Array>>();

  const app = new Hono();
  app.get("/v1/models", (c) =>
    c.json({
      object: "list",
      data: (options.models ?? [MOCK_MODEL]).map((id) => ({
        id,
        object: "model",
        created: 1700000000,
        owned_by: "tern-test",
      })),
    }));
  app.post("/v1/responses", (c) => answer(c.req.raw));
  app.post("/v1/chat/completions", (c) => answer(c.req.raw));

  async function answer(request: Request): Promise<Response> {
    const receivedAt = performance.timeOrigin + performance.now();
    const url = new URL(request.url);
    const text = await request.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // keep the raw text
    }
    requests.push({
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(request.headers),
      body,
      receivedAt,
    });
    const next = queue.shift() ?? options.fallback;
    if (!next) {
      return Response.json(
        { error: { message: `Mock model server queue is empty: no response for request ${requests.length}` } },
        { status: 500 },
      );
    }
    if ("status" in next) {
      const errorBody = next.body ??
        { error: { message: `Mock error ${next.status}`, type: "mock_error", code: null, param: null } };
      return new Response(typeof errorBody === "string" ? errorBody : JSON.stringify(errorBody), {
        status: next.status,
        headers: { "content-type": "application/json", ...next.headers },
      });
    }
    const chunks = "events" in next
      ? finalizeEvents(next.events).map(encodeSse)
      : [...next.chat.map(encodeChatChunk), "data: [DONE]\n\n"];
    return stream(chunks, next);
  }

  function stream(chunks: string[], shape: StreamShape): Response {
    const sent = shape.dropAfter === undefined ? chunks : chunks.slice(0, shape.dropAfter);
    let controller: ReadableStreamDefaultController<Uint8Array>;
    // A held stream is released by cancel() when the client goes away, or by close().
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
        for (const chunk of sent) c.enqueue(encoder.encode(chunk));
        if (!shape.holdOpen) return c.close();
        heldOpen.add(c);
      },
      cancel() {
        heldOpen.delete(controller);
      },
    });
    return new Response(body, {
      headers: { "content-type": "text/event-stream", "cache-control": "no-cache", ...shape.headers },
    });
  }

  const { promise: listening, resolve } = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: resolve }, app.fetch);
  const address = await listening;
  let closed: Promise<void> | undefined;

  const close = () => {
    closed ??= (async () => {
      for (const controller of heldOpen) {
        try {
          controller.close();
        } catch {
          // already closed
        }
      }
      heldOpen.clear();
      await server.shutdown();
    })();
    return closed;
  };

  return {
    url: `http://127.0.0.1:${address.port}/v1`,
    requests,
    get openStreams() {
      return heldOpen.size;
    },
    enqueue: (...responses) => void queue.push(...responses),
    close,
    [Symbol.asyncDispose]: close,
  };
}
