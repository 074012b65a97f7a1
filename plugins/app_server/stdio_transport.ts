/**
 * @module
 * The stdio transport: one connection, newline-delimited JSON. Lines are read from stdin (a line
 * over `maxMessageBytes` is dropped and answered `-32600`) and messages are written to stdout in
 * batches, awaiting the pipe, so a client that does not read only fills the connection's
 * bounded outbound queue (`outbox.ts`): while it lags it misses live command output, and once
 * more than `maxQueuedBytes` waits it is disconnected (a stalled stdio client is not dropped for
 * the stall alone: that would end the server). Disconnected, its last message (why) is written if
 * the pipe takes it, and the server ends with exit code 1, its running turns interrupted as on
 * any exit. The server also ends when stdin closes, after writing what is queued.
 */
import { delay } from "../../kernel/mod.ts";
import type { AppServer } from "./server.ts";
import { LineSplitter } from "./framing.ts";
import { invalidRequest } from "./rpc_error.ts";

const encoder = new TextEncoder();
const STDIN_CLOSED = "stdin closed";

/** Serves one client on stdin/stdout until stdin closes; resolves to the exit code. */
export async function serveStdio(server: AppServer, options: { signal: AbortSignal }): Promise<number> {
  const writer = Deno.stdout.writable.getWriter();
  const reader = Deno.stdin.readable.getReader();
  let failed = false;
  const connection = server.connect(
    {
      write: (batch) => writer.write(encoder.encode(batch.join("\n") + "\n")),
      close: (reason, farewell) => {
        if (farewell !== undefined) writer.write(encoder.encode(farewell + "\n")).catch(() => {});
        if (reason !== STDIN_CLOSED) failed = true;
        reader.cancel().catch(() => {});
      },
    },
    "stdio",
    { dropWhenStalled: false },
  );
  const splitter = new LineSplitter({
    maxBytes: server.config.maxMessageBytes,
    onLine: (line) => server.receive(connection, line),
    onOversize: (bytes) =>
      connection.fail(
        null,
        invalidRequest(
          `Invalid request: a message of ${bytes} bytes exceeds the limit of ${server.config.maxMessageBytes}`,
        ),
      ),
  });
  const onAbort = () => reader.cancel().catch(() => {});
  options.signal.addEventListener("abort", onAbort, { once: true });
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      splitter.push(value);
    }
    splitter.end();
  } catch {
    // stdin failed: the client is gone
  } finally {
    options.signal.removeEventListener("abort", onAbort);
  }
  await waitForAnswers(connection);
  await connection.flush();
  connection.close(STDIN_CLOSED);
  writer.releaseLock();
  return failed && !options.signal.aborted ? 1 : 0;
}

/** Lets requests already received finish (a client may close stdin right after writing them). */
async function waitForAnswers(connection: { inFlight: number; closed: boolean }, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (connection.inFlight > 0 && !connection.closed && Date.now() < deadline) {
    await delay(10);
  }
}
