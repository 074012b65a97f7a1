/**
 * @module
 * A stored thread on the wire without loading it (`thread/read` of a thread that is not loaded):
 * the rollout's `session_meta`, its last `turn_context` for the cwd, and its recorded
 * `turn/started`, `item/completed`, `turn/completed` and `hook/completed` events folded into turns,
 * the way the kernel rebuilds a thread on resume. A turn left `inProgress` reads `interrupted`.
 */
import type { LoadedRollout, ThreadReadResponse, Turn } from "../../kernel/mod.ts";

type WireThread = ThreadReadResponse["thread"];

/** The wire thread of a rollout, with status `notLoaded`. */
export function storedThread(rollout: LoadedRollout, options: { includeTurns?: boolean } = {}): WireThread {
  const { meta } = rollout;
  let cwd = meta.cwd;
  let gitInfo: WireThread["gitInfo"] = null;
  const turns: Turn[] = [];
  const byId = new Map<string, Turn>();
  for (const record of rollout.records) {
    if (record.type === "turn_context") cwd = record.payload.cwd;
    if (record.type === "thread_metadata") gitInfo = record.payload.gitInfo;
    if (record.type === "rollback") turns.splice(Math.max(0, turns.length - record.payload.numTurns));
    if (record.type !== "event") continue;
    const event = record.payload;
    switch (event.method) {
      case "turn/started": {
        const turn: Turn = { ...event.params.turn, items: [] };
        byId.set(turn.id, turn);
        turns.push(turn);
        break;
      }
      case "item/completed":
        byId.get(event.params.turnId)?.items.push(event.params.item);
        break;
      case "turn/completed": {
        const turn = byId.get(event.params.turn.id);
        if (turn) {
          Object.assign(turn, { ...event.params.turn, items: turn.items, itemsView: "full", hookRuns: turn.hookRuns });
        }
        break;
      }
      case "hook/completed": {
        const turn = event.params.turnId ? byId.get(event.params.turnId) : undefined;
        if (turn) (turn.hookRuns ??= []).push(event.params.run);
        break;
      }
    }
  }
  for (const turn of turns) if (turn.status === "inProgress") turn.status = "interrupted";
  const firstUser = turns[0]?.items.find((i) => i.type === "userMessage");
  const preview = firstUser?.type === "userMessage"
    ? firstUser.content.map((c) => (c.type === "text" ? c.text : "")).join(" ").slice(0, 200)
    : "";
  const created = Math.floor(Date.parse(meta.timestamp) / 1000);
  return {
    id: meta.id,
    sessionId: meta.id,
    forkedFromId: meta.forkedFromId ?? null,
    parentThreadId: null,
    preview,
    ephemeral: false,
    modelProvider: meta.modelProvider,
    createdAt: created,
    updatedAt: turns.at(-1)?.completedAt ?? created,
    status: { type: "notLoaded" },
    path: rollout.path,
    cwd,
    cliVersion: meta.cliVersion,
    source: meta.source,
    threadSource: null,
    agentNickname: null,
    agentRole: null,
    gitInfo,
    name: meta.name ?? null,
    projectId: null,
    turns: options.includeTurns ? turns : [],
  };
}
