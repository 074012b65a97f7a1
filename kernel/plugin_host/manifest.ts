/**
 * @module
 * The plugin manifest (`plugin.jsonc`): its zod schema and its reader. A manifest names the
 * plugin, its entry module (`null` for a manifest-only plugin, whose skills, hooks files and MCP
 * servers other plugins pick up), what `setup()` will contribute (checked after setup) and the
 * permissions it needs. Errors name the file, line, column and key. Claude Code and Codex manifests are
 * mapped onto this shape by `compat_manifest.ts`.
 */
import { z } from "zod";
import { ConfigError } from "../base/errors.ts";
import { parseJsonText } from "../config/json_text.ts";
import { issueMessage, issuePath, locationIn } from "../config/_config_layers.ts";
import { lazy } from "../protocol/_lazy.ts";

/** Built on first use (`protocol/_lazy.ts`): a run from the start-up bundle reads no built-in manifest. */
export const PluginManifest = lazy(() =>
  z.object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be lowercase letters, digits and dashes"),
    version: z.string().default("0.0.0"),
    description: z.string().default(""),
    /** The entry module; `null` makes a manifest-only plugin (no code, no `setup()`). */
    entry: z.string().nullable().default("./mod.ts"),
    contributes: z.object({
      tools: z.array(z.string()).default([]),
      providers: z.array(z.string()).default([]),
      commands: z.array(z.string()).default([]),
      stores: z.array(z.string()).default([]),
      context: z.array(z.string()).default([]),
      hooks: z.array(z.string()).default([]),
      skills: z.array(z.string()).default([]),
      /** `hooks.json` files of command hooks (relative to the plugin folder), run by the hook engine. */
      hooksFiles: z.array(z.string()).default([]),
      mcpServers: z.record(z.string(), z.unknown()).default({}),
      /**
       * Prompt commands: Markdown files, or folders of them (relative to the plugin folder), that
       * the interactive session offers as `/plugin:name` (Claude Code's `commands/`); see `prompts/list`.
       */
      promptCommands: z.array(z.string()).default([]),
      /** Services (`api.services.provide`) the plugin offers other plugins by name, e.g. `app-server`. */
      services: z.array(z.string()).default([]),
      /**
       * Top-level config keys the plugin reads besides its own section (named after the plugin),
       * e.g. `mcpServers`: Tern warns about a key that neither the kernel nor any plugin reads.
       */
      configSections: z.array(z.string()).default([]),
    }).strict().default({
      tools: [],
      providers: [],
      commands: [],
      stores: [],
      context: [],
      hooks: [],
      skills: [],
      hooksFiles: [],
      mcpServers: {},
      promptCommands: [],
      services: [],
      configSections: [],
    }),
    permissions: z.object({
      net: z.array(z.string()).optional(),
      read: z.array(z.string()).optional(),
      write: z.array(z.string()).optional(),
      env: z.array(z.string()).optional(),
      run: z.array(z.string()).optional(),
    }).strict().optional(),
    /**
     * `worker`: the plugin runs in a Deno worker that has exactly the `permissions` above (relative
     * `read`/`write` paths resolve against the plugin's folder) and talks to the host by messages.
     */
    isolation: z.enum(["none", "worker"]).default("none"),
    /**
     * Seconds the plugin may take: `setupSec` for `setup()` (default: config `pluginSetupTimeoutSec`);
     * `toolSec` for each tool call (a worker plugin: default 600; in-process: no limit unless set —
     * past it the call's signal aborts and the model reads that it was cut off); for a worker plugin
     * also `hookSec` for each hook, lifecycle handler, context contribution, method or bus event
     * (default 60). A worker plugin that overruns is stopped.
     */
    timeouts: z.object({
      setupSec: z.number().positive().optional(),
      toolSec: z.number().positive().optional(),
      hookSec: z.number().positive().optional(),
    }).strict().optional(),
    /**
     * When the plugin is imported: at start-up (the default), or, for a front end that only adds
     * commands, when one of its commands first runs (`onCommand`), so other runs do not pay for it.
     */
    activation: z.enum(["startup", "onCommand"]).default("startup"),
  }).strict()
);

/** A part of a Claude Code or Codex plugin that Tern does not load, and why. */
export interface UnmappedEntry {
  /** The file it sits in (absolute), or the folder for a folder such as `agents/`. */
  file: string;
  /** The field (`userConfig`, `hooks.Notification`, `mcpServers.x.oauth`) or folder (`agents/`). */
  field: string;
  /** The line of the field in `file`, when known. */
  line?: number;
  reason: string;
}

/** Where a manifest came from: set by the reader, never written in a manifest. */
export interface ManifestSource {
  /** `tern` for `plugin.jsonc`; `claude` / `codex` for a mapped `.claude-plugin` / `.codex-plugin` manifest. */
  format: "tern" | "claude" | "codex";
  /** The manifest file. */
  file: string;
  /** What could not be mapped (always empty for `tern`). */
  unmapped: UnmappedEntry[];
  /** Descriptive fields kept as written (author, homepage, license, keywords, ...). */
  metadata?: Record<string, unknown>;
  /** Where mapped entries were read, by field (`mcpServers.policy` → its `.mcp.json` and line). */
  locations?: Record<string, { file: string; line?: number }>;
}

/** A validated manifest, with where it came from (when read from a file). */
export type PluginManifest = z.infer<typeof PluginManifest> & { source?: ManifestSource };

/** Reads and validates a `plugin.jsonc`. Throws `ConfigError` naming the file and key. */
export async function readManifest(path: string): Promise<PluginManifest> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new ConfigError({ file: path }, `Cannot read plugin manifest: ${(error as Error).message}`, { cause: error });
  }
  const raw = await parseJsonText(text, path, { jsonc: true, what: "plugin manifest" });
  const parsed = PluginManifest.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = await issueMessage(PluginManifest, parsed.error);
    throw new ConfigError(await locationIn({ file: path, text }, issuePath(issue)), message);
  }
  return { ...parsed.data, source: { format: "tern", file: path, unmapped: [] } };
}
