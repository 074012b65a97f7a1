/**
 * @module
 * "Did you mean ...?" for config keys: the known key nearest to a mistyped one, and the keys a
 * zod object schema knows at a path. The edit distance comes from `fastest-levenshtein`, imported
 * only when a key is unknown (it is never needed on a run whose config is right).
 */
import type { z } from "zod";
import { importOnUse } from "../startup/import_on_use.ts";

/** `approval_policy`, `approvalPolicy` and `Approval-Policy` compare equal. */
function normalise(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, "");
}

/**
 * The known key nearest to `key` by edit distance (case, `_` and `-` ignored), when it is near
 * enough to be a typo: at most 2 edits (a swapped pair, `modle`) or a third of the key's length
 * apart, and fewer than half of it (so `abc` is not taken for `mcp`).
 */
export async function closestKey(key: string, known: Iterable<string>): Promise<string | undefined> {
  const { distance } = await importOnUse<typeof import("fastest-levenshtein")>("fastest-levenshtein", import.meta.url);
  const wanted = normalise(key);
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const d = distance(wanted, normalise(candidate));
    if (!best || d < best.distance) best = { key: candidate, distance: d };
  }
  if (!best) return undefined;
  const near = best.distance <= Math.max(2, Math.floor(wanted.length / 3)) && best.distance < wanted.length / 2;
  return near ? best.key : undefined;
}

/** The zod internals this walks: each schema's `def` (`type`, and what it wraps). */
interface Def {
  type: string;
  shape?: Record<string, { _zod: { def: Def } }>;
  innerType?: { _zod: { def: Def } };
  valueType?: { _zod: { def: Def } };
  in?: { _zod: { def: Def } };
}

/**
 * The keys the object schema at `path` inside `schema` knows (through defaults, optionals and
 * records), or `[]` when there is no object there.
 */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  const unwrap = () => {
    for (let inner = def.innerType ?? def.in; inner; inner = def.innerType ?? def.in) def = inner._zod.def;
  };
  for (const segment of path) {
    unwrap();
    const next = def.type === "object"
      ? def.shape?.[String(segment)]
      : def.type === "record"
      ? def.valueType
      : undefined;
    if (!next) return [];
    def = next._zod.def;
  }
  unwrap();
  return def.type === "object" ? Object.keys(def.shape ?? {}) : [];
}
