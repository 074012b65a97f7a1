/**
 * @module
 * The app-server plugin's config section, `app-server`: the limits of each connection and how long
 * an idle thread stays loaded. Its own module so the server's files can read its type without
 * importing the plugin's entry point (which loads them).
 */
import { z } from "zod";

/** Bytes that may wait for one client by default: 64 MiB. */
const DEFAULT_MAX_QUEUED_BYTES = 64 * 1024 * 1024;

/** The plugin's config section, `app-server` (limits per connection). */
export const AppServerConfig = z.object({
  /** Requests one connection may have in flight; more are answered `-32001` (overloaded). */
  maxPendingRequests: z.number().int().positive().default(256),
  /** Messages that may wait for a slow client; past this the connection is closed. */
  maxQueuedMessages: z.number().int().positive().default(100_000),
  /**
   * Bytes (UTF-8) of messages that may wait for a slow client; past this the connection is
   * closed. Past an eighth of it, the client lags: it misses command output deltas.
   */
  maxQueuedBytes: z.number().int().positive().default(DEFAULT_MAX_QUEUED_BYTES),
  /** How long a lagging client may read nothing before it is disconnected, in milliseconds. */
  maxWriteStallMs: z.number().int().positive().default(30_000),
  /** The largest message accepted, in bytes; a larger one is answered `-32600`. */
  maxMessageBytes: z.number().int().positive().default(16 * 1024 * 1024),
  /**
   * How long a loaded thread without subscribers and without activity stays loaded, in
   * milliseconds (Codex's `thread_unload_delay_secs`: 30 minutes).
   */
  threadUnloadDelayMs: z.number().int().min(0).default(30 * 60 * 1000),
}).default({
  maxPendingRequests: 256,
  maxQueuedMessages: 100_000,
  maxQueuedBytes: DEFAULT_MAX_QUEUED_BYTES,
  maxWriteStallMs: 30_000,
  maxMessageBytes: 16 * 1024 * 1024,
  threadUnloadDelayMs: 30 * 60 * 1000,
});
export type AppServerConfig = z.infer<typeof AppServerConfig>;
