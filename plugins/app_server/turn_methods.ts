/**
 * @module
 * The turn methods. `turn/start` answers `{turn}` (status `inProgress`, every field present) at
 * once and starts the turn right after the response, under the id it answered with, so every
 * notification of the turn follows the response; its overrides stick for later turns, its
 * `outputSchema` holds for this turn only. `prepareTurn()` is the one path to a turn, shared with
 * the queue's dispatch (`queue_dispatcher.ts`). `turn/steer` adds input to the running turn when
 * `expectedTurnId` names it; `turn/interrupt` aborts it (it completes `interrupted`).
 * `thread/compact/start` answers `{}` and then runs a compaction of the history as a turn of its
 * own (`turn/started`, a `contextCompaction` item, `turn/completed`); that turn refuses `turn/steer`
 * with Codex's `activeTurnNotSteerable` error data.
 */
import type {
  EmptyResponse,
  Thread,
  ThreadCompactStartParams,
  Turn,
  TurnInterruptParams,
  TurnInterruptResponse,
  TurnOutcome,
  TurnStartParams,
  TurnStartResponse,
  TurnSteerParams,
  TurnSteerResponse,
  UserInput,
} from "../../kernel/mod.ts";
import type { MethodContext } from "./method_table.ts";
import type { AppServer } from "./server.ts";
import { invalidRequest, RpcCodes, RpcError } from "./rpc_error.ts";
import { checkCwd, turnOverrides } from "./settings.ts";
import { REVIEW_TURNS } from "./review_methods.ts";

/** The most text one request may carry (Codex's `MAX_USER_INPUT_TEXT_CHARS`). */
export const MAX_INPUT_CHARS = 1 << 20;

/** A turn checked and ready to start: the thread, the turn as answered, and what starts it. */
export interface PreparedTurn {
  thread: Thread;
  /** `status: "inProgress"`, every field present, under the id the turn will run with. */
  turn: Turn;
  /** Starts the turn (it queues behind a running one); the promise settles when it has ended. */
  begin(): Promise<TurnOutcome>;
}

/**
 * Checks `turn/start` params against their loaded thread (not closing, input size, overrides,
 * provider) and prepares the turn. The one path to a turn for both `turn/start` and the queue's
 * dispatch (`queue_dispatcher.ts`). Throws an `RpcError`.
 */
export function prepareTurn(params: TurnStartParams, server: AppServer): PreparedTurn {
  const { runtime } = server;
  const thread = server.loadedThread(params.threadId);
  if (server.registry.isClosing(thread.id)) throw invalidRequest(`Thread "${thread.id}" is closing`);
  checkInputSize(params.input);
  const overrides = turnOverrides(params, thread.settings.cwd);
  if (overrides.cwd !== undefined) checkCwd(overrides.cwd, "turn/start", "cwd");
  runtime.provider(thread.settings.modelProvider);
  const turn = newTurn();
  const turnId = turn.id;
  const outputSchema = params.outputSchema ?? undefined;
  const begin = () => {
    const run = thread.run(params.input, { overrides, outputSchema, turnId });
    run.catch((error) =>
      runtime.warn(`[app-server] Turn "${turnId}" of thread "${thread.id}" failed to run: ${error?.message ?? error}`)
    );
    return run;
  };
  return { thread, turn, begin };
}

/** A turn as a start method answers it: a new id, `inProgress`, every field present. */
export function newTurn(): Turn {
  return {
    id: crypto.randomUUID(),
    items: [],
    itemsView: "full",
    status: "inProgress",
    error: null,
    startedAt: null,
    completedAt: null,
    durationMs: null,
  };
}

/**
 * Starts a turn; answers before it starts. Until it is handed to the thread, the queue holds its
 * dispatch back (Codex's `PendingTurnStarts`), and once it has ended the queue may dispatch.
 */
export function turnStart(params: TurnStartParams, ctx: MethodContext): TurnStartResponse {
  const { queue } = ctx.server;
  const { thread, turn, begin } = prepareTurn(params, ctx.server);
  queue.holdDirectStart(thread.id, turn.id);
  ctx.afterResponse(() => {
    try {
      queue.drainAfter(thread.id, begin());
    } finally {
      queue.releaseDirectStart(thread.id, turn.id);
    }
  });
  return { turn };
}

