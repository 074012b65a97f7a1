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

/** Base class of every error Tern throws on purpose. */
export class TernError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "TernError";
    this.code = code;
  }
}

/** Where a config error sits: the file, and the line and key within it when known. */
export interface ConfigLocation {
  file: string;
  line?: number;
  column?: number;
  key?: string;
}

/** A config or manifest that cannot be used; names the file, line and key. */
export class ConfigError extends TernError {
  readonly location: ConfigLocation;
  constructor(location: ConfigLocation, message: string, options?: ErrorOptions) {
    const where = [
      location.file,
      location.line !== undefined ? `${location.line}` : undefined,
      location.line !== undefined && location.column !== undefined ? `${location.column}` : undefined,
    ].filter(Boolean).join(":");
    const key = location.key ? ` (key "${location.key}")` : "";
    super(ErrorCodes.CONFIG_INVALID, `${where}${key}: ${message}`, options);
    this.name = "ConfigError";
    this.location = location;
  }
}

/** A plugin that could not be loaded or set up; names the plugin. */
export class PluginError extends TernError {
  readonly plugin: string;
  constructor(plugin: string, message: string, options?: ErrorOptions & { code?: ErrorCode }) {
    super(options?.code ?? ErrorCodes.PLUGIN_LOAD_FAILED, `Cannot load plugin "${plugin}": ${message}`, options);
    this.name = "PluginError";
    this.plugin = plugin;
  }
}
