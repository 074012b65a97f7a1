/**
 * @module
 * Writes a planned patch to disk, all or nothing: every new or changed file is written first
 * (creating parent directories), then removed files are deleted. If any step fails, the steps
 * already done are undone in reverse (files restored from the bytes kept in the plan, created
 * files and directories removed) and a `PatchApplyError` says what failed and whether the
 * rollback restored everything.
 */
import { PatchApplyError, type PatchPlan, type PlannedFile } from "./plan.ts";
import type { PatchFs } from "./operations.ts";

/** Whether the plan changes what is on disk at this path. */
export function changesDisk(file: PlannedFile): boolean {
  if (file.original === null) return file.final !== null;
  return file.final === null || file.original.text !== file.final;
}

/**
 * Applies `plan` with `fs`.
 *
 * @throws {PatchApplyError} when a write or delete fails (after rolling back)
 */
export async function commitPlan(plan: PatchPlan, fs: PatchFs): Promise<void> {
  const changed = [...plan.files.values()].filter(changesDisk);
  const steps = [...changed.filter((f) => f.final !== null), ...changed.filter((f) => f.final === null)];
  const done: PlannedFile[] = [];
  const createdDirs: string[] = [];
  for (const file of steps) {
    try {
      if (file.final === null) {
        await fs.remove(file.absPath);
      } else {
        createdDirs.push(...await fs.makeParents(file.absPath));
        const mode = file.original === null ? file.createMode : undefined;
        await fs.write(file.absPath, file.final, mode === undefined ? {} : { mode });
      }
    } catch (error) {
      const what = file.final === null ? "delete file" : "write file";
      const cause = `Failed to ${what} ${file.displayPath}: ${(error as Error).message}`;
      // A failed write may have truncated or created the file: undo it too.
      const problems = await rollback(file.final !== null ? [...done, file] : done, createdDirs, fs);
      throw new PatchApplyError(
        problems.length === 0
          ? `${cause}. No files were changed: the files written before the failure were restored`
          : `${cause}. Rolling back also failed, so these files may be left changed: ${problems.join("; ")}`,
      );
    }
    done.push(file);
  }
}

async function rollback(done: PlannedFile[], createdDirs: string[], fs: PatchFs): Promise<string[]> {
  const problems: string[] = [];
  for (const file of done.toReversed()) {
    try {
      if (file.original === null) {
        const now = await fs.read(file.absPath);
        if (now.kind === "file") await fs.remove(file.absPath);
      } else {
        const mode = file.original.mode ?? undefined;
        await fs.write(file.absPath, file.original.bytes, mode === undefined ? {} : { mode });
      }
    } catch (error) {
      problems.push(`${file.displayPath} (${(error as Error).message})`);
    }
  }
  for (const dir of createdDirs.toReversed()) await fs.removeEmptyDir(dir);
  return problems;
}
