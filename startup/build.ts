/**
 * @module
 * Builds Tern's start-up bundle with esbuild: `main.ts`, the kernel, every built-in plugin and zod
 * in one entry module plus shared chunks, so a run loads a few files instead of ~300 modules
 * (about 25 ms and 7 MiB less at start-up; see `docs/architecture.md`). Code a run may not need
 * stays out of the entry: each `importOnUse("./x.ts", import.meta.url)` becomes a plain `import()`
 * that esbuild splits into a chunk loaded on first use. Every `import.meta.url` and
 * `import.meta.dirname` in code becomes the original file's, so folders are found as from the
 * sources, and `import.meta.main` is false.
 * zod (with its English messages only: `z.locales` holds just `en`), eventsource-parser and the
 * `@std/*` mirror are bundled too; other npm packages and `node:` modules stay external, and Deno
 * loads them when a run uses them.
 *
 * The launcher starts this in the background when the bundle is missing or stale
 * (`bundle_state.ts`), and `deno task test` runs it first (`--if-stale`), so the tests that
 * spawn `tern` all run from a bundle. By hand: `deno run -A startup/build.ts`.
 */
import * as esbuild from "esbuild";
import { BUILTINS } from "../main.ts";
import { fromFileUrl, join, readPluginManifest, relative, toFileUrl } from "../kernel/mod.ts";
import { bundleRoot, type BundleState, currentBundle, isFresh } from "./bundle_state.ts";
import { deferDynamicImports } from "./defer_imports.ts";

const TERN_ROOT = new URL("../", import.meta.url);
/** Loads lazily through `importOnUse`, so may stay a runtime call: the helper itself. */
const IMPORT_ON_USE_HOME = "kernel/startup/import_on_use.ts";
/**
 * npm packages bundled from `node_modules` (pure ES modules the first request needs); the `@std/*`
 * mirror too. Loading any npm package costs a run ~3 ms and wakes Deno's Node layer; the rest
 * (the MCP SDK, hono, jsonc-parser, ...) stay external and load when a run uses them.
 */
const BUNDLED_PACKAGES = ["zod", "eventsource-parser"];
/** Files besides the bundled sources whose change makes the bundle stale. */
const ALSO_WATCHED = ["deno.json", "deno.lock", "startup/build.ts", "startup/defer_imports.ts"];

/** Builds the bundle into a new folder, then makes it current; returns that folder. */
export async function buildStartupBundle(ternRoot: URL = TERN_ROOT): Promise<string> {
  const rootDir = fromFileUrl(ternRoot);
  const outRoot = fromFileUrl(bundleRoot(ternRoot));
  const dir = `b-${Date.now().toString(36)}-${Deno.pid}`;
  const outDir = join(outRoot, dir);
  await Deno.mkdir(outRoot, { recursive: true });
  const entries = Object.values(BUILTINS).map((folder) => toFileUrl(join(folder, "mod.ts")).href);
  // The built-ins' manifests, validated now: a run from the bundle need not read them again.
  const manifests = Object.fromEntries(
    await Promise.all(Object.values(BUILTINS).map(async (folder) => [folder, await readPluginManifest(folder)])),
  );
  const entrySource = [
    `export * as main from ${JSON.stringify(toFileUrl(join(rootDir, "main.ts")).href)};`,
    ...entries.map((url, i) => `import * as p${i} from ${JSON.stringify(url)};`),
    `export const plugins = {${entries.map((url, i) => `${JSON.stringify(url)}: p${i}`).join(", ")}};`,
    `export const manifests = ${JSON.stringify(manifests)};`,
  ].join("\n");
  const result = await esbuild.build({
    stdin: { contents: entrySource, resolveDir: rootDir, sourcefile: "startup-entry.js", loader: "js" },
    bundle: true,
    format: "esm",
    splitting: true,
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["import", "default"],
    target: "esnext",
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: "linked",
    outdir: outDir,
    entryNames: "entry",
    metafile: true,
    write: false,
    absWorkingDir: rootDir,
    logLevel: "silent",
    plugins: [ternSources(rootDir)],
  });
  await writeOutputs(result, rootDir);
  const inputs = Object.keys(result.metafile.inputs)
    .filter((path) => !path.startsWith("node_modules/") && path !== "startup-entry.js")
    .concat(ALSO_WATCHED, Object.values(BUILTINS).map((folder) => relative(rootDir, join(folder, "plugin.jsonc"))));
  const state: BundleState = { dir, entry: "entry.js", inputs: [] };
  for (const path of [...new Set(inputs)].sort()) {
    const info = await Deno.stat(join(rootDir, path));
    state.inputs.push([path, info.size, info.mtime?.getTime() ?? 0]);
  }
  const temp = join(outRoot, `state.json.${Deno.pid}.tmp`);
  await Deno.writeTextFile(temp, JSON.stringify(state));
  await Deno.rename(temp, join(outRoot, "state.json"));
  await removeOldBundles(outRoot, dir);
  return outDir;
}

/**
 * Writes the bundle's files, each literal dynamic import made one Deno leaves alone until it runs
 * (`defer_imports.ts`), and each source map moved to match.
 */
