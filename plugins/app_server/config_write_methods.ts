/**
 * @module
 * `config/value/write`, `config/batchWrite` and `configRequirements/read`. An edit's `keyPath` is
 * dotted, in Codex's snake_case or Tern's camelCase (as `-c` takes it); `replace` sets the value,
 * `upsert` merges an object value key by key into the object already there, and a null value
 * removes the key. Each edited value is checked against the config schema first (a kernel key's
 * type, an unknown key with the nearest known one: `-32602`); then every edit is applied at once
 * through `editConfigFile`, which keeps the file's comments and layout. The file is the user's
 * `config.jsonc` unless `filePath` names it or a project's `.tern/config.jsonc`. `expectedVersion`
 * (the version `config/read` reported for that layer) refuses a write over a file changed since.
 * `config/read` reads the files again, so it shows a write at once. After a write the running
 * server reloads its config (`Runtime.reloadConfig()`), as Codex 0.169 reads its config at each
 * `thread/start`: threads started from then on (and their turns) use the written settings, with or
 * without `reloadUserConfig`. Loaded threads keep theirs (Codex's `reloadUserConfig` hot-reloads
 * runtime settings into them; Tern does not yet), and plugin sections (MCP servers, the plugin
 * list) apply at the next start.
 */
import { z } from "zod";
import {
  type ConfigBatchWriteParams,
  type ConfigEdit,
  ConfigError,
  type ConfigRequirementsReadResponse,
  type ConfigValueWriteParams,
  type ConfigWriteResponse,
  editConfigFile,
  KernelConfig,
  MAP_LIKE_KEYS,
  parseJsonText,
  parseOverride,
  validateConfigLayer,
} from "../../kernel/mod.ts";
import { basename, dirname, isAbsolute, join, resolve } from "@std/path";
import { fingerprint, layerSource } from "./info_methods.ts";
import type { MethodContext } from "./method_context.ts";
import { invalidRequest, RpcCodes, RpcError } from "./rpc_error.ts";

type Json = Record<string, unknown>;
/** A file edit that sets (or, for undefined, removes) one key. */
type SetEdit = { keyPath: string[]; value: unknown };

/** Writes one value. */
export function configValueWrite(params: ConfigValueWriteParams, ctx: MethodContext): Promise<ConfigWriteResponse> {
  const edit = { keyPath: params.keyPath, value: params.value, mergeStrategy: params.mergeStrategy };
  return writeEdits("config/value/write", [edit], params, ctx, () => "keyPath");
}

/** Writes several values, all or none. */
export function configBatchWrite(params: ConfigBatchWriteParams, ctx: MethodContext): Promise<ConfigWriteResponse> {
  return writeEdits("config/batchWrite", params.edits, params, ctx, (i) => `edits.${i}.keyPath`);
}

/** Tern has no managed requirements (`requirements.toml`, MDM profiles). */
export function configRequirementsRead(): ConfigRequirementsReadResponse {
  return { requirements: null };
}

/** Codex's `config_write_error_code` error data, which says what kind of write failure it is. */
type WriteErrorCode =
  | "configVersionConflict"
  | "configValidationError"
  | "configSchemaUnknownKey"
  | "configLayerReadonly";

function badParams(method: string, field: string, message: string, code: WriteErrorCode): RpcError {
  return new RpcError(RpcCodes.INVALID_PARAMS, `Invalid params for "${method}" at "${field}": ${message}`, {
    config_write_error_code: code,
  });
}

async function writeEdits(
  method: string,
  edits: ConfigEdit[],
  target: { filePath?: string | null; expectedVersion?: string | null },
  ctx: MethodContext,
  fieldOf: (index: number) => string,
): Promise<ConfigWriteResponse> {
  const { runtime } = ctx;
  const userFile = join(runtime.ternHome, "config.jsonc");
  const file = target.filePath ? resolve(runtime.cwd, target.filePath) : userFile;
  if (file !== userFile && !(basename(file) === "config.jsonc" && basename(dirname(file)) === ".tern")) {
    throw badParams(
      method,
      "filePath",
      `only the user config (${userFile}) or a project's .tern/config.jsonc is written`,
      "configLayerReadonly",
    );
  }
  if (target.filePath && !isAbsolute(target.filePath)) {
    throw badParams(method, "filePath", `"${target.filePath}" is not an absolute path`, "configLayerReadonly");
  }
  const current = await readConfig(file, method);
  if (target.expectedVersion && target.expectedVersion !== await fingerprint(current)) {
    throw invalidRequest(`Config version conflict: ${file} changed since version "${target.expectedVersion}"`, {
      config_write_error_code: "configVersionConflict",
    });
  }
  const fileEdits: SetEdit[] = [];
  const candidate = structuredClone(current);
  for (const [i, edit] of edits.entries()) {
    let keyPath: string[];
    try {
      keyPath = (await parseOverride(`${edit.keyPath}=null`)).keyPath;
    } catch {
      throw badParams(method, fieldOf(i), `"${edit.keyPath}" is not a dotted key path`, "configValidationError");
    }
    const planned = planEdit(
      keyPath,
      camelKeys(edit.value, MAP_LIKE_KEYS.has(keyPath.at(-1)!)),
      edit.mergeStrategy,
      candidate,
    );
    for (const one of planned) apply(candidate, one.keyPath, one.value);
    fileEdits.push(...planned);
    if (edit.value === null) continue;
    try {
      await validateConfigLayer(schemaWith(runtime), nest(keyPath, valueAt(candidate, keyPath)), { file });
    } catch (error) {
      if (error instanceof ConfigError) {
        const unknownKey = (error.cause as z.ZodError | undefined)?.issues?.[0]?.code === "unrecognized_keys";
        throw badParams(
          method,
          fieldOf(i),
          error.message,
          unknownKey ? "configSchemaUnknownKey" : "configValidationError",
        );
      }
      throw error;
    }
  }
  let written: Json;
  try {
    written = await editConfigFile(file, fileEdits);
  } catch (error) {
    throw invalidRequest(`Cannot write ${file}: ${(error as Error).message ?? error}`);
  }
  try {
    await runtime.reloadConfig();
  } catch (error) {
    // The file was written and validated on its own; another layer may not load (edited by hand).
    runtime.warn(`${method}: wrote ${file}, but the config did not reload: ${(error as Error).message ?? error}`);
  }
  const response: ConfigWriteResponse = {
    filePath: file,
    status: "ok",
    version: await fingerprint(written),
    overriddenMetadata: null,
  };
  const overriding = file === userFile ? await overriddenBy(edits, ctx) : null;
  return overriding ? { ...response, status: "okOverridden", overriddenMetadata: overriding } : response;
}

