/**
 * @module
 * `externalAgentConfig/detect` and `externalAgentConfig/import` (the finding and importing are in
 * `external_agent.ts`). `import` detects again, takes each item the client sent back (matched by
 * type, scope and description; its `details` choose which servers, hooks, skills or plugins),
 * imports it, answers `{importId}` and then sends `externalAgentConfig/import/completed` with each
 * item type's successes and failures. An item no longer found is a failure, not an error.
 */
import type {
  ExternalAgentConfigDetectParams,
  ExternalAgentConfigDetectResponse,
  ExternalAgentConfigImportParams,
  ExternalAgentConfigImportResponse,
  ExternalAgentConfigImportTypeResult,
  ExternalAgentConfigMigrationItemType,
} from "../../kernel/mod.ts";
import { resolve } from "../../kernel/mod.ts";
import { chosenNames, detectExternalAgents } from "./external_agent.ts";
import type { MethodContext } from "./method_context.ts";

function home(): string | null {
  return Deno.env.get("HOME") || null;
}

/** Answers `externalAgentConfig/detect`. */
export async function externalAgentConfigDetect(
  params: ExternalAgentConfigDetectParams,
  ctx: MethodContext,
): Promise<ExternalAgentConfigDetectResponse> {
  const found = await detectExternalAgents({
    home: params.includeHome ? home() : null,
    cwds: (params.cwds ?? []).map((cwd) => resolve(ctx.runtime.cwd, cwd)),
    ternHome: ctx.runtime.ternHome,
  });
  return { items: found.map((c) => c.item), connectors: [] };
}

/** Answers `externalAgentConfig/import`. */
export async function externalAgentConfigImport(
  params: ExternalAgentConfigImportParams,
  ctx: MethodContext,
): Promise<ExternalAgentConfigImportResponse> {
  const importId = crypto.randomUUID();
  const scopes = [...new Set(params.migrationItems.map((i) => i.cwd || null))];
  const cwds = scopes.filter((s): s is string => s !== null).map((cwd) => resolve(ctx.runtime.cwd, cwd));
  const found = await detectExternalAgents({
    home: scopes.includes(null) ? home() : null,
    cwds,
    ternHome: ctx.runtime.ternHome,
  });
  const results = new Map<ExternalAgentConfigMigrationItemType, ExternalAgentConfigImportTypeResult>();
  const resultFor = (itemType: ExternalAgentConfigMigrationItemType) => {
    const result = results.get(itemType) ?? { itemType, successes: [], failures: [] };
    results.set(itemType, result);
    return result;
  };
  for (const item of params.migrationItems) {
    const cwd = item.cwd ? resolve(ctx.runtime.cwd, item.cwd) : null;
    const match = found.find((c) =>
      c.item.itemType === item.itemType && c.item.cwd === cwd && c.item.description === item.description
    );
    const result = resultFor(item.itemType);
    if (!match) {
      result.failures.push({
        itemType: item.itemType,
        cwd,
        source: null,
        failureStage: "detect",
        message: `Not found any more: "${item.description}" (run externalAgentConfig/detect again)`,
        errorType: "notFound",
        subErrorType: null,
      });
      continue;
    }
    for (const outcome of await match.run(chosenNames(item))) {
      if (outcome.ok) {
        result.successes.push({
          itemType: item.itemType,
          cwd,
          source: outcome.source,
          target: outcome.target,
          title: null,
        });
      } else {
        result.failures.push({
          itemType: item.itemType,
          cwd,
          source: outcome.source,
          failureStage: outcome.stage,
          message: outcome.message,
          errorType: null,
          subErrorType: null,
        });
      }
    }
  }
  ctx.afterResponse(() =>
    ctx.connection.notify("externalAgentConfig/import/completed", { importId, itemTypeResults: [...results.values()] })
  );
  return { importId };
}
