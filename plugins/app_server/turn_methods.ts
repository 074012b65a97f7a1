/**
 * @module
 * The turn methods. `turn/start` answers `{turn}` (status `inProgress`, every field present) at
 * once and starts the turn right after the response, under the id it answered with, so every
 * notification of the turn follows the response; its overrides stick for later turns, its
 * `outputSchema` holds for this turn only; `prepareTurn()` (`turn_prepare.ts`) checks it. `turn/steer` adds input to the running turn when
 * `expectedTurnId` names it; `turn/interrupt` aborts it (it completes `interrupted`).
 * `thread/compact/start` answers `{}` and then runs a compaction of the history as a turn of its
 * own (`turn/started`, a `contextCompaction` item, `turn/completed`); that turn refuses `turn/steer`
 * with Codex's `activeTurnNotSteerable` error data.
 */
import type {
  EmptyResponse,
  ThreadCompactStartParams,
  TurnInterruptParams,
  TurnInterruptResponse,
  TurnStartParams,
  TurnStartResponse,
  TurnSteerParams,
  TurnSteerResponse,
} from "../../kernel/mod.ts";
import type { MethodContext } from "./method_context.ts";
import { invalidRequest } from "./rpc_error.ts";
import { checkInputSize, prepareTurn } from "./turn_prepare.ts";
import { REVIEW_TURNS } from "./review_methods.ts";

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