/** Adds input to the running turn. */
export function turnSteer(params: TurnSteerParams, ctx: MethodContext): TurnSteerResponse {
  const thread = ctx.server.loadedThread(params.threadId);
  checkInputSize(params.input);
  const active = thread.activeTurnId;
  if (active === null) throw invalidRequest(`Cannot steer thread "${thread.id}": no turn is running`);
  if (thread.activeTurnKind === "compact") {
    throw invalidRequest(
      `Cannot steer thread "${thread.id}": the running turn "${active}" compacts the history and takes no input`,
      { codexErrorInfo: { activeTurnNotSteerable: { turnKind: "compact" } } },
    );
  }
  if (thread.activeTurnKind === "userShell") {
    throw invalidRequest(
      `Cannot steer thread "${thread.id}": the running turn "${active}" runs the user's shell command`,
    );
  }
  if (REVIEW_TURNS.has(active)) {
    throw invalidRequest(
      `Cannot steer thread "${thread.id}": the running turn "${active}" is a review and takes no input`,
      { codexErrorInfo: { activeTurnNotSteerable: { turnKind: "review" } } },
    );
  }
  if (active !== params.expectedTurnId) {
    throw invalidRequest(
      `Cannot steer thread "${thread.id}": expected turn "${params.expectedTurnId}" but turn "${active}" is running`,
    );
  }
  const turnId = thread.steer(params.input, params.expectedTurnId);
  if (turnId === null) throw invalidRequest(`Cannot steer thread "${thread.id}": the turn ended`);
  return { turnId };
}

/**
 * Compacts the thread's history as a turn of its own, queued behind a running turn; answers `{}`
 * before it starts. Like `turn/start`, the turn queue waits for it.
 */
export function threadCompactStart(params: ThreadCompactStartParams, ctx: MethodContext): EmptyResponse {
  const { server } = ctx;
  const thread = server.loadedThread(params.threadId);
  if (server.registry.isClosing(thread.id)) throw invalidRequest(`Thread "${thread.id}" is closing`);
  server.runtime.provider(thread.settings.modelProvider);
  const turnId = crypto.randomUUID();
  server.queue.holdDirectStart(thread.id, turnId);
  ctx.afterResponse(() => {
    try {
      const run = thread.compact({ turnId });
      run.catch((error) =>
        server.runtime.warn(
          `[app-server] Compaction "${turnId}" of thread "${thread.id}" failed to run: ${error?.message ?? error}`,
        )
      );
      server.queue.drainAfter(thread.id, run);
    } finally {
      server.queue.releaseDirectStart(thread.id, turnId);
    }
  });
  return {};
}

/** Interrupts the running turn; it then completes `interrupted`. */
export function turnInterrupt(params: TurnInterruptParams, ctx: MethodContext): TurnInterruptResponse {
  const thread = ctx.server.loadedThread(params.threadId);
  const active = thread.activeTurnId;
  if (active === null) throw invalidRequest(`Cannot interrupt turn "${params.turnId}": no turn is running`);
  if (active !== params.turnId) {
    throw invalidRequest(`Cannot interrupt turn "${params.turnId}": the running turn is "${active}"`);
  }
  thread.interrupt();
  return {};
}

/** Refuses input whose text is over `MAX_INPUT_CHARS` (`-32602` with Codex's `input_too_large` data). */
export function checkInputSize(input: UserInput[]): void {
  const chars = input.reduce((sum, item) => sum + (item.type === "text" ? item.text.length : 0), 0);
  if (chars <= MAX_INPUT_CHARS) return;
  throw new RpcError(
    RpcCodes.INVALID_PARAMS,
    `Input too large: ${chars} characters of text, the limit is ${MAX_INPUT_CHARS}`,
    { input_error_code: "input_too_large", max_chars: MAX_INPUT_CHARS, actual_chars: chars },
  );
}
