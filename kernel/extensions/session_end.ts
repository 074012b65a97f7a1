/**
 * @module
 * The SessionEnd point as a run exits: `Runtime.close()` runs it once for each loaded thread.
 */
import type { EventBus } from "../bus.ts";
import type { Thread } from "../thread.ts";
import type { Lifecycle } from "./lifecycle.ts";

/** Runs SessionEnd (reason `exit`) for each of `threads`, one after another. */
export async function endSessions(lifecycle: Lifecycle, bus: EventBus, threads: Iterable<Thread>): Promise<void> {
  if (!lifecycle.has("sessionEnd")) return;
  for (const thread of threads) {
    await lifecycle.run("sessionEnd", {
      threadId: thread.id,
      cwd: thread.settings.cwd,
      model: thread.settings.model,
      transcriptPath: thread.path,
      approvalPolicy: thread.settings.approvalPolicy,
      signal: new AbortController().signal,
      emit: (topic, params) => bus.emit(topic, params),
      request: (method, params) => bus.request(method, params, { threadId: thread.id }),
      reason: "exit",
    });
  }
}
