/**
 * @module
 * Plans a parsed patch against the disk without writing anything: resolves paths against the cwd,
 * reads every file the patch touches, checks each precondition, and computes every file's final
 * content through an in-memory overlay (so a later hunk sees what an earlier one did to the same
 * file). Either every hunk plans or a `PatchApplyError` says which file and which lines failed.
 * `Add File` over an existing file replaces it (as Codex does); its old content is kept for rollback.
 */
import { isAbsolute, resolve } from "../../kernel/mod.ts";
import { applyChunks, ChunkMatchError, type Replacement } from "./apply_chunks.ts";
import type { FileRead, PatchFs } from "./operations.ts";
import type { Hunk, ParsedPatch } from "./parser.ts";

/** A patch that parsed but cannot be applied; no file has been changed. */
export class PatchApplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PatchApplyError";
  }
}

/** What the disk held at a path before the patch. */
export type Original = { bytes: Uint8Array; text: string | null; mode: number | null } | null;

/** One path the patch writes or removes. */
export interface PlannedFile {
  absPath: string;
  /** The path as the patch names it, for messages. */
  displayPath: string;
  original: Original;
  /** The final text, or null when the file ends up removed. */
  final: string | null;
  /** Mode for a file the patch creates by moving another one there. */
  createMode?: number;
}

/** One hunk as planned, with what it changed (for items and diffs). */
export interface PlannedHunk {
  hunk: Hunk;
  absPath: string;
  absMovePath: string | null;
  /** The file's text before this hunk; null when it did not exist or was not text. */
  before: string | null;
  /** Whether the file existed before this hunk but was not UTF-8 text. */
  beforeBinary: boolean;
  /** The file's text after this hunk; null when it was deleted. */
  after: string | null;
  /** For an update: the old and new lines and the replacements between them. */
  update?: { oldLines: string[]; newLines: string[]; oldFinalNewline: boolean; replacements: Replacement[] };
}

/** Everything needed to write the patch, all computed before the first write. */
export interface PatchPlan {
  hunks: PlannedHunk[];
  /** Every touched path, in the order the patch first touched it. */
  files: Map<string, PlannedFile>;
}

/**
 * Plans `patch` for a thread whose working directory is `cwd`.
 *
 * @throws {PatchApplyError} when a file is missing, is a directory or is not UTF-8, or a chunk does not match
 */
export async function planPatch(patch: ParsedPatch, options: { cwd: string; fs: PatchFs }): Promise<PatchPlan> {
  if (patch.hunks.length === 0) throw new PatchApplyError("No files were modified: the patch contains no hunks");
  const slots = new Map<string, Slot>();
  const slot = async (absPath: string, displayPath: string): Promise<Slot> => {
    let found = slots.get(absPath);
    if (!found) {
      const read = await readFor(options.fs, absPath, displayPath);
      const original = read.kind === "file" ? { bytes: read.bytes, text: read.text, mode: read.mode } : null;
      const now = read.kind === "directory" ? DIRECTORY : original === null ? null : original.text ?? BINARY;
      found = { file: { absPath, displayPath, original, final: null }, now };
      slots.set(absPath, found);
    }
    return found;
  };
  const hunks: PlannedHunk[] = [];
  for (const hunk of patch.hunks) {
    const absPath = resolvePath(options.cwd, hunk.path);
    const source = await slot(absPath, hunk.path);
    const now = source.now;
    if (now === DIRECTORY) throw new PatchApplyError(`Failed to ${verb(hunk)} ${hunk.path}: it is a directory`);
    const before = typeof now === "string" ? now : null;
    const beforeBinary = now === BINARY;
    switch (hunk.type) {
      case "add":
        source.now = hunk.contents;
        hunks.push({ hunk, absPath, absMovePath: null, before, beforeBinary, after: hunk.contents });
        break;
      case "delete":
        if (now === null) throw new PatchApplyError(`Failed to delete file ${hunk.path}: no such file`);
        source.now = null;
        hunks.push({ hunk, absPath, absMovePath: null, before, beforeBinary, after: null });
        break;
      case "update": {
        if (now === null) throw new PatchApplyError(`Failed to read file to update ${hunk.path}: no such file`);
        if (now === BINARY) {
          throw new PatchApplyError(`Failed to read file to update ${hunk.path}: it is not UTF-8 text`);
        }
        let updated;
        try {
          updated = applyChunks(now, hunk.chunks, hunk.path);
        } catch (error) {
          if (error instanceof ChunkMatchError) throw new PatchApplyError(error.message);
          throw error;
        }
        const absMovePath = hunk.movePath === null ? null : resolvePath(options.cwd, hunk.movePath);
        if (absMovePath !== null && absMovePath !== absPath) {
          const target = await slot(absMovePath, hunk.movePath!);
          if (target.now === DIRECTORY) {
            throw new PatchApplyError(
              `Failed to move ${hunk.path} to ${hunk.movePath}: the destination is a directory`,
            );
          }
          target.now = updated.text;
          target.file.createMode ??= source.file.original?.mode ?? undefined;
          source.now = null;
        } else {
          source.now = updated.text;
        }
        hunks.push({ hunk, absPath, absMovePath, before, beforeBinary, after: updated.text, update: updated });
        break;
      }
    }
  }
  const files = new Map<string, PlannedFile>();
  for (const [absPath, { file, now }] of slots) {
    // Every slot was written by a hunk, so it holds text or null (directories and binaries failed above).
    file.final = typeof now === "string" ? now : null;
    files.set(absPath, file);
  }
  return { hunks, files };
}

const DIRECTORY: unique symbol = Symbol("directory");
const BINARY: unique symbol = Symbol("binary");

/** A path's state while planning: its text, null when absent, or a marker. */
interface Slot {
  file: PlannedFile;
  now: string | null | typeof DIRECTORY | typeof BINARY;
}

async function readFor(fs: PatchFs, absPath: string, displayPath: string): Promise<FileRead> {
  try {
    return await fs.read(absPath);
  } catch (error) {
    throw new PatchApplyError(`Failed to read ${displayPath}: ${(error as Error).message}`);
  }
}

function verb(hunk: Hunk): string {
  return hunk.type === "add" ? "write file" : hunk.type === "delete" ? "delete file" : "read file to update";
}

/** Resolves a patch path against the thread's cwd (absolute paths stay as they are). */
export function resolvePath(cwd: string, path: string): string {
  return isAbsolute(path) ? resolve(path) : resolve(cwd, path);
}
