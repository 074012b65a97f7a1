/**
 * @module
 * A small read cache keyed by path and validated by each file's mtime and size, so the AGENTS.md
 * contributor stats its candidates on every turn but re-reads only files that changed. Uses sync
 * file calls: a handful of stats per turn cost microseconds, far less than async op overhead.
 */

/** A file as last read. */
interface Entry {
  mtimeMs: number;
  size: number;
  bytes: Uint8Array;
}

/** Reads regular files, re-reading one only when its mtime or size changed. */
export class DocCache {
  readonly #entries = new Map<string, Entry>();
  /** How many times a file was actually read from disk (for tests and diagnostics). */
  reads = 0;

  /**
   * The bytes of the regular file at `path`, or null when there is none (missing, a directory,
   * unreadable). Symlinks are followed.
   */
  read(path: string): Uint8Array | null {
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(path);
    } catch {
      this.#entries.delete(path);
      return null;
    }
    if (!info.isFile) return null;
    const mtimeMs = info.mtime?.getTime() ?? -1;
    const cached = this.#entries.get(path);
    if (cached && cached.mtimeMs === mtimeMs && cached.size === info.size && mtimeMs !== -1) return cached.bytes;
    let bytes: Uint8Array;
    try {
      bytes = Deno.readFileSync(path);
    } catch {
      this.#entries.delete(path);
      return null;
    }
    this.reads++;
    this.#entries.set(path, { mtimeMs, size: info.size, bytes });
    return bytes;
  }

  /** True when something (file or directory) exists at `path`. */
  exists(path: string): boolean {
    try {
      Deno.lstatSync(path);
      return true;
    } catch {
      return false;
    }
  }
}
