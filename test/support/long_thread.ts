/**
 * @module
 * A saved thread with many turns, for the paging tests and the resume bench: one real turn run with
 * `tern exec` on the scripted model (so the rollout and the thread index are Tern's own), then its
 * rollout rewritten to hold `turns` copies of that turn, each with its own turn id, item ids and
 * texts (`question N`, `Answer N ...`).
 */
import { join } from "@std/path";
import { runTern, type Sandbox } from "./tern_process.ts";

/** Writes the thread; resolves to its id and the rollout's path. */
export async function writeLongThread(sandbox: Sandbox, turns: number): Promise<{ threadId: string; path: string }> {
  const run = await runTern(sandbox, [
    "-c",
    'model_provider="scripted"',
    "-c",
    'scripted.responses=[[{say="Answer ANUM with `code`."}]]',
    "exec",
    "question QNUM",
  ]);
  if (run.code !== 0) throw new Error(`tern exec failed: ${run.stderr}`);
  const path = await newestRollout(join(sandbox.ternHome, "sessions"));
  const [meta, ...turn] = (await Deno.readTextFile(path)).trimEnd().split("\n");
  const threadId = JSON.parse(meta).payload.id as string;
  // The ids to make unique in each copy: the turn's and its items'.
  const ids = new Set<string>();
  for (const line of turn) {
    const { payload } = JSON.parse(line);
    if (payload.turnId) ids.add(payload.turnId);
    if (payload.params?.item?.id) ids.add(payload.params.item.id);
  }
  const lines = [meta];
  for (let n = 1; n <= turns; n++) {
    for (const line of turn) {
      let copy = line.replaceAll("QNUM", `${n}`).replaceAll("ANUM", `${n}`);
      for (const id of ids) copy = copy.replaceAll(id, `${id}-${n}`);
      lines.push(copy);
    }
  }
  await Deno.writeTextFile(path, lines.join("\n") + "\n");
  return { threadId, path };
}

async function newestRollout(dir: string): Promise<string> {
  let newest: { path: string; mtime: number } | null = null;
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) {
      const inner = await newestRollout(path).catch(() => null);
      if (inner) {
        const mtime = (await Deno.stat(inner)).mtime?.getTime() ?? 0;
        if (!newest || mtime > newest.mtime) newest = { path: inner, mtime };
      }
    } else if (entry.name.endsWith(".jsonl")) {
      const mtime = (await Deno.stat(path)).mtime?.getTime() ?? 0;
      if (!newest || mtime > newest.mtime) newest = { path, mtime };
    }
  }
  if (!newest) throw new Error(`no rollout under ${dir}`);
  return newest.path;
}