async function writeOutputs(result: esbuild.BuildResult & { outputFiles: esbuild.OutputFile[] }, rootDir: string) {
  const files = new Map(result.outputFiles.map((file) => [file.path, file.text]));
  for (const [key, output] of Object.entries(result.metafile!.outputs)) {
    const path = join(rootDir, key);
    if (!path.endsWith(".js") || !files.has(path)) continue;
    const specifiers = new Set(
      output.imports
        .filter((i) => i.kind === "dynamic-import")
        .map((i) => (i.external ? i.path : `./${relative(join(path, ".."), join(rootDir, i.path))}`)),
    );
    const deferred = deferDynamicImports(files.get(path)!, files.get(`${path}.map`) ?? null, specifiers);
    files.set(path, deferred.code);
    if (deferred.map !== null) files.set(`${path}.map`, deferred.map);
  }
  for (const [path, text] of files) {
    await Deno.mkdir(join(path, ".."), { recursive: true });
    await Deno.writeTextFile(path, text);
  }
}

/** Resolves Tern's own imports and rewrites its sources as the module comment says. */
function ternSources(rootDir: string): esbuild.Plugin {
  return {
    name: "tern-sources",
    setup(build) {
      build.onResolve({ filter: /^file:/ }, (args) => ({ path: fromFileUrl(args.path) }));
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        const std = args.path.match(/^@std\/([a-z_]+)$/);
        if (std) return { path: join(rootDir, "node_modules", "deno-std", std[1], "mod.js") };
        if (BUNDLED_PACKAGES.some((name) => args.path === name || args.path.startsWith(`${name}/`))) return undefined;
        return { path: args.path, external: true };
      });
      // zod's 60-odd message locales are ~400 KB that every run would parse; Tern speaks English
      // (zod's default, which it imports itself), so the bundle's locale list holds only that one.
      build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
        contents: 'export { default as en } from "./en.js";\n',
        loader: "js",
      }));
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const url = toFileUrl(args.path).href;
        let source = await Deno.readTextFile(args.path);
        source = source.replace(
          /importOnUse(?:<[^>]*>)?\(\s*("[^"]+"),\s*import\.meta\.url,?\s*\)/g,
          (_, specifier) => `import(${specifier})`,
        );
        const rel = relative(rootDir, args.path);
        if (rel !== IMPORT_ON_USE_HOME && /importOnUse(?:<[^>]*>)?\(\s*[^)\s]/.test(source)) {
          throw new Error(`${rel}: an importOnUse() call the bundle cannot split; give it "./x.ts", import.meta.url`);
        }
        // esbuild's define rewrites import.meta where it is code, never inside strings or comments
        // (plugin scaffolds write `import.meta.dirname` into template literals).
        const js = await esbuild.transform(source, {
          loader: "ts",
          sourcefile: args.path,
          define: {
            "import.meta.url": JSON.stringify(url),
            "import.meta.dirname": JSON.stringify(join(args.path, "..")),
            "import.meta.main": "false",
          },
        });
        return { contents: js.code, loader: "js" };
      });
    },
  };
}

/** How many of the newest bundle folders are always kept. */
const KEEP_NEWEST = 5;
/** How long any bundle folder a run started from is kept (the launcher touches it): a long-running
 * app-server loads its chunks on first use. */
const KEEP_USED_MS = 24 * 3600_000;

/**
 * Removes old bundle folders: all but the `KEEP_NEWEST` most recently built or used, unless a run
 * used it within `KEEP_USED_MS`. A Tern tree that is edited a lot would otherwise keep one per edit.
 */
async function removeOldBundles(outRoot: string, keep: string): Promise<void> {
  const folders: { path: string; mtime: number }[] = [];
  for await (const entry of Deno.readDir(outRoot)) {
    if (!entry.isDirectory || !entry.name.startsWith("b-") || entry.name === keep) continue;
    const path = join(outRoot, entry.name);
    folders.push({ path, mtime: (await Deno.stat(path).catch(() => null))?.mtime?.getTime() ?? Date.now() });
  }
  folders.sort((a, b) => b.mtime - a.mtime);
  for (const { path, mtime } of folders.slice(KEEP_NEWEST - 1)) {
    if (Date.now() - mtime > KEEP_USED_MS) await Deno.remove(path, { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) {
  const lock = join(fromFileUrl(bundleRoot(TERN_ROOT)), "build.lock");
  // `--if-stale` (the test task): build only when needed, and never fail the caller over it.
  const ifStale = Deno.args.includes("--if-stale");
  const candidate = currentBundle(TERN_ROOT);
  try {
    if (ifStale && candidate && isFresh(TERN_ROOT, candidate)) {
      console.log(`The start-up bundle is up to date (${candidate.entryUrl})`);
    } else {
      console.log(`Built the start-up bundle in ${await buildStartupBundle()}`);
    }
    // Released on success only: after a failure (say, esbuild cannot be fetched) the lock stays
    // until it goes stale, so runs retry every few minutes instead of every time.
    if (Deno.args.includes("--holding-lock")) await Deno.remove(lock).catch(() => {});
  } catch (error) {
    console.error(`Cannot build the start-up bundle: ${(error as Error).message}; tern runs from the sources`);
    if (!ifStale) Deno.exitCode = 1;
  } finally {
    await esbuild.stop();
  }
}
