/**
 * @module
 * Tern's error classes and the one list of stable error codes. `TernError` carries a `code`;
 * subclasses exist only where callers catch them. Messages follow one style: sentence case, no
 * final period, values in quotes, the action that failed, then a colon and what is wrong.
 */

/** Every stable error code Tern uses. */
export const ErrorCodes = {
  CONFIG_INVALID: "TERN_CONFIG_INVALID",
  PLUGIN_LOAD_FAILED: "TERN_PLUGIN_LOAD_FAILED",
  PLUGIN_SETUP_TIMEOUT: "TERN_PLUGIN_SETUP_TIMEOUT",
  MODEL_REQUEST_FAILED: "TERN_MODEL_REQUEST_FAILED",
  PROVIDER_NOT_FOUND: "TERN_PROVIDER_NOT_FOUND",
  THREAD_NOT_FOUND: "TERN_THREAD_NOT_FOUND",
  THREAD_BUSY: "TERN_THREAD_BUSY",
  TOOL_CONFLICT: "TERN_TOOL_CONFLICT",
  INVALID_ARGUMENT: "TERN_INVALID_ARGUMENT",
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Where an error records the kinds of its class chain (shared by every copy of this module). */
const KINDS = Symbol.for("tern.errorKinds");

/** Base class of every error Tern throws on purpose. */
export class TernError extends Error {
  /** The name `instanceof` recognises across copies of the kernel; each subclass sets its own. */
  static readonly kind: string = "TernError";

  /**
   * `instanceof` that also recognises an error made by another copy of this module. When Tern
   * runs from its start-up bundle, a plugin that imports the kernel from source has its own copy
   * of these classes; its errors still carry the kinds of their class chain, which this checks.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (!Object.hasOwn(this, "kind")) return false; // a subclass without its own kind: ordinary check
    const kinds = (value as { [KINDS]?: unknown } | null | undefined)?.[KINDS];
    return Array.isArray(kinds) && kinds.includes((this as typeof TernError).kind);
  }

  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "TernError";
    this.code = code;
    const kinds: string[] = [];
    for (
      let c: unknown = new.target;
      typeof c === "function" && Object.hasOwn(c, "kind");
      c = Object.getPrototypeOf(c)
    ) {
      kinds.push((c as typeof TernError).kind);
    }
    Object.defineProperty(this, KINDS, { value: kinds });
  }
}

/** Where a config error sits: the file, and the line and key within it when known. */
export interface ConfigLocation {
  file: string;
  line?: number;
  column?: number;
  key?: string;
}

/** A location as messages show it: `FILE:LINE:COL (key "k")`, leaving out what is unknown. */
export function formatConfigLocation(location: ConfigLocation): string {
  const where = [
    location.file,
    location.line !== undefined ? `${location.line}` : undefined,
    location.line !== undefined && location.column !== undefined ? `${location.column}` : undefined,
  ].filter(Boolean).join(":");
  return location.key ? `${where} (key "${location.key}")` : where;
}

/** A config or manifest that cannot be used; names the file, line and key. */
export class ConfigError extends TernError {
  static override readonly kind: string = "ConfigError";
  readonly location: ConfigLocation;
  constructor(location: ConfigLocation, message: string, options?: ErrorOptions) {
    super(ErrorCodes.CONFIG_INVALID, `${formatConfigLocation(location)}: ${message}`, options);
    this.name = "ConfigError";
    this.location = location;
  }
}

/**
 * No thread has the id (resuming, forking, or updating a stored thread); names the thread, so the
 * app-server answers Codex's `thread not found: <id>`.
 */
export class ThreadNotFoundError extends TernError {
  static override readonly kind: string = "ThreadNotFoundError";
  readonly threadId: string;
  /** Why no thread was found, e.g. `no stored thread has that id`. */
  readonly reason: string;
  constructor(threadId: string, action: string, reason: string) {
    super(ErrorCodes.THREAD_NOT_FOUND, `Cannot ${action} thread "${threadId}": ${reason}`);
    this.name = "ThreadNotFoundError";
    this.threadId = threadId;
    this.reason = reason;
  }
}

/** A plugin that could not be loaded or set up; names the plugin. */
export class PluginError extends TernError {
  static override readonly kind: string = "PluginError";
  readonly plugin: string;
  constructor(plugin: string, message: string, options?: ErrorOptions & { code?: ErrorCode }) {
    super(options?.code ?? ErrorCodes.PLUGIN_LOAD_FAILED, `Cannot load plugin "${plugin}": ${message}`, options);
    this.name = "PluginError";
    this.plugin = plugin;
  }
}
