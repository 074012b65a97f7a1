/**
 * @module
 * The plugin manifest (`plugin.jsonc`): its zod schema and its reader. A manifest names the
 * plugin, its entry module, what `setup()` will contribute (checked after setup) and the
 * permissions it needs. Errors name the file and the key.
 */
import { z } from "zod";
import { parse as parseJsonc } from "@std/jsonc";
import { ConfigError } from "./errors.ts";

export const PluginManifest = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be lowercase letters, digits and dashes"),
  version: z.string().default("0.0.0"),
  description: z.string().default(""),
  entry: z.string().default("./mod.ts"),
  contributes: z.object({
    tools: z.array(z.string()).default([]),
    providers: z.array(z.string()).default([]),
    commands: z.array(z.string()).default([]),
    stores: z.array(z.string()).default([]),
    context: z.array(z.string()).default([]),
    hooks: z.array(z.string()).default([]),
    skills: z.array(z.string()).default([]),
    mcpServers: z.record(z.string(), z.unknown()).default({}),
  }).strict().default({
    tools: [],
    providers: [],
    commands: [],
    stores: [],
    context: [],
    hooks: [],
    skills: [],
    mcpServers: {},
  }),
  permissions: z.object({
    net: z.array(z.string()).optional(),
    read: z.array(z.string()).optional(),
    write: z.array(z.string()).optional(),
    env: z.array(z.string()).optional(),
    run: z.array(z.string()).optional(),
  }).strict().optional(),
  isolation: z.enum(["none", "worker"]).default("none"),
  /**
   * When the plugin is imported: at start-up (the default), or, for a front end that only adds
   * commands, when one of its commands first runs (`onCommand`), so other runs do not pay for it.
   */
  activation: z.enum(["startup", "onCommand"]).default("startup"),
}).strict();
export type PluginManifest = z.infer<typeof PluginManifest>;

/** Reads and validates a `plugin.jsonc`. Throws `ConfigError` naming the file and key. */
export async function readManifest(path: string): Promise<PluginManifest> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new ConfigError({ file: path }, `Cannot read plugin manifest: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parseJsonc(text);
  } catch (error) {
    throw new ConfigError({ file: path }, `Cannot parse plugin manifest: ${(error as Error).message}`);
  }
  const parsed = PluginManifest.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue.path.join(".");
    throw new ConfigError({ file: path, line: lineOfKey(text, issue.path), key: key || undefined }, issue.message);
  }
  return parsed.data;
}

/** Best-effort line of the last key of a path in JSONC text (1-based). */
function lineOfKey(text: string, path: PropertyKey[]): number | undefined {
  const last = [...path].reverse().find((p) => typeof p === "string") as string | undefined;
  if (!last) return undefined;
  const index = text.search(new RegExp(`"${last.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"\\s*:`));
  return index < 0 ? undefined : text.slice(0, index).split("\n").length;
}
