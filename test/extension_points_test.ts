/**
 * @module
 * The extension-point table (`EXTENSION_POINTS`, `kernel/extensions/points.ts`) is the one list:
 * the hook event schemas, the JSON Schema snapshot and the table in `docs/hooks.md` follow it.
 * `UPDATE_SCHEMA=1` (`deno task hooks:schema`) rewrites the docs table from it.
 */
import { assertEquals } from "@std/assert";
import { fromFileUrl } from "@std/path";
import { EXTENSION_POINTS, HookEvents, LIFECYCLE_POINTS } from "../kernel/mod.ts";

const DOC = fromFileUrl(new URL("../docs/hooks.md", import.meta.url));
const START = "<!-- extension-points:start (generated from EXTENSION_POINTS; deno task hooks:schema) -->";
const END = "<!-- extension-points:end -->";

/** The docs table, one row per extension point. */
function markdownTable(): string {
  const rows = EXTENSION_POINTS.map((p) =>
    `| ${p.hookEvent} | \`${
      p.kind === "lifecycle" ? `api.lifecycle.on("${p.point}")` : `api.tools.${p.point}()`
    }\` | ${p.firesIn} | ${p.summary} |`
  );
  return [
    "| Hook event | Plugin API point | Fires in | Outcome |",
    "| --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

/** The table's text with `deno fmt`'s padding taken out. */
const unpadded = (text: string) => text.replace(/-{3,}/g, "---").replace(/[ \t]+/g, " ");

Deno.test("every hook event with schemas has exactly one extension point, and each lifecycle point is listed once", () => {
  assertEquals(EXTENSION_POINTS.map((p) => p.hookEvent).sort(), Object.keys(HookEvents).sort());
  assertEquals(new Set(LIFECYCLE_POINTS).size, LIFECYCLE_POINTS.length);
});

Deno.test("docs/hooks.md lists the extension points as the table says", async () => {
  const text = await Deno.readTextFile(DOC);
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const block = `${START}\n\n${markdownTable()}\n\n${END}`;
  if (Deno.env.get("UPDATE_SCHEMA") === "1") {
    const next = start >= 0 && end > start
      ? text.slice(0, start) + block + text.slice(end + END.length)
      : text.replace("## Events\n", `## Events\n\n${block}\n`);
    await Deno.writeTextFile(DOC, next);
    return;
  }
  assertEquals(
    unpadded(start >= 0 && end > start ? text.slice(start, end + END.length) : "(no table)"),
    unpadded(block),
    "docs/hooks.md's extension-point table is stale: run `deno task hooks:schema`",
  );
});
