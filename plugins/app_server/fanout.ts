/**
 * @module
 * Bus notifications to clients. A notification about a thread goes to the thread's subscribed
 * connections; `thread/name/updated`, `thread/archived`, `thread/unarchived`, `thread/deleted`,
 * `thread/closed` (a thread unloaded has no subscriber left), `skills/changed` and notifications
 * about no thread go to every initialized connection. Each connection's `optOutNotificationMethods` are honoured, and
 * experimental notifications reach only clients that opted into the experimental API. An
 * `active` thread status carries the flags of the server requests waiting on the thread.
 * `thread/started` is left to `thread/start`, which sends it after its response.
 */
import type { Notification } from "../../kernel/mod.ts";
import type { Connection } from "./connection.ts";
import { EXPERIMENTAL_NOTIFICATIONS } from "./experimental.ts";
import { utf8Length } from "./outbox.ts";
import type { ActiveFlag } from "./server_requests.ts";

/** Notifications every connection receives, whatever it subscribed to. */
export const GLOBAL_NOTIFICATIONS: ReadonlySet<string> = new Set([
  "thread/name/updated",
  "thread/archived",
  "thread/unarchived",
  "thread/deleted",
  "thread/closed",
  "skills/changed",
]);

/**
 * Live output a lagging client may miss (`outbox.ts`): the command's `item/completed` carries it
 * as `aggregatedOutput`.
 */
export const DROPPABLE_NOTIFICATIONS: ReadonlySet<string> = new Set(["item/commandExecution/outputDelta"]);

/** What the fan-out needs from the server. */
export interface FanoutDeps {
  /** Every initialized connection. */
  connections(): Iterable<Connection>;
  /** The thread's subscribed connections. */
  subscribers(threadId: string): Iterable<Connection>;
  /** The flags of the requests waiting on the thread. */
  flags(threadId: string): ActiveFlag[];
}

/** The thread a notification is about, or null. */
export function threadOf(notification: Notification): string | null {
  const params = notification.params as { threadId?: string | null; thread?: { id: string } };
  return params.threadId ?? params.thread?.id ?? null;
}

/** Delivers bus notifications to connections. */
export class Fanout {
  readonly #deps: FanoutDeps;

  constructor(deps: FanoutDeps) {
    this.#deps = deps;
  }

  /** Delivers one notification (the bus subscriber). */
  deliver(notification: Notification): void {
    if (notification.method === "thread/started") return;
    const threadId = threadOf(notification);
    const recipients = threadId === null || GLOBAL_NOTIFICATIONS.has(notification.method)
      ? this.#deps.connections()
      : this.#deps.subscribers(threadId);
    const message = this.#shape(notification, threadId);
    const experimentalOnly = EXPERIMENTAL_NOTIFICATIONS.has(notification.method);
    const droppable = DROPPABLE_NOTIFICATIONS.has(notification.method);
    let text: string | null = null;
    let bytes = 0;
    for (const connection of recipients) {
      if (!connection.initialized || connection.optOut.has(notification.method)) continue;
      if (experimentalOnly && !connection.experimentalApi) continue;
      if (text === null) {
        text = JSON.stringify({ ...message, emittedAtMs: Date.now() });
        bytes = utf8Length(text);
      }
      connection.sendText(text, { bytes, droppable });
    }
  }

  /** The notification as sent: an `active` status gets the thread's waiting flags. */
  #shape(notification: Notification, threadId: string | null): Notification {
    if (notification.method !== "thread/status/changed" || threadId === null) return notification;
    const status = notification.params.status;
    if (status.type !== "active") return notification;
    const flags = [...new Set([...status.activeFlags, ...this.#deps.flags(threadId)])].sort();
    return { method: notification.method, params: { threadId, status: { type: "active", activeFlags: flags } } };
  }
}
