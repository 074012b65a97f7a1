/**
 * @module
 * Thread goals, as Codex runs them: a goal is an objective the thread keeps working on. While it
 * is `active`, a turn that completes normally is followed, once the thread is idle, by a
 * continuation turn asking the model to carry on (until the goal is no longer active); every turn
 * of the goal adds its tokens (`tokensUsed`) and its time (`timeUsedSeconds`); past `tokenBudget`
 * the goal becomes `budgetLimited` and stops continuing. The model sees the goal through two tools
 * registered for the goal's thread only: `get_goal`, and `update_goal`, with which it marks the
 * goal `complete` (or `blocked`, or `paused` when the user asked). An interrupted or failed turn
 * does not continue; the next user turn does. Each change is recorded in the thread's rollout as a
 * `thread/goal/updated` or `thread/goal/cleared` event (a resume reads the last one) and sent to
 * the thread's subscribers.
 */
import {
  type Notification,
  startTimer,
  type ThreadGoal,
  type ThreadGoalSetParams,
  type ThreadGoalStatus,
  tool,
} from "../../kernel/mod.ts";
import { z } from "zod";
import type { QueueDispatcher } from "./queue_dispatcher.ts";
import type { ServerBase } from "./server_view.ts";
import type { Connection } from "./connection.ts";
import { invalidField, threadNotFound } from "./rpc_error.ts";

