/**
 * Keeps the module boundaries true by reading import statements: the kernel imports no plugin,
 * plugins import only the kernel's public API (`kernel/mod.ts`), the shared library tier (`lib/`,
 * each package through its `mod.ts`) and their own files, the library imports only the kernel's
 * public API and itself, and nothing outside the kernel reaches into its other files.
 */
import { assertEquals } from "@std/assert";
import { dirname, fromFileUrl, join, relative, resolve } from "@std/path";

const root = fromFileUrl(new URL("..", import.meta.url));
/** Folders whose subfolders are plugins. */
const PLUGIN_ROOTS = ["tools", "plugins", "examples/plugins"];
/** Folders that are one plugin each. */
const SINGLE_PLUGINS = ["hooks"];

async function* tsFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory && entry.name !== "node_modules" && !entry.name.startsWith(".")) yield* tsFiles(path);
    else if (entry.isFile && entry.name.endsWith(".ts")) yield path;
  }
}

/** Relative imports of a file, resolved to repo-relative paths. */
async function importsOf(file: string): Promise<string[]> {
  const text = await Deno.readTextFile(file);
  const specs = [
    ...text.matchAll(
      /(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|importOnUse(?:<[^>]*>)?\(\s*["']([^"']+)["']/g,
    ),
  ]
    .map((m) => m[1] ?? m[2] ?? m[3])
    .filter((s) => s.startsWith("."));
  return specs.map((s) => relative(root, resolve(dirname(file), s)));
}

/** The plugin folder a repo-relative path belongs to (e.g. `tools/shell`), if any. */
function pluginOf(path: string): string | null {
  for (const single of SINGLE_PLUGINS) if (path.startsWith(single + "/")) return single;
  for (const base of PLUGIN_ROOTS) {
    if (path.startsWith(base + "/")) {
      const rest = path.slice(base.length + 1).split("/");
      return rest.length > 1 ? `${base}/${rest[0]}` : null;
    }
  }
  return null;
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test("the kernel imports no plugin code", async () => {
  const offenders: string[] = [];
  for await (const file of tsFiles(join(root, "kernel"))) {
    for (const target of await importsOf(file)) {
      if (!target.startsWith("kernel/")) offenders.push(`${relative(root, file)} imports ${target}`);
    }
  }
  assertEquals(offenders, []);
});

Deno.test("plugins import only kernel/mod.ts and their own files (tests may use test/support)", async () => {
  const offenders: string[] = [];
  for (const base of [...PLUGIN_ROOTS, ...SINGLE_PLUGINS]) {
    if (!(await exists(join(root, base)))) continue;
    for await (const file of tsFiles(join(root, base))) {
      const from = relative(root, file);
      const own = pluginOf(from);
      const isTest = from.endsWith("_test.ts");
      for (const target of await importsOf(file)) {
        if (target === "kernel/mod.ts") continue;
        if (/^lib\/[a-z_]+\/mod\.ts$/.test(target)) continue;
        if (own && pluginOf(target) === own) continue;
        if (isTest && target.startsWith("test/support/")) continue;
        offenders.push(`${from} imports ${target}`);
      }
    }
  }
  assertEquals(offenders, []);
});

Deno.test("the library tier imports only kernel/mod.ts and its own package's files (tests may use test/support)", async () => {
  const offenders: string[] = [];
  for await (const file of tsFiles(join(root, "lib"))) {
    const from = relative(root, file);
    const own = from.split("/").slice(0, 2).join("/") + "/";
    const isTest = from.endsWith("_test.ts");
    for (const target of await importsOf(file)) {
      if (target === "kernel/mod.ts" || target.startsWith(own)) continue;
      if (isTest && target.startsWith("test/support/")) continue;
      offenders.push(`${from} imports ${target}`);
    }
  }
  assertEquals(offenders, []);
});

Deno.test("outside the kernel, only kernel/mod.ts is imported", async () => {
  const offenders: string[] = [];
  for (const dir of ["test", "bench", "examples", "testing", "lib"]) {
    for await (const file of tsFiles(join(root, dir))) {
      for (const target of await importsOf(file)) {
        if (target.startsWith("kernel/") && target !== "kernel/mod.ts") {
          offenders.push(`${relative(root, file)} imports ${target}`);
        }
      }
    }
  }
  for (const target of await importsOf(join(root, "main.ts"))) {
    if (target.startsWith("kernel/") && target !== "kernel/mod.ts") offenders.push(`main.ts imports ${target}`);
  }
  assertEquals(offenders, []);
});

/** Each run-path source (kernel, plugins, tools, hooks; not tests, not the conformance kit), its comment lines dropped. */
async function* runPathCode(): AsyncGenerator<{ path: string; code: string }> {
  for (const dir of ["kernel", "plugins", "tools", "hooks", "lib"]) {
    for await (const file of tsFiles(join(root, dir))) {
      if (file.endsWith("_test.ts") || file.includes("/conformance/")) continue;
      const lines = (await Deno.readTextFile(file)).split("\n").filter((line) => !/^\s*(\/?\*|\/\/)/.test(line));
      yield { path: relative(root, file), code: lines.join("\n") };
    }
  }
}

Deno.test("code a run loads defers modules with importOnUse(), never a literal import() Deno would read at start-up", async () => {
  const offenders: string[] = [];
  for await (const { path, code } of runPathCode()) {
    for (const match of code.matchAll(/(?<!typeof )(?<![\w.])import\(\s*["']([^"']+)["']\s*\)/g)) {
      offenders.push(`${path}: import("${match[1]}")`);
    }
  }
  assertEquals(offenders, []);
});

Deno.test("code a run loads keeps time with kernel/timer.ts, never the global setTimeout that wakes Deno's Node layer", async () => {
  const offenders: string[] = [];
  for await (const { path, code } of runPathCode()) {
    // A call, not a method declared under that name (`setTimeout(fn: () => void, ...)` in `Clock`).
    for (const match of code.matchAll(/(?<![\w.])(setTimeout|setInterval|unrefTimer)\((?!\s*\w+\??:)/g)) {
      offenders.push(`${path}: ${match[1]}()`);
    }
  }
  assertEquals(offenders, []);
});
