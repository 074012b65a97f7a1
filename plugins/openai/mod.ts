/**
 * @module
 * The `openai` plugin: registers a model provider for each OpenAI-compatible entry of the config
 * (`modelProviders`, plus the built-ins `openai`, `ollama`, `lmstudio`; see `provider_config.ts`).
 * Requests, streaming and retries are in `provider.ts`; nothing heavy loads until the first request.
 */
import { definePlugin } from "../../kernel/mod.ts";
import { createOpenAIProvider } from "./provider.ts";
import { resolveProviders } from "./provider_config.ts";

export { createOpenAIProvider, type OpenAIProviderOptions } from "./provider.ts";
export { resolveProviders } from "./provider_config.ts";

export default definePlugin({
  name: "openai",
  setup(api) {
    for (const options of resolveProviders(api.config)) {
      try {
        api.providers.register(createOpenAIProvider(options));
      } catch (error) {
        // Another plugin already serves this id (e.g. an untyped entry named after that plugin).
        api.log(`skipped provider "${options.id}": ${error instanceof Error ? error.message : error}`);
      }
    }
  },
});
