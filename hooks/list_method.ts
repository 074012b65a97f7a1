/**
 * @module
 * The `hooks/list` request method: `{cwds?, tools?}` → `{data: [{cwd, hooks, warnings, errors}]}`,
 * Codex's envelope. Each hook is the listing `tern hooks list --json` prints (event, matcher,
 * command, source file and line, plugin, why it never runs), not Codex's `HookMetadata`. Each tool
 * hook also lists the registered tools its matcher fires for; `tools` (Tern's addition) tests the
 * matchers against other tools (`{name, kind}`) instead.
 */
import { z } from "zod";
import type { MethodHandler } from "../kernel/mod.ts";
import type { HookEngine } from "./engine.ts";
import { type HookListing, listHooks } from "./list_command.ts";

/** The params of `hooks/list`. */
export const HooksListParams = z.object({
  /** Working directories to list hooks for; every entry gets the run's hooks. @default the workspace */
  cwds: z.array(z.string()).optional(),
  /** Tools to match tool hooks against (Tern's addition). @default the registered tools */
  tools: z.array(z.object({ name: z.string(), kind: z.enum(["function", "freeform"]) })).optional(),
});
export type HooksListParams = z.infer<typeof HooksListParams>;

/** One entry of the `hooks/list` response. */
export interface HooksListEntry {
  cwd: string;
  hooks: HookListing[];
  /** Problems with the declarations (unreadable files, events Tern lacks, skipped handlers). */
  warnings: string[];
  /** Declarations that could not be loaded (also among `warnings`): the file (or `config`) and the message. */
  errors: { path: string; message: string }[];
}

/** What the handler reads. */
export interface HooksListDeps {
  engine: () => Promise<HookEngine>;
  /** The workspace, for a request without `cwds`. */
  cwd: string;
  /** Problems found while reading hooks files at setup. */
  setupWarnings: readonly string[];
  /** The tools registered now. */
  tools: () => { name: string; kind: "function" | "freeform" }[];
}

/** The method handler. Invalid params throw a `TypeError` naming the field. */
export function createHooksListHandler(deps: HooksListDeps): MethodHandler {
  return async (params) => {
    const parsed = HooksListParams.safeParse(params ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TypeError(`Cannot list hooks: "${issue.path.join(".") || "params"}" is invalid: ${issue.message}`);
    }
    const engine = await deps.engine();
    const hooks = await listHooks({ engine, tools: parsed.data.tools ?? deps.tools() });
    const warnings = [...deps.setupWarnings, ...engine.warnings()];
    const errors = (await engine.problems()).map(({ problem, message }) => ({ path: problem.sourcePath, message }));
    const cwds = parsed.data.cwds?.length ? parsed.data.cwds : [deps.cwd];
    return { data: cwds.map((cwd): HooksListEntry => ({ cwd, hooks, warnings, errors })) };
  };
}
