/**
 * @module
 * Thread settings from the wire and back. `threadOverrides()` reads `thread/start` and
 * `thread/resume` params, including their `config` map of dotted keys (the keys that name a
 * thread setting apply, in Codex's snake_case or Tern's camelCase; the others are returned as
 * ignored); explicit params win over `config`. `turnOverrides()` reads `turn/start` params.
 * `threadResponse()` builds the answer shared by `thread/start` and `thread/resume`.
 */
import { z } from "zod";
import {
  AskForApproval,
  isAbsolute,
  type KernelConfig,
  nameString,
  pathString,
  ReasoningEffort,
  ReasoningSummary,
  resolve,
  SandboxMode,
  textString,
  type Thread,
  type ThreadReadResponse,
  type ThreadSettings,
  type ThreadStartParams,
  type ThreadStartResponse,
  type TurnStartParams,
  type WireSandboxPolicy,
} from "../../kernel/mod.ts";
import { RpcCodes, RpcError } from "./rpc_error.ts";

/** `config` keys (snake_case) that set a thread setting, with the schema of their value. */
const CONFIG_SETTINGS: Record<string, { setting: keyof ThreadSettings; schema: z.ZodType }> = {
  model: { setting: "model", schema: nameString() },
  model_provider: { setting: "modelProvider", schema: nameString() },
  approval_policy: { setting: "approvalPolicy", schema: AskForApproval },
  sandbox_mode: { setting: "sandboxMode", schema: SandboxMode },
  model_reasoning_effort: { setting: "effort", schema: ReasoningEffort },
  model_reasoning_summary: { setting: "summary", schema: ReasoningSummary },
  instructions: { setting: "instructions", schema: textString() },
  base_instructions: { setting: "instructions", schema: textString() },
  developer_instructions: { setting: "developerInstructions", schema: textString() },
  cwd: { setting: "cwd", schema: pathString() },
};

/** The settings part of `thread/start` and `thread/resume` params. */
export type ThreadOverrideParams = Pick<
  ThreadStartParams,
  | "model"
  | "modelProvider"
  | "cwd"
  | "approvalPolicy"
  | "sandbox"
  | "config"
  | "baseInstructions"
  | "developerInstructions"
>;

/** Overrides read from the params, and the `config` keys that set nothing. */
export interface ReadOverrides {
  overrides: Partial<ThreadSettings>;
  ignoredConfigKeys: string[];
}

/**
 * Reads the thread settings a client asked for; `cwd` resolves against `baseCwd` (and is not
 * checked here: see `checkCwd()`). Throws `-32602` naming `method` and the `config` key.
 */
export function threadOverrides(
  params: ThreadOverrideParams,
  baseCwd: string,
  method = "thread/start",
): ReadOverrides {
  const overrides: Partial<ThreadSettings> = {};
  const ignoredConfigKeys: string[] = [];
  for (const [key, value] of Object.entries(params.config ?? {})) {
    const entry = CONFIG_SETTINGS[toSnake(key)];
    if (!entry) {
      ignoredConfigKeys.push(key);
      continue;
    }
    const parsed = entry.schema.safeParse(value);
    if (!parsed.success) {
      throw new RpcError(
        RpcCodes.INVALID_PARAMS,
        `Invalid params for "${method}" at "config.${key}": ${parsed.error.issues[0].message}`,
      );
    }
    Object.assign(overrides, { [entry.setting]: parsed.data });
  }
  const explicit: Partial<ThreadSettings> = {
    model: params.model ?? undefined,
    modelProvider: params.modelProvider ?? undefined,
    cwd: params.cwd ?? undefined,
    approvalPolicy: params.approvalPolicy ?? undefined,
    sandboxMode: params.sandbox ?? undefined,
    instructions: params.baseInstructions ?? undefined,
    developerInstructions: params.developerInstructions ?? undefined,
  };
  for (const [key, value] of Object.entries(explicit)) {
    if (value !== undefined) Object.assign(overrides, { [key]: value });
  }
  if (overrides.cwd !== undefined) overrides.cwd = absolute(overrides.cwd, baseCwd);
  return { overrides, ignoredConfigKeys };
}

/** Reads the overrides of `turn/start` (they stick for later turns); `cwd` resolves against `baseCwd`. */
export function turnOverrides(params: TurnStartParams, baseCwd: string): Partial<ThreadSettings> {
  const overrides: Partial<ThreadSettings> = {};
  if (params.cwd) overrides.cwd = absolute(params.cwd, baseCwd);
  if (params.approvalPolicy) overrides.approvalPolicy = params.approvalPolicy;
  if (params.sandboxPolicy) overrides.sandboxMode = sandboxModeOf(params.sandboxPolicy);
  if (params.model) overrides.model = params.model;
  if (params.effort) overrides.effort = params.effort;
  if (params.summary) overrides.summary = params.summary;
  return overrides;
}

/**
 * Refuses a `cwd` that is not an existing directory (`-32602` naming `method` and `field`), so a
 * thread never runs, nor is stored, in a directory that is not there.
 */
export function checkCwd(path: string, method: string, field: string): void {
  let problem: string | null = null;
  try {
    if (!Deno.statSync(path).isDirectory) problem = "is not a directory";
  } catch (error) {
    problem = error instanceof Deno.errors.NotFound ? "does not exist" : `cannot be read (${(error as Error).message})`;
  }
  if (problem) {
    throw new RpcError(RpcCodes.INVALID_PARAMS, `Invalid params for "${method}" at "${field}": "${path}" ${problem}`);
  }
}

/** The sandbox mode a wire policy asks for (an external sandbox means Tern adds none). */
export function sandboxModeOf(policy: WireSandboxPolicy): SandboxMode {
  switch (policy.type) {
    case "dangerFullAccess":
    case "externalSandbox":
      return "danger-full-access";
    case "readOnly":
      return "read-only";
    case "workspaceWrite":
      return "workspace-write";
  }
}

/** The wire policy of a sandbox mode, with the config's `sandboxWorkspaceWrite` settings. */
export function wireSandboxPolicy(mode: SandboxMode, config: KernelConfig): WireSandboxPolicy {
  switch (mode) {
    case "danger-full-access":
      return { type: "dangerFullAccess" };
    case "read-only":
      return { type: "readOnly", networkAccess: false };
    case "workspace-write":
      return {
        type: "workspaceWrite",
        writableRoots: config.sandboxWorkspaceWrite.writableRoots,
        networkAccess: config.sandboxWorkspaceWrite.networkAccess,
        excludeTmpdirEnvVar: false,
        excludeSlashTmp: false,
      };
  }
}

/** The answer of `thread/start` and `thread/resume`. */
export function threadResponse(
  thread: Thread,
  wire: ThreadReadResponse["thread"],
  config: KernelConfig,
): ThreadStartResponse {
  const s = thread.settings;
  const effort = ReasoningEffort.safeParse(s.effort);
  return {
    thread: wire,
    model: s.model,
    modelProvider: s.modelProvider,
    serviceTier: null,
    cwd: s.cwd,
    instructionSources: [],
    approvalPolicy: s.approvalPolicy,
    approvalsReviewer: "user",
    sandbox: wireSandboxPolicy(s.sandboxMode, config),
    reasoningEffort: effort.success ? effort.data : null,
  };
}

function absolute(path: string, base: string): string {
  return isAbsolute(path) ? path : resolve(base, path);
}

function toSnake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
