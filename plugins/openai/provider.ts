/**
 * @module
 * `createOpenAIProvider()`: a `ModelProvider` for the Responses API or a Chat Completions server,
 * with the retry loop. HTTP 429/5xx and network errors use `requestMaxRetries`; a stream that is
 * cut, goes idle or reports a retryable failure uses `streamMaxRetries`. A broken stream is retried
 * only while nothing but `created` has been yielded from it: once output has streamed, a retry would
 * replay items the caller already has, so the request fails instead. An abort ends the stream
 * quietly (no error, no retry); the caller knows it aborted.
 */
import { ModelError, type ModelEvent, type ModelProvider, type ModelRequest, startTimer } from "../../kernel/mod.ts";
import { chatWire } from "./chat_wire.ts";
import { AttemptFailure, classifyHttpError, networkFailure, streamCut } from "./failure.ts";
import { responsesWire } from "./responses_wire.ts";
import { DEFAULT_RETRY_BASE_MS, retryDelayMs, sleep } from "./retry.ts";
import { IdleTimeoutError, readSse } from "./sse.ts";
import type { WireApi } from "./wire.ts";
import { readEnv } from "./env.ts";

/** Everything one provider needs; `resolveProviders()` builds these from the config. */
export interface OpenAIProviderOptions {
  /** The provider id the turn loop asks for (`openai`, `ollama`, a `modelProviders` key). */
  id: string;
  /** API base URL, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  /** @default "responses" */
  wireApi?: "responses" | "chat";
  /** An API key; when absent, the first set variable of `keyEnv` is used. */
  apiKey?: string;
  /** Environment variables that may hold the API key, tried in order. */
  keyEnv?: string[];
  /** Fail requests when no key is found. @default false */
  keyRequired?: boolean;
  /** The variable a missing-key error tells the user to set (the others are named as also read). @default keyEnv[0] */
  keyAdvised?: string;
  /** Extra HTTP headers. */
  headers?: Record<string, string>;
  /** Extra query parameters for every request. */
  queryParams?: Record<string, string>;
  /** Retries for HTTP 429/5xx and network errors. @default 4 */
  requestMaxRetries?: number;
  /** Retries for cut or idle streams. @default 5 */
  streamMaxRetries?: number;
  /** How long a stream may send nothing. @default 300000 */
  streamIdleTimeoutMs?: number;
  /** Backoff base delay. @default 200 */
  retryBaseMs?: number;
  /** Reads an environment variable. @default Deno.env.get, undefined when not permitted */
  env?: (name: string) => string | undefined;
  /** The key stored by a login (`lib/account`); it wins over `keyEnv`. Read at each request. */
  storedKey?: () => string | undefined;
  /** Called with each response's headers (rate limits). */
  onResponseHeaders?: (headers: Headers) => void;
  /** The fetch to use. @default globalThis.fetch */
  fetch?: typeof fetch;
}

export { readEnv } from "./env.ts";

type AttemptOutcome = "done" | "aborted" | AttemptFailure;

/**
 * Creates a model provider that talks to an OpenAI-compatible API.
 *
 * @example
 * ```ts
 * const provider = createOpenAIProvider({ id: "local", baseUrl: "http://127.0.0.1:8080/v1", wireApi: "chat" });
 * for await (const event of provider.stream(request, { signal })) console.log(event.type);
 * ```
 */
