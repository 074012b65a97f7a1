/**
 * @module
 * Imports many plugin entry modules as one module graph. Deno builds a module graph for every
 * dynamic `import()`, so sixteen plugins imported one by one cost several times what one import
 * of a module that statically imports all sixteen does (see `bench/plugin_imports.ts`). The batch
 * writes such a module (a "barrel") to a cache folder, named by a hash of its content, and imports
 * it once. When that import fails (one plugin has a syntax error or a missing import), every entry
 * is imported on its own instead, so the failure is pinned on the plugin that caused it.
 * Each distinct plugin list makes its own barrel; when a new one is written, all but the
 * `KEEP_BARRELS` most recently written are removed.
 */
import { join, toFileUrl } from "../base/path.ts";

/** How many barrel files the cache folder keeps (one per distinct plugin list). */
export const KEEP_BARRELS = 32;

/** What a module namespace looks like to the plugin host. */
export type ModuleNamespace = Record<string, unknown>;

/**
 * Collects the entry URLs of the plugins to load, then imports them together. Create it with
 * the number of plugins to expect; each calls `add(url)` (its entry is to be imported) or
 * `skip()` (it imports nothing now: deferred, failed to resolve, or runs in a worker). The batch
 * imports once every plugin has answered.
 */
export class ImportBatch {
  readonly #cacheDir: string | null;
  readonly #urls: string[] = [];
  #waiting: number;
  #barrel: Promise<ModuleNamespace[] | null> | null = null;
  readonly #ready: PromiseWithResolvers<void> = Promise.withResolvers<void>();

  /** `cacheDir` null imports each entry on its own (no barrel file is written). */
  constructor(expected: number, cacheDir: string | null) {
    this.#waiting = expected;
    this.#cacheDir = cacheDir;
    if (expected === 0) this.#ready.resolve();
  }

  /** Adds an entry to the batch; resolves to its module namespace, or rejects with its import error. */
  add(url: string): Promise<ModuleNamespace> {
    const index = this.#urls.push(url) - 1;
    this.#answered();
    return this.#ready.promise.then(async () => {
      const modules = await (this.#barrel ??= this.#importBarrel());
      return modules ? modules[index] : await import(url) as ModuleNamespace;
    });
  }

  /** Tells the batch that one expected plugin imports nothing now. */
  skip(): void {
    this.#answered();
  }

  #answered(): void {
    if (--this.#waiting === 0) this.#ready.resolve();
  }

  /** Imports every entry through one barrel module; null when that is not possible or fails. */
  async #importBarrel(): Promise<ModuleNamespace[] | null> {
    if (!this.#cacheDir || this.#urls.length < 2) return null;
    // Plugins answer in whatever order their manifests were read: sort, so one plugin list
    // always makes the same barrel (and Deno's caches stay warm for it).
    const urls = [...new Set(this.#urls)].sort();
    const source = urls.map((url, i) => `export * as m${i} from ${JSON.stringify(url)};\n`).join("");
    const path = join(this.#cacheDir, `plugins-${await hash(source)}.js`);
    try {
      const written = await Deno.stat(path).then(() => false, async () => {
        await Deno.mkdir(this.#cacheDir!, { recursive: true });
        const temp = `${path}.${Deno.pid}.tmp`;
        await Deno.writeTextFile(temp, source);
        await Deno.rename(temp, path);
        return true;
      });
      const barrel = await import(toFileUrl(path).href) as Record<string, ModuleNamespace>;
      if (written) await pruneBarrels(this.#cacheDir, KEEP_BARRELS);
      return this.#urls.map((url) => barrel[`m${urls.indexOf(url)}`]);
    } catch {
      return null; // each entry is imported alone, and the one at fault reports its own error
    }
  }
}

/**
 * Removes all but the `keep` most recently written barrels in `dir`. Never throws: a barrel
 * another run is importing right now and loses is simply written again by that run next time.
 */
export async function pruneBarrels(dir: string, keep: number): Promise<void> {
  try {
    const barrels: { path: string; mtime: number }[] = [];
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile || !/^plugins-[0-9a-f]+\.js$/.test(entry.name)) continue;
      const path = join(dir, entry.name);
      const info = await Deno.stat(path).catch(() => null);
      if (info) barrels.push({ path, mtime: info.mtime?.getTime() ?? 0 });
    }
    barrels.sort((a, b) => b.mtime - a.mtime);
    await Promise.all(barrels.slice(keep).map(({ path }) => Deno.remove(path).catch(() => {})));
  } catch {
    // A cache folder that cannot be read is left as it is.
  }
}

/** The first 16 hex digits of the text's SHA-256: names the barrel after what it imports. */
async function hash(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}
