/**
 * @module
 * The `openai` plugin: registers a model provider for each OpenAI-compatible entry of the config
 * (`modelProviders`, plus the built-ins `openai`, `ollama`, `lmstudio`; see `provider_config.ts`).
 * Requests, streaming and retries are in `provider.ts`; nothing heavy loads until the first request.
 */
import { definePlugin, importOnUse, type ModelEvent, type ModelProvider } from "../../kernel/mod.ts";
import { resolveProviders } from "./provider_config.ts";
import { knownModel } from "../../lib/models/mod.ts";

export type { OpenAIProviderOptions } from "./provider.ts";
export { resolveProviders } from "./provider_config.ts";

export default definePlugin({
  name: "openai",
  setup(api) {
    for (const options of resolveProviders(api.config)) {
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
          // From the table of OpenAI's models; a model not in it (a local one, say) is unknown.
          contextWindow: (model) => knownModel(model)?.contextWindow ?? null,
        });
      } catch (error) {
        // Another plugin already serves this id (e.g. an untyped entry named after that plugin).
        api.log(`skipped provider "${options.id}": ${error instanceof Error ? error.message : error}`);
      }
    }
  },
});
