/**
 * @module
 * The file operations `apply_patch` needs, as an interface with a Deno default, so tests can make
 * a write fail midway. Reads return the raw bytes (kept for rollback) and the UTF-8 text when the
 * bytes are valid UTF-8. Writes take an explicit mode only when one must be set (restoring a deleted
 * file, moving a file); otherwise the existing file's mode, or the default for a new one, stays.
 */
import { dirname } from "../../kernel/mod.ts";

/** What is at a path. */
export type FileRead =
  | { kind: "missing" }
  | { kind: "directory" }
  | { kind: "file"; bytes: Uint8Array; text: string | null; mode: number | null };

/** The operations `apply_patch` performs on the file system. */
export interface PatchFs {
  /** Reads a file; a missing path or a directory is reported, not thrown. */
  read(path: string): Promise<FileRead>;
  /** Writes (creating or truncating) a file. */
  write(path: string, data: string | Uint8Array, options?: { mode?: number }): Promise<void>;
  /** Removes a file. */
  remove(path: string): Promise<void>;
  /** Creates the missing parent directories of `path`; returns those it created, outermost first. */
  makeParents(path: string): Promise<string[]>;
  /** Removes a directory if it is empty; never throws. */
  removeEmptyDir(path: string): Promise<void>;
  /** The real path of `path`, resolving symlinks in the part that exists. */
  realPath(path: string): Promise<string>;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** The real file system, through Deno. */
export const denoPatchFs: PatchFs = {
  async read(path) {
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return { kind: "missing" };
      throw error;
    }
    if (info.isDirectory) return { kind: "directory" };
    const bytes = await Deno.readFile(path);
    let text: string | null;
    try {
      text = utf8.decode(bytes);
    } catch {
      text = null;
    }
    return { kind: "file", bytes, text, mode: info.mode === null ? null : info.mode & 0o7777 };
  },
  async write(path, data, options = {}) {
    const bytes = typeof data === "string" ? encoder.encode(data) : data;
    await Deno.writeFile(path, bytes, options.mode === undefined ? {} : { mode: options.mode });
  },
  async remove(path) {
    const info = await Deno.lstat(path);
    if (info.isDirectory) throw new Error("it is a directory");
    await Deno.remove(path);
  },
  async makeParents(path) {
    const missing: string[] = [];
    for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
      try {
        const info = await Deno.stat(dir);
        if (!info.isDirectory) throw new Error(`"${dir}" is not a directory`);
        break;
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
        missing.unshift(dir);
      }
    }
    for (const dir of missing) await Deno.mkdir(dir);
    return missing;
  },
  async removeEmptyDir(path) {
    try {
      await Deno.remove(path);
    } catch {
      // Not empty, or already gone: leave it.
    }
  },
  async realPath(path) {
    const rest: string[] = [];
    for (let at = path;; at = dirname(at)) {
      try {
        const real = await Deno.realPath(at);
        return rest.length === 0 ? real : [real === "/" ? "" : real, ...rest].join("/");
      } catch {
        if (at === dirname(at)) return path;
        rest.unshift(at.slice(dirname(at).length).replace(/^\//, ""));
      }
    }
  },
};