/** What a continuation turn says to the model (Tern's own words). */
export function continuationPrompt(goal: ThreadGoal): string {
  const remaining = goal.tokenBudget == null ? "no budget set" : `${Math.max(0, goal.tokenBudget - goal.tokensUsed)}`;
  return [
    "<goal_continuation>",
    `Keep working toward the thread's goal: ${goal.objective}`,
    `Tokens used so far: ${goal.tokensUsed}; tokens remaining: ${remaining}.`,
    "Check the current state first. When every part of the goal is done and verified, call update_goal with " +
    'status "complete". Do not mark it complete only because you are stopping.',
    "</goal_continuation>",
  ].join("\n");
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The goals of the server's threads: their state, their accounting, their continuation turns. */
export class GoalKeeper {
  readonly #server: ServerBase & { readonly queue: QueueDispatcher };
  /** Known goals (null: known to have none). Filled from the store on first use. */
  readonly #goals = new Map<string, ThreadGoal | null>();
  /** When the running goal turn of a thread started (ms), per thread. */
  readonly #turnStarts = new Map<string, number>();
  /** The status of each thread's last completed turn, until the thread goes idle. */
  readonly #lastTurn = new Map<string, string>();
  /** Unregisters a thread's goal tools. */
  readonly #tools = new Map<string, () => void>();

  constructor(server: ServerBase & { readonly queue: QueueDispatcher }) {
    this.#server = server;
  }

  /** Follows the bus: goal accounting and continuation. Returns the detach function. */
  attach(): () => void {
    return this.#server.runtime.bus.onAny((n) => this.#observe(n), { owner: "app-server goals" });
  }

  /** The thread's goal, or null; read from the store the first time. */
  async get(threadId: string): Promise<ThreadGoal | null> {
    if (this.#goals.has(threadId)) return this.#goals.get(threadId)!;
    let goal: ThreadGoal | null = null;
    const live = this.#server.runtime.threads.get(threadId);
    if (!live?.ephemeral) {
      const rollout = await this.#server.runtime.store?.load(threadId);
      if (!rollout && !live) throw threadNotFound(threadId, "no loaded or stored thread has that id");
      for (const record of rollout?.records ?? []) {
        if (record.type !== "event") continue;
        if (record.payload.method === "thread/goal/updated") goal = record.payload.params.goal;
        if (record.payload.method === "thread/goal/cleared") goal = null;
      }
    }
    this.#goals.set(threadId, goal);
    if (goal?.status === "active") this.#registerTools(threadId);
    return goal;
  }

  /** `thread/goal/set`: a new objective starts a new goal; status and budget patch the current one. */
  async set(params: ThreadGoalSetParams): Promise<ThreadGoal> {
    const { threadId } = params;
    const current = await this.get(threadId);
    const objective = params.objective?.trim();
    if (params.objective != null && !objective) {
      throw invalidField("thread/goal/set", "objective", "must not be empty");
    }
    if (!current && !objective) {
      throw invalidField("thread/goal/set", "objective", "is required: the thread has no goal yet");
    }
    const now = nowSeconds();
    const fresh = objective !== undefined && objective !== current?.objective;
    const base: ThreadGoal = fresh || !current
      ? {
        threadId,
        objective: objective!,
        status: "active",
        tokenBudget: null,
        tokensUsed: 0,
        timeUsedSeconds: 0,
        createdAt: now,
        updatedAt: now,
      }
      : current;
    const goal: ThreadGoal = {
      ...base,
      status: params.status ?? (fresh ? "active" : base.status),
      tokenBudget: params.tokenBudget !== undefined ? params.tokenBudget : base.tokenBudget ?? null,
      updatedAt: now,
    };
    if (goal.status === "active" && goal.tokenBudget != null && goal.tokensUsed >= goal.tokenBudget) {
      goal.status = "budgetLimited";
    }
    this.#update(goal, null);
    return goal;
  }

  /** `thread/goal/clear`: true when a goal was removed. */
  async clear(threadId: string): Promise<boolean> {
    const current = await this.get(threadId);
    if (!current) return false;
    this.#goals.set(threadId, null);
    this.#unregisterTools(threadId);
    this.#emit({ method: "thread/goal/cleared", params: { threadId } });
    return true;
  }

  /**
   * After `thread/resume`: the resumer hears the goal (a `thread/goal/updated` snapshot), and an
   * active goal on an idle thread goes on working.
   */
  async resumed(threadId: string, connection: Connection): Promise<void> {
    let goal;
    try {
      goal = await this.get(threadId);
    } catch (error) {
      this.#server.runtime.warn(
        `[app-server] Cannot read the goal of thread "${threadId}": ${(error as Error).message}`,
      );
      return;
    }
    if (!goal) return;
    connection.notify("thread/goal/updated", { threadId, turnId: null, goal });
    this.kick(threadId);
  }

  /** After the response of `thread/goal/set`: an active goal on an idle thread starts working now. */
  kick(threadId: string): void {
    this.#continueSoon(threadId);
  }

  /** Forgets a thread (deleted or unloaded). */
  forget(threadId: string): void {
    this.#goals.delete(threadId);
    this.#turnStarts.delete(threadId);
    this.#lastTurn.delete(threadId);
    this.#unregisterTools(threadId);
  }

  #update(goal: ThreadGoal, turnId: string | null): void {
    this.#goals.set(goal.threadId, goal);
    if (goal.status === "active") this.#registerTools(goal.threadId);
    else this.#unregisterTools(goal.threadId);
    this.#emit({ method: "thread/goal/updated", params: { threadId: goal.threadId, turnId, goal } });
  }

  /** Records the change in the rollout (unless ephemeral) and tells the thread's subscribers. */
  #emit(notification: Notification): void {
    const { runtime } = this.#server;
    const threadId = (notification.params as { threadId: string }).threadId;
    if (!runtime.threads.get(threadId)?.ephemeral) {
      runtime.store?.append(threadId, [{ type: "event", payload: notification }]);
    }
    runtime.bus.emit(notification.method, notification.params as never);
  }

  #observe(n: Notification): void {
    switch (n.method) {
      case "turn/started": {
        if (this.#goals.get(n.params.threadId)?.status === "active") {
          this.#turnStarts.set(n.params.threadId, Date.now());
        }
        this.#lastTurn.delete(n.params.threadId);
        return;
      }
      case "thread/tokenUsage/updated": {
        const goal = this.#goals.get(n.params.threadId);
        if (!goal || !this.#turnStarts.has(goal.threadId)) return;
        // A new object: the goal already sent and recorded stays as it was.
        this.#goals.set(goal.threadId, { ...goal, tokensUsed: goal.tokensUsed + n.params.tokenUsage.last.totalTokens });
        return;
      }
      case "turn/completed": {
        const { threadId, turn } = n.params;
        this.#lastTurn.set(threadId, turn.status);
        const started = this.#turnStarts.get(threadId);
        const goal = this.#goals.get(threadId);
        if (started === undefined || !goal) return;
        this.#turnStarts.delete(threadId);
        const seconds = Math.round((Date.now() - started) / 1000);
        let status: ThreadGoalStatus = goal.status;
        if (status === "active" && goal.tokenBudget != null && goal.tokensUsed >= goal.tokenBudget) {
          status = "budgetLimited";
        }
        this.#update(
          { ...goal, status, timeUsedSeconds: goal.timeUsedSeconds + seconds, updatedAt: nowSeconds() },
          turn.id,
        );
        return;
      }
      case "thread/status/changed": {
        const { threadId, status } = n.params;
        if (status.type !== "idle") return;
        const last = this.#lastTurn.get(threadId);
        this.#lastTurn.delete(threadId);
        if (last === "completed") this.#continueSoon(threadId);
        return;
      }
    }
  }

  /**
   * Starts a continuation turn once the thread is idle and its goal active: after a tick, so a
   * turn the queue or a client starts at the same moment goes first.
   */
  #continueSoon(threadId: string): void {
    startTimer(0, () => {
      const server = this.#server;
      const thread = server.runtime.threads.get(threadId);
      const goal = this.#goals.get(threadId);
      if (!thread || thread.busy || goal?.status !== "active" || server.registry.isClosing(threadId)) return;
      const run = thread.run([{ type: "text", text: continuationPrompt(goal), text_elements: [] }]);
      run.catch((error) =>
        server.runtime.warn(`[app-server] The goal continuation of thread "${threadId}" failed: ${error?.message}`)
      );
      server.queue.drainAfter(threadId, run);
    });
  }

  #registerTools(threadId: string): void {
    if (this.#tools.has(threadId)) return;
    const { tools } = this.#server.runtime;
    const unregister: (() => void)[] = [];
    for (const goalTool of this.#goalTools(threadId)) {
      try {
        unregister.push(tools.register(goalTool, "app-server", { threadId }));
      } catch (error) {
        this.#server.runtime.warn(`[app-server] Cannot offer the goal tools: ${(error as Error).message}`);
      }
    }
    this.#tools.set(threadId, () => unregister.forEach((fn) => fn()));
  }

  #unregisterTools(threadId: string): void {
    this.#tools.get(threadId)?.();
    this.#tools.delete(threadId);
  }

  #goalTools(threadId: string) {
    const getGoal = tool({
      name: "get_goal",
      description: "Get the thread's current goal: objective, status, token budget, tokens and time used.",
      parameters: z.object({}),
      execute: async () => ({ output: JSON.stringify({ goal: await this.get(threadId) }) }),
    });
    const updateGoal = tool({
      name: "update_goal",
      description: 'Update the thread\'s goal. Use status "complete" only when the objective is achieved and ' +
        'verified; "blocked" only when the same blocker has stopped three goal turns in a row; "paused" only ' +
        "when the user asked to pause.",
      parameters: z.object({ status: z.enum(["complete", "blocked", "paused"]) }),
      execute: async ({ status }, ctx) => {
        const goal = await this.get(threadId);
        if (!goal) return { output: "This thread has no goal.", success: false };
        const updated = { ...goal, status, updatedAt: nowSeconds() };
        this.#update(updated, ctx.turnId);
        return { output: JSON.stringify({ goal: updated }) };
      },
    });
    return [getGoal, updateGoal];
  }
}
