import { assertEquals } from "@std/assert";
import { decode, encode } from "@jridgewell/sourcemap-codec";
import { deferDynamicImports } from "./defer_imports.ts";

/** A source map whose line 0 maps generated columns `columns` to the same columns in `a.ts`. */
function mapOf(columns: number[][]): string {
  return JSON.stringify({
    version: 3,
    sources: ["a.ts"],
    names: [],
    mappings: encode(
      columns.map((line) => line.map((column) => [column, 0, 0, column] as [number, number, number, number])),
    ),
  });
}

Deno.test("the named literal imports are rewritten so Deno's graph skips them; others are left alone", () => {
  const code =
    'const a=import("./chunk-A.js"),b=import("jsonc-parser"),c=import("./other.js");\nimport("node:sqlite");';
  const { code: out, rewritten } = deferDynamicImports(
    code,
    null,
    new Set(["./chunk-A.js", "jsonc-parser", "node:sqlite"]),
  );
  assertEquals(rewritten, 3);
  assertEquals(
    out,
    'const a=import(["./chunk-A.js"][0]),b=import(["jsonc-parser"][0]),c=import("./other.js");\nimport(["node:sqlite"][0]);',
  );
});

Deno.test("a string that happens to contain an import call is not an import: it is left alone unless named", () => {
  const code = 'const text="x";const f=()=>import("./lazy.js");';
  assertEquals(deferDynamicImports(code, null, new Set()).code, code);
});

Deno.test("source map columns after each insertion move with the code they map", () => {
  // Line 0: `x=import("./c.js");y()` — segments at x (0), import (2), the string (9), y (19).
  // Line 1: untouched.
  const code = 'x=import("./c.js");y()\nz()';
  const map = mapOf([[0, 2, 9, 19], [0]]);
  const { code: out, map: moved } = deferDynamicImports(code, map, new Set(["./c.js"]));
  assertEquals(out, 'x=import(["./c.js"][0]);y()\nz()');
  const lines = decode(JSON.parse(moved!).mappings);
  // `[` goes in before the string (column 9), `][0]` before the closing parenthesis (column 17).
  assertEquals(lines.map((line) => line.map((segment) => segment[0])), [[0, 2, 10, 24], [0]]);
  // Where they point in the source is unchanged.
  assertEquals(lines[0].map((segment) => segment[3]), [0, 2, 9, 19]);
  assertEquals(out.indexOf("y()"), 24);
});
