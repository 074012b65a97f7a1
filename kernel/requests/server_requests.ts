/**
 * @module
 * Server requests (the bus's `request()`): each is offered to the attached responders (front ends)
 * in turn; the first that can answer does, else the policy decides. A request always resolves, with
 * the answer, the policy's decision, `failed` when the responder rejects, or `cancelled` when its
 * signal aborts.
 */
import type { ServerRequestMap, ServerRequestMethod } from "../protocol/server_requests.ts";

/** A server request as a responder sees it. */
export interface PendingServerRequest<M extends ServerRequestMethod = ServerRequestMethod> {
  id: number;
  method: M;
  params: ServerRequestMap[M]["params"];
  threadId: string | null;
}

/** How a server request ended. */
export type RequestOutcome<M extends ServerRequestMethod> =
  | { status: "answered"; response: ServerRequestMap[M]["response"] }
  | { status: "declined"; reason: string }
  | { status: "cancelled"; reason: string }
  | { status: "failed"; message: string };

/** Anything that sends server requests for a call (a tool context does): what `askUser()` and `requestApproval()` need. */
export interface RequestSender {
  request<M extends ServerRequestMethod>(method: M, params: ServerRequestMap[M]["params"]): Promise<RequestOutcome<M>>;
}

/**
 * Answers server requests (a front end). Returns a promise of the response, or `null` when it
 * cannot answer this request (the next responder, then the policy, gets it). A rejected promise
 * becomes a `failed` outcome.
 */
export type Responder = (
  request: PendingServerRequest,
  signal: AbortSignal,
) => Promise<unknown> | null;

/** Decides a request nobody can answer. */
export type RequestPolicy = (request: PendingServerRequest) => RequestOutcome<ServerRequestMethod>;

const defaultPolicy: RequestPolicy = (request) => ({
  status: "declined",
  reason: `no client is attached to answer "${request.method}"`,
});

/** The server requests of one bus: its responders, its policy and the requests in flight. */
export class ServerRequests {
  /** Decides a request nobody can answer. @default decline with a reason */
  policy: RequestPolicy = defaultPolicy;
  #responders: Responder[] = [];
  #pending = new Map<number, PendingServerRequest>();
  #nextRequestId = 0;
  readonly #resolved: (threadId: string, requestId: number) => void;

  /** `resolved` is told when a request of a thread has settled (`serverRequest/resolved`). */
  constructor(resolved: (threadId: string, requestId: number) => void) {
    this.#resolved = resolved;
  }

  /** Attaches a responder; returns the detach function. */
  attach(responder: Responder): () => void {
    this.#responders.push(responder);
    return () => {
      this.#responders = this.#responders.filter((r) => r !== responder);
    };
  }

  /** Server requests not resolved yet, oldest first. */
  pending(): PendingServerRequest[] {
    return [...this.#pending.values()];
  }

  /**
   * Sends a server request and resolves with its outcome; never rejects. Emits
   * `serverRequest/resolved` once it is settled, whatever the outcome.
   */
  async send<M extends ServerRequestMethod>(
    method: M,
    params: ServerRequestMap[M]["params"],
    options: { signal?: AbortSignal; threadId?: string } = {},
  ): Promise<RequestOutcome<M>> {
    const id = this.#nextRequestId++;
    const threadId = options.threadId ?? (params as { threadId?: string }).threadId ?? null;
    const request: PendingServerRequest<M> = { id, method, params, threadId };
    this.#pending.set(id, request as PendingServerRequest);
    const abort = new AbortController();
    const outer = options.signal;
    try {
      if (outer?.aborted) return { status: "cancelled", reason: "the turn was interrupted" };
      let answer: Promise<unknown> | null = null;
      for (const responder of this.#responders) {
        answer = responder(request as PendingServerRequest, abort.signal);
        if (answer) break;
      }
      if (!answer) return this.policy(request as PendingServerRequest) as RequestOutcome<M>;
      const cancelled = new Promise<RequestOutcome<M>>((resolve) => {
        outer?.addEventListener("abort", () => resolve({ status: "cancelled", reason: "the turn was interrupted" }), {
          once: true,
        });
      });
      const answered = answer.then(
        (response): RequestOutcome<M> => ({
          status: "answered",
          response: response as ServerRequestMap[M]["response"],
        }),
        (error): RequestOutcome<M> => ({
          status: "failed",
          message: error instanceof Error ? error.message : String(error),
        }),
      );
      return await Promise.race([answered, cancelled]);
    } finally {
      abort.abort();
      this.#pending.delete(id);
      if (threadId !== null) this.#resolved(threadId, id);
    }
  }
}
