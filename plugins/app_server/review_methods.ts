/**
 * @module
 * `review/start`: a review turn in a loaded thread (Codex's inline delivery; the only one 0.169
 * offers). It answers `{turn, reviewThreadId}` at once (the turn `inProgress`, `reviewThreadId`
 * the thread's own id), then runs the turn like `turn/start`: `turn/started`, an
 * `enteredReviewMode` item whose `review` labels the target, the model's items (it may run
 * read-only commands under the thread's sandbox and approval policy), the answer in Codex's review
 * output shape (enforced by the turn's output schema), an `exitedReviewMode` item whose `review`
 * is that answer as text, `turn/completed`. The prompt is `review_prompt.ts`'s. A review turn
 * refuses `turn/steer` (`activeTurnNotSteerable`, `turnKind: "review"`).
 */
import type { ReviewStartParams, ReviewStartResponse } from "../../kernel/mod.ts";
import type { MethodContext } from "./method_context.ts";
import { renderReview, REVIEW_OUTPUT_SCHEMA, reviewRequest } from "./review_prompt.ts";
import { invalidRequest } from "./rpc_error.ts";
import { newTurn } from "./turn_prepare.ts";

/** The ids of the review turns running, which refuse `turn/steer` (Codex's `activeTurnNotSteerable`). */
export const REVIEW_TURNS: Set<string> = new Set();

/** Starts the review turn; answers before it starts. */
export async function reviewStart(params: ReviewStartParams, ctx: MethodContext): Promise<ReviewStartResponse> {
  const { server } = ctx;
  const thread = server.loadedThread(params.threadId);
  if (server.registry.isClosing(thread.id)) throw invalidRequest(`Thread "${thread.id}" is closing`);
  server.runtime.provider(thread.settings.modelProvider);
  const { prompt, hint } = await reviewRequest(params.target, thread.settings.cwd);
  const turn = newTurn();
  const turnId = turn.id;
  const bracket = {
    opening: [{ type: "enteredReviewMode" as const, id: crypto.randomUUID(), review: hint }],
    closing: (answer: string | null) => [
      { type: "exitedReviewMode" as const, id: crypto.randomUUID(), review: renderReview(answer) },
    ],
  };
  server.queue.holdDirectStart(thread.id, turnId);
  ctx.afterResponse(() => {
    try {
      const run = thread.run([{ type: "text", text: prompt, text_elements: [] }], {
        turnId,
        outputSchema: REVIEW_OUTPUT_SCHEMA,
        bracket,
      });
      REVIEW_TURNS.add(turnId);
      run.finally(() => REVIEW_TURNS.delete(turnId)).catch(() => {});
      run.catch((error) =>
        server.runtime.warn(
          `[app-server] Review "${turnId}" of thread "${thread.id}" failed: ${error?.message ?? error}`,
        )
      );
      server.queue.drainAfter(thread.id, run);
    } finally {
      server.queue.releaseDirectStart(thread.id, turnId);
    }
  });
  return { turn, reviewThreadId: thread.id };
}
