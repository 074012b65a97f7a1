/**
 * @module
 * `model/list` and `config/read`. `model/list` asks the provider (the configured one, or
 * `modelProvider`) for its models within `LIST_MODELS_TIMEOUT_MS`, and always lists the
 * configured model; each model's efforts, input kinds, visibility and upgrade come from the table
 * of known models (`lib/models`), and a model not in it says it is unknown (no efforts, text
 * input only, "capabilities unknown"); a page is `limit` models from `cursor` (an offset). `config/read` answers
 * the effective config with Codex's snake_case keys, which layer set each top-level key
 * (`origins`), and with `includeLayers` each layer, highest precedence first, as the files are
 * now (read again for each request, so a config write shows at once; the server itself runs with
 * the config it started with); `cwd` is not supported yet.
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
import { MAP_LIKE_KEYS, withDeadline } from "../../kernel/mod.ts";
import { knownModel } from "../../lib/models/mod.ts";
import type { MethodContext } from "./method_context.ts";
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
  const models = [...new Set(ids)].map((id) => describeModel(id, id === config.model, providerId, ctx));
  const start = params.cursor ? Number.parseInt(params.cursor, 10) : 0;
  if (!Number.isInteger(start) || start < 0) throw invalidRequest(`Invalid cursor "${params.cursor}"`);
  const end = params.limit ? start + params.limit : models.length;
  return { data: models.slice(start, end), nextCursor: end < models.length ? String(end) : null };
}

/**
 * One model as `model/list` gives it. A known model has the table's data; an unknown one has no
 * efforts, text input only (the one input every model takes), and as default effort the one Tern
 * sends (`model_reasoning_effort`, else "medium"), since the schema requires one.
 */
function describeModel(id: string, configured: boolean, providerId: string, ctx: MethodContext): Model {
  const config = ctx.runtime.config;
  const known = knownModel(id);
  const isDefault = configured && providerId === config.modelProvider;
  const common = {
    id,
    model: id,
    displayName: id,
    isDefault,
    supportsPersonality: false,
    additionalSpeedTiers: [],
    serviceTiers: [],
  };
  if (!known) {
    return {
      ...common,
      description: `${
        configured ? "The configured model" : `A model of provider "${providerId}"`
      }; capabilities unknown`,
      hidden: false,
      supportedReasoningEfforts: [],
      defaultReasoningEffort: config.modelReasoningEffort ?? "medium",
      inputModalities: ["text"],
      upgrade: null,
    };
  }
  return {
    ...common,
    description: known.description,
    hidden: known.hidden,
    supportedReasoningEfforts: known.reasoningEfforts.map((e) => ({
      reasoningEffort: e.effort,
      description: e.description,
    })),
    // A model that does not reason: "none", the one effort it takes.
    defaultReasoningEffort: known.defaultReasoningEffort ?? "none",
    inputModalities: [...known.inputModalities],
    upgrade: known.upgrade,
  };
}

/** Answers the effective config and where each key came from. */
export async function configRead(params: ConfigReadParams, ctx: MethodContext): Promise<ConfigReadResponse> {
  const { runtime } = ctx;
  // The files as they are now (a `config/value/write` shows at once); as loaded at start when they no longer load.
  const loaded = await runtime.loaded.reread().catch(() => runtime.loaded);
  const layers = loaded.layers.filter((l) => l.kind !== "default");
  const metadata = await Promise.all(layers.map(async (layer) => ({
    name: layerSource(layer, runtime.ternHome),
    version: await fingerprint(layer.value),
  })));
  const origins: Record<string, ConfigLayerMetadata> = {};
  layers.forEach((layer, i) => {
    for (const key of Object.keys(layer.value)) origins[snake(key)] = metadata[i];
  });
  return {
    config: snakeKeys(loaded.config) as Record<string, unknown>,
    origins,
    layers: params.includeLayers
      ? layers.map((layer, i) => ({ ...metadata[i], config: snakeKeys(layer.value), disabledReason: null })).reverse()
      : null,
  };
}

export function layerSource(layer: ConfigLayer, ternHome: string): ConfigLayerSource {
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

/** The version of a layer's value (`config/read`'s `version`, `config/value/write`'s `expectedVersion`). */
export async function fingerprint(value: unknown): Promise<string> {
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
    ) => [keepNames ? key : snake(key), snakeKeys(v, !keepNames && MAP_LIKE_KEYS.has(key))]),
  );
}

function snake(key: string): string {
  return /^[a-z][a-zA-Z0-9]*$/.test(key) ? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : key;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return withDeadline(promise, ms, () => new Error(`no answer within ${ms} ms`));
}
