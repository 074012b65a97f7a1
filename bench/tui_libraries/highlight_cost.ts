// deno-lint-ignore-file no-import-prefix -- candidates being measured, pinned here, not dependencies of Tern
/**
 * @module
 * Child of `bench/tui_libraries.ts`: what a code highlighter costs, by name (argument): the time
 * to import it and highlight a first TypeScript snippet, then the time per further snippet.
 * Prints JSON.
 */
const SNIPPET = `export async function main(argv: string[]): Promise<number> {
  const flags = parseGlobalFlags(argv); // comment
  return flags.rest.length > 0 ? 1 : "zero".length;
}`;

type Highlight = (code: string) => string;
const loaders: Record<string, () => Promise<Highlight>> = {
  "cli-highlight": async () => {
    const { highlight } = await import("npm:cli-highlight@2.1.11");
    return (code) => highlight(code, { language: "typescript" });
  },
  "highlight.js-core": async () => {
    const hljs = (await import("npm:highlight.js@11.11.1/lib/core")).default;
    hljs.registerLanguage("typescript", (await import("npm:highlight.js@11.11.1/lib/languages/typescript")).default);
    return (code) => hljs.highlight(code, { language: "typescript" }).value;
  },
  "emphasize": async () => {
    const { createEmphasize } = await import("npm:emphasize@7.0.0");
    const typescript = (await import("npm:highlight.js@11.9.0/lib/languages/typescript")).default;
    const emphasize = createEmphasize({ typescript });
    return (code) => emphasize.highlight("typescript", code).value;
  },
  "marked-terminal": async () => {
    const { marked } = await import("npm:marked@15.0.12");
    const { markedTerminal } = await import("npm:marked-terminal@7.3.1");
    // deno-lint-ignore no-explicit-any
    marked.use(markedTerminal() as any);
    return (code) => marked.parse("```ts\n" + code + "\n```\n") as string;
  },
};

const name = Deno.args[0];
const start = performance.now();
const highlight = await loaders[name]();
highlight(SNIPPET);
const firstMs = performance.now() - start;
const t1 = performance.now();
for (let i = 0; i < 100; i++) highlight(SNIPPET + i);
console.log(JSON.stringify({ firstMs, perSnippetMs: (performance.now() - t1) / 100 }));
