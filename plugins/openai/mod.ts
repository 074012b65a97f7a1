/**
 * @module
 * The `openai` plugin: registers a model provider for each OpenAI-compatible entry of the config
 * (`modelProviders`, plus the built-ins `openai`, `ollama`, `lmstudio`; see `provider_config.ts`).
 * Requests, streaming and retries are in `provider.ts`; nothing heavy loads until the first request.
 * A key stored by an app-server login (`$TERN_HOME/auth.json`, `lib/account`) wins over the
 * environment's for the providers that read OpenAI's key; each response's rate-limit headers become
 * `account/rateLimits/updated` (and the `rate-limits` service's latest snapshot).
 */
import {
  definePlugin,
  importOnUse,
  type ModelEvent,
  type ModelProvider,
  type RateLimitSnapshot,
} from "../../kernel/mod.ts";
import { resolveProviders } from "./provider_config.ts";
import { effectiveContextWindow } from "../../lib/models/mod.ts";
import { RATE_LIMITS_SERVICE, type RateLimitsService, readStoredApiKey } from "../../lib/account/mod.ts";
import { rateLimitsFromHeaders } from "./rate_limits.ts";

export type { OpenAIProviderOptions } from "./provider.ts";
export { resolveProviders } from "./provider_config.ts";

export default definePlugin({
  name: "openai",
  setup(api) {
    // The last rate limits a response reported: kept for `account/rateLimits/read`, sent as
    // `account/rateLimits/updated` when they change.
    let latest: RateLimitSnapshot | null = null;
    api.services.provide(RATE_LIMITS_SERVICE, { latest: () => latest } satisfies RateLimitsService);
    const onResponseHeaders = (headers: Headers) => {
      const snapshot = rateLimitsFromHeaders(headers);
      if (!snapshot || JSON.stringify(snapshot) === JSON.stringify(latest)) return;
      latest = snapshot;
      api.bus.emit("account/rateLimits/updated", { rateLimits: snapshot });
    };
    const storedKey = () => readStoredApiKey(api.ternHome);
    for (const resolved of resolveProviders(api.config, { storedKey })) {
      const options = { ...resolved, onResponseHeaders };
      // The request code (HTTP, SSE, retries, both wire formats) loads with the first request.
      let inner: Promise<ModelProvider> | null = null;
      const provider = () =>
        inner ??= importOnUse<typeof import("./provider.ts")>("./provider.ts", import.meta.url).then((m) =>
          m.createOpenAIProvider(options)
        );
      try {
        api.providers.register({
          id: options.id,
          async *stream(request, streamOptions): AsyncIterable<ModelEvent> {
            yield* (await provider()).stream(request, streamOptions);
          },
          listModels: async () => (await (await provider()).listModels?.()) ?? [],
          // 95% of the window in the table of OpenAI's models, as Codex reports it; a model not in
          // the table (a local one, say) is unknown.
          contextWindow: effectiveContextWindow,
        });
      } catch (error) {
        // Another plugin already serves this id (e.g. an untyped entry named after that plugin).
        api.log(`skipped provider "${options.id}": ${error instanceof Error ? error.message : error}`);
      }
    }
  },
});
