/**
 * @module
 * `importOnUse()`: load a module the first time a run needs it, and not before.
 *
 * A plain `await import("./engine.ts")` is not lazy under Deno: the runtime follows every dynamic
 * import whose specifier is a string literal when it builds the module graph, so the module and
 * everything it imports are read and prepared before the program's first line runs (measured: 40 ms
 * of start-up for five such imports of tools a run never used). A specifier computed at run time is
 * left alone until the call, which is what this helper does. Use it for the code behind a tool, a
 * command or a request method; keep plain `import` for what every run needs.
 *
 *     type Engine = typeof import("./engine.ts"); // types only: costs nothing at run time
 *     const { HookEngine } = await importOnUse<Engine>("./engine.ts", import.meta.url);
 */

/**
 * Imports `specifier` (relative to `base`, normally `import.meta.url`) when called. Give the
 * module's type as `M` (`typeof import("./x.ts")`) so the result is typed. Absolute URLs and bare
 * specifiers (`"diff"`, `"node:sqlite"`) pass through unchanged: a literal `import("diff")` loads
 * the package's code only when it runs, but Deno still resolves the package (and takes the npm
 * install lock) before the program's first line, so packages are deferred this way too.
 */
export function importOnUse<M>(specifier: string, base: string | URL): Promise<M> {
  const isRelative = specifier.startsWith("./") || specifier.startsWith("../");
  const target = isRelative ? new URL(specifier, base).href : specifier;
  return import(target) as Promise<M>;
}
