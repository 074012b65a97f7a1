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

Deno.test("code a run loads keeps time with kernel/base/timer.ts, never the global setTimeout that wakes Deno's Node layer", async () => {
  const offenders: string[] = [];
  for await (const { path, code } of runPathCode()) {
    // A call, not a method declared under that name (`setTimeout(fn: () => void, ...)` in `Clock`).
    for (const match of code.matchAll(/(?<![\w.])(setTimeout|setInterval|unrefTimer)\((?!\s*\w+\??:)/g)) {
      offenders.push(`${path}: ${match[1]}()`);
    }
  }
  assertEquals(offenders, []);
});

/**
 * The kernel's layers. The core is the files directly in `kernel/` (bus, turn loop, threads, tool
 * registry and dispatch, provider interface, plugin API, runtime); every subfolder has one job and
 * may import only what its rule names. The rule is written once more, for readers, as the
 * `Imports:` line of the folder's README.md, and this test holds the two to the same words.
 * `core types` means `import type` from the core's files, never a value.
 */
const LAYERS: Record<string, { may: string[]; rule: string }> = {
  base: { may: [], rule: "nothing else in the kernel." },
  protocol: { may: [], rule: "only its own files." },
  startup: { may: ["base"], rule: "base/." },
  config: { may: ["base", "startup", "protocol"], rule: "base/, startup/, protocol/." },
  extensions: { may: ["base", "protocol", "core types"], rule: "base/, protocol/ and core types." },
  requests: { may: ["base", "protocol", "core types"], rule: "base/, protocol/ and core types." },
  store: { may: ["protocol"], rule: "protocol/." },
  history: { may: ["protocol", "store"], rule: "protocol/, store/." },
  compaction: { may: ["protocol", "extensions", "core types"], rule: "protocol/, extensions/ and core types." },
  lib: {
    may: ["base", "protocol", "config", "extensions", "plugin_host", "core types"],
    rule: "base/, protocol/, config/, extensions/, plugin_host/ and core types.",
  },
  plugin_host: {
    may: ["base", "startup", "protocol", "config", "extensions", "requests", "store", "lib", "core"],
    rule: "base/, startup/, protocol/, config/, extensions/, requests/, store/, lib/ and the core.",
  },
  testing: { may: ["*"], rule: "anything in the kernel (test helpers only; no run-path code imports testing/)." },
};
/** What the core may import: every subfolder but the test helpers and the plugins' library tier. */
const CORE_MAY = [
  "base",
  "protocol",
  "startup",
  "config",
  "extensions",
  "requests",
  "store",
  "history",
  "compaction",
  "plugin_host",
];
/**
 * The core's budget (issue #17), in lines (every line, comments and blank lines included) of its
 * non-test files. Code that grows the core past it belongs in a subfolder with one job.
 */
const CORE_BUDGET = 2500;

/** Relative imports of a file with whether each is type-only, resolved to repo-relative paths. */
async function typedImportsOf(file: string): Promise<{ target: string; typeOnly: boolean }[]> {
  const text = await Deno.readTextFile(file);
  return [
    ...text.matchAll(
      /(?:import|export)(\s+type)?\s[^;]*?from\s+["'](\.[^"']+)["']|import\(\s*["'](\.[^"']+)["']\s*\)|importOnUse(?:<[^>]*>)?\(\s*["'](\.[^"']+)["']|^import\s+["'](\.[^"']+)["']/gm,
    ),
  ].map((m) => ({
    target: relative(root, resolve(dirname(file), m[2] ?? m[3] ?? m[4] ?? m[5])),
    typeOnly: Boolean(m[1]),
  }));
}

/** The layer of a kernel path: a subfolder's name, or `core` for the files directly in `kernel/`. */
function layerOf(path: string): string {
  const parts = path.split("/");
  return parts.length === 2 ? "core" : parts[1];
}

Deno.test("each kernel layer imports only what its rule allows, and its README states the rule", async () => {
  const offenders: string[] = [];
  for await (const file of tsFiles(join(root, "kernel"))) {
    const from = relative(root, file);
    // mod.ts is the facade: it re-exports every layer's public names.
    if (from === "kernel/mod.ts" || from.endsWith("_test.ts") || from.includes("/testdata/")) continue;
    const layer = layerOf(from);
    for (const { target, typeOnly } of await typedImportsOf(file)) {
      if (!target.startsWith("kernel/")) continue;
      const to = layerOf(target);
      if (to === layer) continue;
      const may = layer === "core" ? CORE_MAY : LAYERS[layer]?.may;
      if (!may) {
        offenders.push(`${from}: kernel/${layer}/ has no rule in LAYERS`);
        break;
      }
      if (may.includes("*") || may.includes(to) || (to === "core" && typeOnly && may.includes("core types"))) continue;
      offenders.push(`${from} imports ${target} (${typeOnly ? "types" : "values"})`);
    }
  }
  for (const [layer, { rule }] of Object.entries(LAYERS)) {
    const readme = await Deno.readTextFile(join(root, "kernel", layer, "README.md")).catch(() => "");
    if (!readme.includes(`Imports: ${rule}`)) offenders.push(`kernel/${layer}/README.md lacks "Imports: ${rule}"`);
  }
  assertEquals(offenders, []);
});

Deno.test(`the kernel's core (the files directly in kernel/) stays within ${CORE_BUDGET} lines`, async () => {
  const counts: Record<string, number> = {};
  for await (const entry of Deno.readDir(join(root, "kernel"))) {
    if (!entry.isFile || !entry.name.endsWith(".ts") || entry.name.endsWith("_test.ts")) continue;
    const lines = (await Deno.readTextFile(join(root, "kernel", entry.name))).split("\n");
    counts[entry.name] = lines.at(-1) === "" ? lines.length - 1 : lines.length;
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const biggest = Object.entries(counts).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([f, n]) => `${f} ${n}`);
  if (total > CORE_BUDGET) {
    throw new Error(`kernel/*.ts holds ${total} lines (budget ${CORE_BUDGET}); largest: ${biggest}`);
  }
});

Deno.test("outside the kernel, no code assigns to a thread's fields or changes the front end's maps", async () => {
  const offenders: string[] = [];
  const write =
    /\b(?:thread|live|loaded)\.(?:settings|status|path|ephemeral|gitInfo|pendingSessionStart|history|turns)\s*(?:=(?!=)|\.(?:push|splice)\()|\b(?:runtime|frontEnd)\.(?:threads|methods|commands|plugins)\.(?:set|delete|clear|push|splice)\(/g;
  for (const dir of [...PLUGIN_ROOTS, ...SINGLE_PLUGINS, "lib"]) {
    if (!(await exists(join(root, dir)))) continue;
    for await (const file of tsFiles(join(root, dir))) {
      if (file.endsWith("_test.ts")) continue;
      const text = await Deno.readTextFile(file);
      for (const match of text.matchAll(write)) offenders.push(`${relative(root, file)}: ${match[0]}`);
    }
  }
  assertEquals(offenders, []);
});
