/**
 * @module
 * Reads a Server-Sent Events body into messages with `eventsource-parser` (imported lazily, on
 * the first stream). Enforces an idle timeout between chunks; what a message means is left to
 * the wire modules (`responses_wire.ts`, `chat_wire.ts`).
 */
import { importOnUse, withDeadline } from "../../kernel/mod.ts";

/** One SSE message: its `event:` name (if any) and its `data:` text. */
export interface SseMessage {
  event?: string;
  data: string;
}

/** The stream sent nothing for longer than the idle timeout. */
export class IdleTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no data for ${timeoutMs} ms`);
    this.name = "IdleTimeoutError";
  }
}

/**
 * Yields the SSE messages of `body` until it ends. Throws `IdleTimeoutError` when no bytes arrive
 * for `idleTimeoutMs`, and rethrows read errors (a reset connection, an aborted fetch). Stopping
 * the iteration early cancels the body.
 */
export async function* readSse(
  body: ReadableStream<Uint8Array>,
  options: { idleTimeoutMs: number },
): AsyncGenerator<SseMessage> {
  const { createParser } = await importOnUse<typeof import("eventsource-parser")>(
    "eventsource-parser",
    import.meta.url,
  );
  const pending: SseMessage[] = [];
  const parser = createParser({ onEvent: (message) => pending.push({ event: message.event, data: message.data }) });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    while (true) {
      const { done, value } = await readWithin(reader, options.idleTimeoutMs);
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
      while (pending.length > 0) yield pending.shift()!;
    }
    parser.feed(decoder.decode());
    while (pending.length > 0) yield pending.shift()!;
  } finally {
    reader.cancel().catch(() => {});
  }
}

function readWithin(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  timeoutMs: number,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  return withDeadline(reader.read(), timeoutMs, () => new IdleTimeoutError(timeoutMs));
}
