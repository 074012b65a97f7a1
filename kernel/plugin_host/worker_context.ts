/**
 * @module
 * A tool call's `ToolContext`, rebuilt inside a worker from the data the host sent: its fields as
 * they were, its functions as messages back to the host (effects, and questions the host answers),
 * its signal aborted by the host's `abort` message. `acceptForSession` answers are remembered per
 * thread in the worker and also passed on to the host's cache.
 */
import { SessionApprovals } from "../requests/approvals.ts";
import type { ToolContext } from "../tools.ts";
import type { CallChannel } from "./messages.ts";

const sessionKeys = new Map<string, Set<string>>();

/** The thread's approvals as the worker knows them; `add` also tells the host. */
class ForwardedApprovals extends SessionApprovals {
  constructor(readonly keys: Set<string>, readonly channel: CallChannel) {
    super();
  }
  override has(key: string): boolean {
    return this.keys.has(key);
  }
  override add(key: string): void {
    this.keys.add(key);
    this.channel.effect("approve", [key]);
  }
}

/** The context a worker plugin's tool runs with. */
export function toolContext(view: Record<string, unknown>, channel: CallChannel): ToolContext {
  const threadId = String(view.threadId);
  let keys = sessionKeys.get(threadId);
  if (!keys) sessionKeys.set(threadId, keys = new Set());
  const data = view as unknown as Omit<ToolContext, "approvals" | "signal">;
  return {
    ...data,
    approvals: new ForwardedApprovals(keys, channel),
    signal: channel.signal,
    checkPermission: (request) =>
      channel.ask("checkPermission", [request]) as ReturnType<ToolContext["checkPermission"]>,
    interrupt: () => channel.effect("interrupt", []),
    emit: (topic, params) => channel.effect("emit", [topic, params]),
    startItem: (item) => channel.effect("startItem", [item]),
    completeItem: (item) => channel.effect("completeItem", [item]),
    request: (method, params) => channel.ask("request", [method, params]) as never,
    emitProgress: (message) => channel.effect("emitProgress", [message]),
    ask: (question) => channel.ask("ask", [question]) as ReturnType<ToolContext["ask"]>,
    log: (message) => channel.effect("log", [message]),
  };
}
