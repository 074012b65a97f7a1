/**
 * @module
 * Top-level config keys nobody reads. The kernel's config is loose at the top level (every other
 * key is left to plugin sections), so a mistyped key (`aproval_policy`) would be ignored without a
 * word. A key that is neither the kernel's (`config_schema.ts`) nor a known plugin section is
 * reported with the place it is set (`file:line:col`, or the `-c` override) and the closest known
 * key. Nothing is paid when every key is known: the edit-distance package and the JSONC parser
 * that finds the line are imported only once an unknown key turns up.
 */
import { closestKey } from "./_closest_key.ts";
import { type ConfigLocation, formatConfigLocation } from "../base/errors.ts";
import { snakeToCamel } from "./config_override.ts";
import { locationIn, type ValueOrigin } from "./_config_layers.ts";

/** A key no part of Tern reads, where it is set, and the known key it is probably meant to be. */
export interface UnknownKey {
  location: ConfigLocation;
  /** The closest known key, when one is close enough to be a likely typo. */
  suggestion?: string;
  /** The warning, `FILE:LINE:COL (key "k"): Ignored unknown config key: did you mean "x"?`. */
  message: string;
}

/** A layer to check: where it came from (with its text, for a file) and its value. */
export interface CheckedLayer extends ValueOrigin {
  value: Record<string, unknown>;
}

/** The top-level keys of `layers` that are not in `known`, each located and with a suggestion. */
export async function findUnknownKeys(
  layers: readonly CheckedLayer[],
  known: ReadonlySet<string>,
): Promise<UnknownKey[]> {
  const found: { layer: CheckedLayer; key: string }[] = [];
  for (const layer of layers) {
    for (const key of Object.keys(layer.value)) if (!known.has(key)) found.push({ layer, key });
  }
  if (found.length === 0) return [];
  const out: UnknownKey[] = [];
  for (const { layer, key } of found) {
    // A `-c` layer's "file" already shows the key as typed (`-c aproval_policy=never`).
    const location = layer.text === undefined ? { file: layer.file } : await locationIn(layer, [key]);
    const suggestion = await closestKey(key, known);
    const why = suggestion === undefined
      ? "no kernel setting or loaded plugin reads it"
      : suggestion === snakeToCamel(key)
      ? `did you mean "${suggestion}"? (config files use camelCase; Codex's snake_case is read only from -c)`
      : `did you mean "${suggestion}"?`;
    out.push({
      location,
      suggestion,
      message: `${formatConfigLocation(location)}: Ignored unknown config key: ${why}`,
    });
  }
  return out;
}
