/**
 * @module
 * Config writes on the wire (Codex's `config/value/write`, `config/batchWrite`,
 * `configRequirements/read`): a dotted key path (snake_case or camelCase) and a JSON value per
 * edit, merged by `replace` or `upsert`, into the user's config file. Zod schemas only, no logic.
 */
import { z } from "zod";
import { lazy } from "./_lazy.ts";
import { boundedArray, checkJsonSize, idString, pathString, textString } from "./limits.ts";
import { ConfigLayerMetadata } from "./methods.ts";

/** Any JSON value (required), within the wire's depth and size limits. */
const ConfigValue = () => z.unknown().refine((value) => value !== undefined, "is required").superRefine(checkJsonSize);

export const MergeStrategy = lazy(() => z.enum(["replace", "upsert"]));
export type MergeStrategy = z.infer<typeof MergeStrategy>;

/** One edit: `keyPath` like `sandbox_workspace_write.network_access`; a null `value` removes the key. */
export const ConfigEdit = lazy(() =>
  z.object({ keyPath: textString().min(1), value: ConfigValue(), mergeStrategy: MergeStrategy })
);
export type ConfigEdit = z.infer<typeof ConfigEdit>;

const Target = {
  /** The file to write (the user config when unset). */
  filePath: pathString().nullable().optional(),
  /** The version `config/read` reported; the write is refused when the file changed since. */
  expectedVersion: idString().nullable().optional(),
} as const;

export const ConfigValueWriteParams = lazy(() =>
  z.object({ keyPath: textString().min(1), value: ConfigValue(), mergeStrategy: MergeStrategy, ...Target })
);
export type ConfigValueWriteParams = z.infer<typeof ConfigValueWriteParams>;

export const ConfigBatchWriteParams = lazy(() =>
  z.object({ edits: boundedArray(ConfigEdit), ...Target, reloadUserConfig: z.boolean().optional() })
);
export type ConfigBatchWriteParams = z.infer<typeof ConfigBatchWriteParams>;

export const ConfigWriteResponse = lazy(() =>
  z.object({
    filePath: z.string(),
    status: z.enum(["ok", "okOverridden"]),
    version: z.string(),
    /** With `okOverridden`: the layer whose value wins over the one written. */
    overriddenMetadata: z.object({
      message: z.string(),
      overridingLayer: ConfigLayerMetadata,
      effectiveValue: z.unknown(),
    }).nullable().optional(),
  })
);
export type ConfigWriteResponse = z.infer<typeof ConfigWriteResponse>;

/** `configRequirements/read`: Tern has no managed requirements (`requirements.toml`, MDM), so always null. */
export const ConfigRequirementsReadParams = z.object({}).nullish();
export type ConfigRequirementsReadParams = z.infer<typeof ConfigRequirementsReadParams>;
export const ConfigRequirementsReadResponse = lazy(() => z.object({ requirements: z.null() }));
export type ConfigRequirementsReadResponse = z.infer<typeof ConfigRequirementsReadResponse>;