export function createOpenAIProvider(options: OpenAIProviderOptions): ModelProvider {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const wire: WireApi = options.wireApi === "chat" ? chatWire : responsesWire;
  const requestMaxRetries = options.requestMaxRetries ?? 4;
  const streamMaxRetries = options.streamMaxRetries ?? 5;
  const idleTimeoutMs = options.streamIdleTimeoutMs ?? 300_000;
  const baseMs = options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;
  const env = options.env ?? readEnv;
  const doFetch = options.fetch ?? globalThis.fetch;

  function urlFor(path: string): string {
    const url = new URL(`${baseUrl}${path}`);
    for (const [key, value] of Object.entries(options.queryParams ?? {})) url.searchParams.set(key, value);
    return url.href;
  }

  /** The request headers; throws when a required key is missing. */
  function headersFor(accept: string): { headers: Record<string, string>; keyVar?: string } {
    let key = options.apiKey ?? options.storedKey?.();
    let keyVar: string | undefined;
    for (const name of key === undefined ? options.keyEnv ?? [] : []) {
      key = env(name) || undefined;
      if (key) {
        keyVar = name;
        break;
      }
    }
    if (!key && options.keyRequired) throw missingKey(options);
    const headers: Record<string, string> = { "content-type": "application/json", accept };
    if (key) headers.authorization = `Bearer ${key}`;
    return { headers: { ...headers, ...options.headers }, keyVar };
  }

  async function* attempt(
    request: ModelRequest,
    init: { url: string; headers: Record<string, string>; body: string },
    signal: AbortSignal,
  ): AsyncGenerator<ModelEvent, AttemptOutcome> {
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    let yieldedOutput = false;
    let status: number | null = null;
    try {
      let response: Response;
      const cancelHeaderTimer = startTimer(idleTimeoutMs, () => controller.abort(new IdleTimeoutError(idleTimeoutMs)));
      try {
        response = await doFetch(init.url, {
          method: "POST",
          headers: init.headers,
          body: init.body,
          signal: controller.signal,
        });
      } catch (error) {
        if (signal.aborted) return "aborted";
        if (controller.signal.reason instanceof IdleTimeoutError) {
          return networkFailure(new Error(`no response within ${idleTimeoutMs} ms`));
        }
        return networkFailure(error);
      } finally {
        cancelHeaderTimer();
      }
      status = response.status;
      options.onResponseHeaders?.(response.headers);
      if (!response.ok) {
        const text = await response.text().catch(() => "");
        return signal.aborted ? "aborted" : classifyHttpError(response, text);
      }
      if (!response.body) return streamCut("the response had no body", status);
      const decoder = wire.decoder(request, { httpStatus: status });
      let failure: AttemptFailure;
      try {
        for await (const message of readSse(response.body, { idleTimeoutMs })) {
          for (const event of decoder.handle(message)) {
            if (event.type !== "created") yieldedOutput = true;
            yield event;
          }
          if (decoder.done) return "done";
        }
        const closing = decoder.end();
        if (closing) {
          for (const event of closing) yield event;
          return "done";
        }
        failure = streamCut("the stream ended before the response was complete", status);
      } catch (error) {
        if (signal.aborted) return "aborted";
        if (error instanceof AttemptFailure) failure = error;
        else if (error instanceof IdleTimeoutError) {
          failure = streamCut(`no data for ${error.timeoutMs} ms`, status, error);
        } else failure = streamCut(error instanceof Error ? error.message : String(error), status, error);
      }
      if (failure.kind === "fatal" || !yieldedOutput) return failure;
      return new AttemptFailure(`${failure.message} (not retried: output had already streamed)`, {
        kind: "fatal",
        info: failure.info,
        httpStatus: failure.httpStatus,
        cause: failure.cause,
      });
    } finally {
      signal.removeEventListener("abort", onAbort);
      controller.abort();
    }
  }

  return {
    id: options.id,

    async *stream(request, { signal }) {
      const url = urlFor(wire.path);
      const shownUrl = `${baseUrl}${wire.path}`; // without query parameters, which may hold secrets
      const { headers, keyVar } = headersFor("text/event-stream");
      const body = JSON.stringify(wire.body(request));
      const retries = { request: 0, stream: 0 };
      let attempts = 0;
      while (!signal.aborted) {
        attempts++;
        const outcome = yield* attempt(request, { url, headers, body }, signal);
        if (outcome === "done" || outcome === "aborted") return;
        const budget = outcome.kind === "request"
          ? requestMaxRetries
          : outcome.kind === "stream"
          ? streamMaxRetries
          : 0;
        if (outcome.kind === "fatal" || retries[outcome.kind] >= budget) {
          const hint = outcome.info === "unauthorized" && keyVar ? ` (the API key comes from "${keyVar}")` : "";
          const count = attempts === 1 ? "1 attempt" : `${attempts} attempts`;
          throw new ModelError(`Model request to ${shownUrl} failed after ${count}: ${outcome.message}${hint}`, {
            info: outcome.info,
            attempts,
            httpStatus: outcome.httpStatus,
            cause: outcome,
          });
        }
        const retry = ++retries[outcome.kind];
        const delayMs = retryDelayMs(retry, { baseMs, retryAfterMs: outcome.retryAfterMs });
        yield { type: "retrying", attempt: retry + 1, maxAttempts: budget + 1, delayMs, message: outcome.message };
        if (!(await sleep(delayMs, signal))) return;
      }
    },

    async listModels() {
      const url = urlFor("/models");
      const { headers } = headersFor("application/json");
      let response: Response;
      try {
        response = await doFetch(url, { headers });
      } catch (error) {
        const failure = networkFailure(error);
        throw new ModelError(`Cannot list models at ${baseUrl}/models: ${failure.message}`, {
          info: failure.info,
          attempts: 1,
          cause: error,
        });
      }
      const text = await response.text();
      if (!response.ok) {
        const failure = classifyHttpError(response, text);
        throw new ModelError(`Cannot list models at ${baseUrl}/models: ${failure.message}`, {
          info: failure.info,
          attempts: 1,
          httpStatus: response.status,
        });
      }
      const list = JSON.parse(text) as { data?: Array<{ id?: unknown }> };
      return (list.data ?? []).map((model) => model.id).filter((id): id is string => typeof id === "string");
    },
  };
}

/** The error for a provider whose key is missing: the variable to set, and the others it reads. */
function missingKey(options: OpenAIProviderOptions): ModelError {
  const advised = options.keyAdvised ?? options.keyEnv?.[0] ?? "OPENAI_API_KEY";
  const others = (options.keyEnv ?? []).filter((name) => name !== advised);
  const also = others.length ? ` (${others.join(", ")} ${others.length === 1 ? "is" : "are"} read too)` : "";
  return new ModelError(
    `Cannot call model provider "${options.id}": no API key. Set the environment variable ${advised}${also}`,
    { info: "unauthorized", attempts: 0 },
  );
}
