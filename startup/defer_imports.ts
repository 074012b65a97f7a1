/**
 * @module
 * Keeps the start-up bundle's dynamic imports lazy under Deno. Deno follows every `import()` whose
 * argument is a string literal when it builds the module graph, so esbuild's split points
 * (`import("./run_command-X.js")`) and the packages a chunk imports on first use
 * (`import("jsonc-parser")`) were all read and resolved before a run's first line: every lazy
 * chunk, and the npm packages behind them, at every start-up (~15 ms). `deferDynamicImports()`
 * rewrites each such call to `import(["./run_command-X.js"][0])`, which Deno leaves alone until
 * it runs (the same trick as `kernel/startup/import_on_use.ts`), and moves the source map's columns to
 * match, so stack traces still point into the sources.
 */
import { decode, encode } from "@jridgewell/sourcemap-codec";

/** A literal dynamic import, as esbuild writes it: `import("<specifier>")`. */
const LITERAL_IMPORT = /import\("([^"\\\n]+)"\)/g;

/** What `deferDynamicImports()` returns. */
export interface DeferredImports {
  code: string;
  /** The source map with its columns moved, or null when none was given. */
  map: string | null;
  /** How many calls were rewritten. */
  rewritten: number;
}

/**
 * Rewrites `import("<s>")` to `import(["<s>"][0])` in `code` for each `s` in `specifiers` (the
 * dynamic imports esbuild's metafile lists for this output, as written in it), and shifts the
 * generated columns of `map` (a v3 source map as JSON text) past each insertion.
 */
export function deferDynamicImports(
  code: string,
  map: string | null,
  specifiers: ReadonlySet<string>,
): DeferredImports {
  const lineStarts = [0];
  for (let i = code.indexOf("\n"); i !== -1; i = code.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  /** Insertions by line: the column each goes before, and how many characters it adds. */
  const insertions = new Map<number, { column: number; added: number }[]>();
  let rewritten = 0;
  const out = code.replace(LITERAL_IMPORT, (call: string, specifier: string, offset: number) => {
    if (!specifiers.has(specifier)) return call;
    rewritten++;
    const line = lineOf(lineStarts, offset);
    const column = offset - lineStarts[line];
    const quote = column + "import(".length;
    const close = quote + specifier.length + 2;
    const list = insertions.get(line) ?? [];
    list.push({ column: quote, added: "[".length }, { column: close, added: "][0]".length });
    insertions.set(line, list);
    return `import(["${specifier}"][0])`;
  });
  return { code: out, map: map === null ? null : shiftColumns(map, insertions), rewritten };
}

/** The 0-based line holding `offset`, given each line's start offset. */
function lineOf(lineStarts: number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

function shiftColumns(mapText: string, insertions: Map<number, { column: number; added: number }[]>): string {
  if (insertions.size === 0) return mapText;
  const map = JSON.parse(mapText) as { mappings: string };
  const lines = decode(map.mappings);
  for (const [line, points] of insertions) {
    for (const segment of lines[line] ?? []) {
      const column = segment[0];
      segment[0] = column + points.reduce((sum, p) => (p.column <= column ? sum + p.added : sum), 0);
    }
  }
  map.mappings = encode(lines);
  return JSON.stringify(map);
}
