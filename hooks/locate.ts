/**
 * @module
 * Where a declaration sits in a hooks file: the line of a key path inside its `hooks` object
 * (`[event, group, "hooks", handler, field]`), for `tern hooks list` and load problems. A file with
 * its events at the top level (no `"hooks"` wrapper) is read too.
 */
import { importOnUse } from "../kernel/mod.ts";

/** The 1-based line of `keyPath` (relative to the `hooks` object) in `text`, or of its nearest existing parent. */
export async function lineInHooksText(text: string | null, keyPath: (string | number)[]): Promise<number | null> {
  if (text === null) return null;
  const { findNodeAtLocation, parseTree } = await importOnUse<typeof import("jsonc-parser")>(
    "jsonc-parser",
    import.meta.url,
  );
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root) return null;
  for (let n = keyPath.length; n >= 1; n--) {
    const path = keyPath.slice(0, n);
    const node = findNodeAtLocation(root, ["hooks", ...path]) ?? findNodeAtLocation(root, path);
    if (node) return text.slice(0, node.offset).split("\n").length;
  }
  return null;
}
