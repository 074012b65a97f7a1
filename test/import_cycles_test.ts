/**
 * @module
 * No import cycles anywhere: the import graph of every non-test `.ts` file (type-only imports
 * included, since a reader follows them too) has no strongly connected component of more than
 * one file. A failure names each cycle's files and the imports that close it.
 */
import { assertEquals } from "@std/assert";
import { dirname, fromFileUrl, join, relative, resolve } from "@std/path";

const root = fromFileUrl(new URL("..", import.meta.url));
const SKIP = new Set(["node_modules", "testdata"]);

async function* sourceFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory && !SKIP.has(entry.name) && !entry.name.startsWith(".")) yield* sourceFiles(path);
    else if (entry.isFile && entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts")) yield path;
  }
}

/** Every file's relative imports (static, dynamic, `importOnUse`, re-exports), repo-relative. */
export async function importGraph(): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>();
  for await (const file of sourceFiles(root)) {
    const text = await Deno.readTextFile(file);
    const specs = [
      ...text.matchAll(
        /(?:import|export)\s[^;]*?from\s+["'](\.[^"']+)["']|import\(\s*["'](\.[^"']+)["']\s*\)|importOnUse(?:<[^>]*>)?\(\s*["'](\.[^"']+)["']|^import\s+["'](\.[^"']+)["']/gm,
      ),
    ].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
    graph.set(relative(root, file), [...new Set(specs.map((s) => relative(root, resolve(dirname(file), s))))]);
  }
  return graph;
}

/** The graph's strongly connected components of two or more files (Tarjan's algorithm). */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

Deno.test("cyclesOf() finds a cycle and passes a chain", () => {
  const graph = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]);
  assertEquals(cyclesOf(graph), [["a", "b", "c"]]);
  assertEquals(cyclesOf(new Map([["a", ["b"]], ["b", []]])), []);
});

Deno.test("no source file is part of an import cycle", async () => {
  const graph = await importGraph();
  const report = cyclesOf(graph).map((files) => {
    const inside = new Set(files);
    const edges = files.flatMap((f) => graph.get(f)!.filter((t) => inside.has(t)).map((t) => `${f} -> ${t}`));
    return `${files.length} files: ${edges.join("; ")}`;
  });
  assertEquals(report, []);
});
