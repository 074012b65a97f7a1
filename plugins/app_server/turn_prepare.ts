/**
 * @module
 * `prepareTurn()`: the one path to a turn, for both `turn/start` and the queue's dispatch
 * (`queue_dispatcher.ts`): checks `turn/start` params against their loaded thread and prepares the
 * turn under the id the response names. With the input size check and the shape of a new turn.
 */
import type { Thread, Turn, TurnOutcome, TurnStartParams, UserInput } from "../../kernel/mod.ts";
import { invalidRequest, RpcCodes, RpcError } from "./rpc_error.ts";
import type { ServerBase } from "./server_view.ts";
import { checkCwd, turnOverrides } from "./settings.ts";

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
export function prepareTurn(params: TurnStartParams, server: ServerBase): PreparedTurn {
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