/** The file's current value (`{}` when it is missing or holds nothing). */
async function readConfig(file: string, method: string): Promise<Json> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return {};
    throw invalidRequest(`Cannot read ${file}: ${(error as Error).message}`);
  }
  if (text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, "").trim() === "") return {};
  try {
    const value = await parseJsonText(text, file, { jsonc: true });
    if (isObject(value)) return value;
  } catch (error) {
    throw invalidRequest(`Cannot edit ${file} (${method}): ${(error as Error).message}`);
  }
  throw invalidRequest(`Cannot edit ${file}: it does not hold an object`);
}

/** The kernel's schema with each known plugin section allowed, and unknown top-level keys refused. */
function schemaWith(runtime: MethodContext["runtime"]): z.ZodType {
  const sections = runtime.plugins.flatMap((p) => [p.name, ...(p.manifest?.contributes.configSections ?? [])]);
  return z.object({
    ...KernelConfig.shape,
    ...Object.fromEntries(sections.filter((s) => !(s in KernelConfig.shape)).map((s) => [s, z.unknown().optional()])),
  }).strict();
}

/**
 * The file edits of one client edit: `upsert` of an object into an object becomes one edit per
 * leaf (so the object's other keys and comments stay); anything else sets or, for null, removes.
 */
function planEdit(keyPath: string[], value: unknown, strategy: "replace" | "upsert", current: Json): SetEdit[] {
  if (value === null) return [{ keyPath, value: undefined }];
  const existing = valueAt(current, keyPath);
  if (strategy === "upsert" && isObject(value) && isObject(existing)) {
    return Object.entries(value).flatMap(([key, v]) => planEdit([...keyPath, key], v, strategy, current));
  }
  return [{ keyPath, value }];
}

/** A higher layer (project, profile, `-c`) that sets one of the written keys, with its value. */
async function overriddenBy(
  edits: ConfigEdit[],
  ctx: MethodContext,
): Promise<ConfigWriteResponse["overriddenMetadata"]> {
  const { runtime } = ctx;
  const layers = runtime.loaded.layers;
  const userIndex = layers.findIndex((l) => l.kind === "user");
  for (const edit of edits) {
    const { keyPath } = await parseOverride(`${edit.keyPath}=null`);
    for (let i = layers.length - 1; i > Math.max(userIndex, 0); i--) {
      const effectiveValue = valueAt(layers[i].value, keyPath);
      if (effectiveValue === undefined) continue;
      return {
        message: `"${edit.keyPath}" is also set by ${layers[i].source}, which wins over the user config`,
        overridingLayer: {
          name: layerSource(layers[i], runtime.ternHome),
          version: await fingerprint(layers[i].value),
        },
        effectiveValue,
      };
    }
  }
  return null;
}

/** A value's keys in Tern's camelCase (`network_access` → `networkAccess`), names under map-like keys kept. */
function camelKeys(value: unknown, keepNames = false): unknown {
  if (Array.isArray(value)) return value.map((v) => camelKeys(v));
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => {
      const name = keepNames ? key : key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
      return [name, camelKeys(v, !keepNames && MAP_LIKE_KEYS.has(name))];
    }),
  );
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function valueAt(value: unknown, keyPath: readonly (string | number)[]): unknown {
  let at = value;
  for (const key of keyPath) {
    if (!isObject(at) || !Object.hasOwn(at, key)) return undefined;
    at = at[key];
  }
  return at;
}

/** Sets (or, for undefined, deletes) `keyPath` in `target`, making the objects on the way. */
function apply(target: Json, keyPath: string[], value: unknown): void {
  let at = target;
  for (const key of keyPath.slice(0, -1)) {
    if (!isObject(at[key])) at[key] = {};
    at = at[key] as Json;
  }
  const last = keyPath[keyPath.length - 1];
  if (value === undefined) delete at[last];
  else at[last] = value;
}

function nest(keyPath: string[], value: unknown): Json {
  return keyPath.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Json;
}
