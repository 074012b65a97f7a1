/**
 * @module
 * Unloading a thread, as Codex does (after its last subscriber left and it stayed idle, see
 * `thread_unload.ts`; or before `thread/archive` and `thread/delete`): a running turn is
 * interrupted (its command killed, its server requests cancelled with it), the requests still
 * pending fail, and once the thread is idle it leaves the runtime's loaded threads; then
 * `thread/status/changed` (`notLoaded`) goes out on the bus and to the connections in `audience`,
 * and `thread/closed` to every connection. A thread that does not stop within `timeoutMs` stays
 * loaded, with a warning.
 */
import { delay } from "../../kernel/mod.ts";
import type { ServerBase } from "./server_view.ts";
import type { Connection } from "./connection.ts";

/** Options for `closeThread()`. */
export interface CloseThreadOptions {
  /** Connections told about the close besides the thread's subscribers. */
  audience?: Connection[];
  /** How long to wait for the running turn to stop. @default 10000 (Codex's) */
  timeoutMs?: number;
}

const POLL_MS = 20;

/** Closes a loaded thread; false when its turn did not stop (it stays loaded). Never throws. */
export async function closeThread(
  server: ServerBase,
  threadId: string,
  options: CloseThreadOptions = {},
): Promise<boolean> {
  const { runtime, registry } = server;
  const thread = runtime.threads.get(threadId);
  const entry = registry.ensure(threadId);
  entry.closing = true;
  if (thread) {
    // Interrupt until idle: a turn queued behind the running one starts when it ends.
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    while (thread.busy && Date.now() < deadline) {
      thread.interrupt();
      server.requests.cancelThread(threadId, "the thread was closed");
      await delay(POLL_MS);
    }
    server.requests.cancelThread(threadId, "the thread was closed");
    if (thread.busy) {
      entry.closing = false;
      runtime.warn(`[app-server] Cannot close thread "${threadId}": its turn did not stop; leaving it loaded`);
      return false;
    }
    runtime.unloadThread(threadId);
  }
  try {
    await runtime.store?.flush();
  } catch (error) {
    runtime.warn(`[app-server] Cannot flush the store for thread "${threadId}": ${(error as Error).message}`);
  }
  registry.remove(threadId);
  server.forgetThread(threadId);
  if (!thread) return true;
  const status = { threadId, status: { type: "notLoaded" as const } };
  runtime.bus.emit("thread/status/changed", status);
  for (const connection of options.audience ?? []) connection.notify("thread/status/changed", status);
  runtime.bus.emit("thread/closed", { threadId });
  return true;
}
