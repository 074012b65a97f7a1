/**
 * @module
 * Folding recorded notifications (`turn/started`, `item/completed`, `turn/completed`,
 * `hook/completed`) into a thread's turns (private to the kernel): the same code builds the turns
 * live and again from a rollout on resume.
 */
import type { Notification } from "./protocol/notifications.ts";
import type { Turn } from "./protocol/turn.ts";

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
