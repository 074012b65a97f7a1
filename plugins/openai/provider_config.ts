/**
 * @module
 * Which providers the plugin registers: one per `modelProviders` entry whose `type` is "openai"
 * or absent, plus the built-ins `openai`, `ollama` and `lmstudio` unless an entry replaces them
 * (an entry named like a built-in starts from the built-in's settings). API keys: an entry's
 * `envKey` is the only variable read for it, and is required; without `envKey`, `CODEX_API_KEY`
 * (what `@openai/codex-sdk` sets) then `OPENAI_API_KEY` are sent when set, and required only for `openai`. `ollama` and `lmstudio`
 * send no key. A missing key fails at request time, not here.
 */
import type { KernelConfig, ModelProviderConfig } from "../../kernel/mod.ts";
import type { OpenAIProviderOptions } from "./provider.ts";
import { readEnv } from "./env.ts";

/** The default OpenAI API base URL. */
export const OPENAI_BASE_URL = "https://api.openai.com/v1";

const OPENAI_KEYS = ["CODEX_API_KEY", "OPENAI_API_KEY"];

/** Options for `resolveProviders()`. */
export interface ResolveOptions {
  /** Reads an environment variable. @default Deno.env.get, undefined when not permitted */
  env?: (name: string) => string | undefined;
  /** The key a login stored (`lib/account`), for the providers that read OpenAI's key variables. */
  storedKey?: () => string | undefined;
}

/** The provider options for every provider this plugin serves, in a stable order. */
export function resolveProviders(
  config: Pick<KernelConfig, "modelProviders" | "openaiBaseUrl">,
  options: ResolveOptions = {},
): OpenAIProviderOptions[] {
  const env = options.env ?? readEnv;
  const retryBase = Number(env("TERN_RETRY_BASE_MS"));
  const retryBaseMs = env("TERN_RETRY_BASE_MS") !== undefined && retryBase >= 0 ? retryBase : undefined;
  const builtins: Record<string, OpenAIProviderOptions> = {
    openai: {
      id: "openai",
      baseUrl: config.openaiBaseUrl ?? env("OPENAI_BASE_URL") ?? OPENAI_BASE_URL,
      wireApi: "responses",
      keyEnv: OPENAI_KEYS,
      keyRequired: true,
      // CODEX_API_KEY (set by @openai/codex-sdk) wins when both are set; the README asks for OPENAI_API_KEY.
      keyAdvised: "OPENAI_API_KEY",
    },
    ollama: { id: "ollama", baseUrl: "http://localhost:11434/v1", wireApi: "chat" },
    lmstudio: { id: "lmstudio", baseUrl: "http://localhost:1234/v1", wireApi: "chat" },
  };
  const resolved = new Map<string, OpenAIProviderOptions>(Object.entries(builtins));
  for (const [id, entry] of Object.entries(config.modelProviders ?? {})) {
    if (entry.type !== undefined && entry.type !== "openai") {
      resolved.delete(id); // another plugin serves this id
      continue;
    }
    resolved.set(
      id,
      fromEntry(id, entry, builtins[id] ?? { id, baseUrl: builtins.openai.baseUrl, keyEnv: OPENAI_KEYS }),
    );
  }
  return [...resolved.values()].map((provider) => ({
    ...provider,
    ...(options.storedKey && provider.keyEnv === OPENAI_KEYS ? { storedKey: options.storedKey } : {}),
    env,
    ...(retryBaseMs !== undefined ? { retryBaseMs } : {}),
  }));
}

function fromEntry(id: string, entry: ModelProviderConfig, base: OpenAIProviderOptions): OpenAIProviderOptions {
  return {
    ...base,
    id,
    baseUrl: entry.baseUrl ?? base.baseUrl,
    wireApi: entry.wireApi ?? base.wireApi,
    ...(entry.envKey ? { keyEnv: [entry.envKey], keyRequired: true } : {}),
    headers: entry.headers,
    queryParams: entry.queryParams,
    requestMaxRetries: entry.requestMaxRetries,
    streamMaxRetries: entry.streamMaxRetries,
    streamIdleTimeoutMs: entry.streamIdleTimeoutMs,
  };
}
