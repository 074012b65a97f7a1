/**
 * @module
 * The plugin host's records, shared by its files: what a loaded plugin is (`LoadedPlugin`), what
 * it registered (`Contributions`), one registration and its tracking (`Registration`, `Track`),
 * and a reload's result. Only types; kept apart so the loader, the API builder, the generations
 * and the reloader need not import each other.
 */
import type { ConfigLocation } from "../base/errors.ts";
import type { PluginManifest } from "./manifest.ts";

/** What each plugin registered, by kind. */
export interface Contributions {
  tools: string[];
  providers: string[];
  commands: string[];
  stores: string[];
  context: string[];
  hooks: string[];
}

/** One entry of the plugin list, after loading. */
export interface LoadedPlugin {
  spec: string;
  name: string;
  manifest: PluginManifest | null;
  dir: string | null;
  /** `deferred`: a command-only plugin, imported when one of its commands runs. */
  status: "loaded" | "failed" | "deferred";
  error: string | null;
  /** Milliseconds from resolving to the end of `setup()`. */
  loadMs: number;
  /** Milliseconds `setup()` itself took. */
  setupMs: number;
  contributed: Contributions;
  /** 1 for the first load, one more for each reload swapped in. */
  generation?: number;
  /** Where the failure is, when a file is at fault (a manifest or config value): file, line, key. */
  errorLocation?: ConfigLocation;
}

/** One registration a plugin asks for, made (and undone) when the plugin host says so. */
export interface Registration {
  /** Its manifest kind (null for registrations `contributes` does not list). */
  kind: keyof Contributions | null;
  id: string;
  /** Makes the registration; returns its undo. Throws when it cannot be made (say, a name clash). */
  apply(): () => void;
  /** For `onClose`: the handler to run when the plugin is unloaded. */
  close?: () => void | Promise<void>;
}

/**
 * Hands a registration to the plugin host, which makes it at once (a normal load) or when a
 * reloaded plugin is swapped in (`plugin_host/generation.ts`). Returns the undo the plugin gets.
 */
export type Track = (registration: Registration) => () => void;

/** What happened to one plugin in a reload. */
export interface PluginReloadResult {
  name: string;
  /** `skipped`: nothing to reload (a front end not started yet). */
  status: "reloaded" | "failed" | "skipped";
  /** Why it failed or was skipped. */
  error: string | null;
  /** The generation running now (1 for the first load). */
  generation: number;
}
