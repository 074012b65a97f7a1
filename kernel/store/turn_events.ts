/**
 * @module
 * Reading a rollout's turns back: folding recorded notifications (`turn/started`,
 * `item/completed`, `turn/completed`, `hook/completed`) into a thread's turns (the same code
 * builds the turns live, as they are recorded), and settling what a stopped process left open: a
 * turn still in progress, a tool call without its output.
 */
import type { Notification } from "../protocol/notifications.ts";
import type { ResponseItem } from "../protocol/model.ts";
import type { Turn } from "../protocol/turn.ts";

/** Folds a recorded notification into the thread's turns. */
export function applyEvent(notification: Notification, byId: Map<string, Turn>, turns: Turn[]): void {
  switch (notification.method) {
    case "turn/started": {
      const turn: Turn = { ...notification.params.turn, items: [] };
      byId.set(turn.id, turn);
      turns.push(turn);
      return;
    }
    case "item/completed": {
      const turn = byId.get(notification.params.turnId) ?? findTurn(turns, notification.params.turnId);
      turn?.items.push(notification.params.item);
      return;
    }
    case "turn/completed": {
      const done = notification.params.turn;
      const turn = byId.get(done.id) ?? findTurn(turns, done.id);
      if (turn) Object.assign(turn, { ...done, items: turn.items, itemsView: "full", hookRuns: turn.hookRuns });
      return;
    }
    case "hook/completed": {
      const { turnId, run } = notification.params;
      const turn = turnId ? byId.get(turnId) ?? findTurn(turns, turnId) : undefined;
      if (turn) (turn.hookRuns ??= []).push(run);
      return;
    }
  }
}

function findTurn(turns: Turn[], id: string): Turn | undefined {
  return turns.find((t) => t.id === id);
}

/** Marks turns a stopped process left in progress as interrupted; returns a warning for each. */
export function interruptUnfinished(turns: Turn[]): string[] {
  const warnings: string[] = [];
  for (const turn of turns) {
    if (turn.status !== "inProgress") continue;
    turn.status = "interrupted";
    warnings.push(`Turn ${turn.id} did not finish (the process stopped mid-turn); it is marked interrupted`);
  }
  return warnings;
}

/** The outputs that answer tool calls of `history` left without one (the session stopped first). */
export function abortedCallOutputs(history: readonly ResponseItem[]): ResponseItem[] {
  const answered = new Set(
    history.filter((i) => i.type === "function_call_output" || i.type === "custom_tool_call_output")
      .map((i) => (i as { call_id: string }).call_id),
  );
  const output = "aborted: the session stopped before this call finished";
  return history.flatMap((item): ResponseItem[] => {
    if ((item.type !== "function_call" && item.type !== "custom_tool_call") || answered.has(item.call_id)) return [];
    return item.type === "function_call"
      ? [{ type: "function_call_output", call_id: item.call_id, output }]
      : [{ type: "custom_tool_call_output", call_id: item.call_id, output }];
  });
}
