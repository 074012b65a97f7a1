/**
 * @module
 * `model/list` and `config/read`. `model/list` asks the provider (the configured one, or
 * `modelProvider`) for its models within `LIST_MODELS_TIMEOUT_MS`, and always lists the
 * configured model; a page is `limit` models from `cursor` (an offset). `config/read` answers
 * the effective config with Codex's snake_case keys, which layer set each top-level key
 * (`origins`), and with `includeLayers` each layer, highest precedence first; `cwd` is not
 * supported yet (the answer is the config the server started with).
 */
import type {
  ConfigLayer,
  ConfigLayerMetadata,
  ConfigLayerSource,
  ConfigReadParams,
  ConfigReadResponse,
  Model,
  ModelListParams,
  ModelListResponse,
} from "../../kernel/mod.ts";
import { withDeadline } from "../../kernel/mod.ts";
import type { MethodContext } from "./method_table.ts";
import { invalidRequest } from "./rpc_error.ts";

/** How long `model/list` waits for a provider's list. */
export const LIST_MODELS_TIMEOUT_MS = 3000;

/** Lists the models of a provider; the configured model is always there. */
export async function modelList(params: ModelListParams, ctx: MethodContext): Promise<ModelListResponse> {
  const { runtime } = ctx;
  const config = runtime.config;
  const providerId = params.modelProvider ?? config.modelProvider;
  const provider = runtime.provider(providerId);
  let ids: string[] = [];
  try {
    ids = await withTimeout(provider.listModels?.() ?? Promise.resolve([]), LIST_MODELS_TIMEOUT_MS);
  } catch (error) {
    runtime.debug(`[app-server] model/list: provider "${providerId}" did not list models: ${(error as Error).message}`);
  }
  if (providerId === config.modelProvider && !ids.includes(config.model)) ids = [config.model, ...ids];
  const effort = config.modelReasoningEffort ?? "medium";
  const models = [...new Set(ids)].map((id): Model => ({
    id,
    model: id,
    displayName: id,
    description: id === config.model ? "The configured model" : `A model of provider "${providerId}"`,
    hidden: false,
    isDefault: id === config.model && providerId === config.modelProvider,
    supportedReasoningEfforts: (["low", "medium", "high"] as const).map((reasoningEffort) => ({
      reasoningEffort,
      description: `${reasoningEffort[0].toUpperCase()}${reasoningEffort.slice(1)} reasoning effort`,
    })),
    defaultReasoningEffort: effort,
    inputModalities: ["text", "image"],
    upgrade: null,
    supportsPersonality: false,
    additionalSpeedTiers: [],
    serviceTiers: [],
  }));
  const start = params.cursor ? Number.parseInt(params.cursor, 10) : 0;
  if (!Number.isInteger(start) || start < 0) throw invalidRequest(`Invalid cursor "${params.cursor}"`);
  const end = params.limit ? start + params.limit : models.length;
  return { data: models.slice(start, end), nextCursor: end < models.length ? String(end) : null };
}

/** Keys whose children are names the user chose (kept as written). */
const MAP_LIKE = new Set(["modelProviders", "mcpServers", "profiles", "projects", "env", "headers", "queryParams"]);

/** Answers the effective config and where each key came from. */
export async function configRead(params: ConfigReadParams, ctx: MethodContext): Promise<ConfigReadResponse> {
  const { runtime } = ctx;
  const layers = runtime.loaded.layers.filter((l) => l.kind !== "default");
  const metadata = await Promise.all(layers.map(async (layer) => ({
    name: layerSource(layer, runtime.ternHome),
    version: await fingerprint(layer.value),
  })));
  const origins: Record<string, ConfigLayerMetadata> = {};
  layers.forEach((layer, i) => {
    for (const key of Object.keys(layer.value)) origins[snake(key)] = metadata[i];
  });
  return {
    config: snakeKeys(runtime.config) as Record<string, unknown>,
    origins,
    layers: params.includeLayers
      ? layers.map((layer, i) => ({ ...metadata[i], config: snakeKeys(layer.value), disabledReason: null })).reverse()
      : null,
  };
}

function layerSource(layer: ConfigLayer, ternHome: string): ConfigLayerSource {
  switch (layer.kind) {
    case "user":
      return { type: "user", file: layer.source, profile: null };
    case "project":
      return { type: "project", dotCodexFolder: layer.source.replace(/\/[^/]*$/, "") };
    case "profile":
      return {
        type: "user",
        file: `${ternHome}/config.jsonc`,
        profile: layer.source.replace(/^profile "(.*)"$/, "$1"),
      };
    default:
      return { type: "sessionFlags" };
  }
}

async function fingerprint(value: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `sha256:${[...digest].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Converts keys to snake_case, keeping the names under map-like keys (provider ids, paths). */
function snakeKeys(value: unknown, keepNames = false): unknown {
  if (Array.isArray(value)) return value.map((v) => snakeKeys(v));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map((
      [key, v],
    ) => [keepNames ? key : snake(key), snakeKeys(v, !keepNames && MAP_LIKE.has(key))]),
  );
}

function snake(key: string): string {
  return /^[a-z][a-zA-Z0-9]*$/.test(key) ? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : key;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return withDeadline(promise, ms, () => new Error(`no answer within ${ms} ms`));
}
