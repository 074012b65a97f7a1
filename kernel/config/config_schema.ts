/**
 * @module
 * The kernel's own config keys, as a zod schema. Plugins add their sections with
 * `api.config.section(name, schema)`; every other top-level key is left to them. Keys are
 * camelCase; `-c` overrides also accept Codex's snake_case spelling (`approval_policy`).
 */
import { z } from "zod";
import { AskForApproval, ReasoningEffort, SandboxMode } from "../protocol/thread.ts";

/** A model provider entry (`modelProviders.<id>`). */
export const ModelProviderConfig = z.object({
  name: z.string().optional(),
  /** Base URL of the API, e.g. `https://api.openai.com/v1`. */
  baseUrl: z.string().optional(),
  /** Environment variable holding the API key. */
  envKey: z.string().optional(),
  /** `responses` (OpenAI Responses API) or `chat` (Chat Completions, for Ollama, vLLM, LM Studio). @default "responses", "chat" for the built-in ollama and lmstudio */
  wireApi: z.enum(["responses", "chat"]).optional(),
  /** Which provider plugin serves this entry. @default the entry's id, else "openai" */
  type: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  queryParams: z.record(z.string(), z.string()).optional(),
  requestMaxRetries: z.number().int().min(0).max(100).optional(),
  streamMaxRetries: z.number().int().min(0).max(100).optional(),
  streamIdleTimeoutMs: z.number().int().positive().optional(),
}).strict(); // A misspelt key (`baseURL`) is an error, not a silently ignored setting.
export type ModelProviderConfig = z.infer<typeof ModelProviderConfig>;

/** Settings a profile may override. */
const ProfileKeys = {
  model: z.string().optional(),
  modelProvider: z.string().optional(),
  approvalPolicy: AskForApproval.optional(),
  sandboxMode: SandboxMode.optional(),
  modelReasoningEffort: ReasoningEffort.optional(),
  modelReasoningSummary: z.enum(["auto", "concise", "detailed", "none"]).optional(),
};

export const Profile = z.object(ProfileKeys).strict();

/** The kernel's config. Unknown top-level keys pass through for plugin sections. */
export const KernelConfig = z.object({
  ...ProfileKeys,
  model: z.string().default("gpt-5.1-codex"),
  modelProvider: z.string().default("openai"),
  approvalPolicy: AskForApproval.default("on-request"),
  sandboxMode: SandboxMode.default("workspace-write"),
  modelProviders: z.record(z.string(), ModelProviderConfig).default({}),
  /** `workspace-write` settings (Codex's `sandbox_workspace_write`). */
  sandboxWorkspaceWrite: z.object({
    /** More directories commands may write, besides the workspace and the temp directory. */
    writableRoots: z.array(z.string()).default([]),
    /** Let sandboxed commands reach the network. */
    networkAccess: z.boolean().default(false),
  }).strict().default({ writableRoots: [], networkAccess: false }),
  /** Shortcut for `modelProviders.openai.baseUrl` (Codex's `openai_base_url`). */
  openaiBaseUrl: z.string().optional(),
  /** Replaces the built-in base instructions. */
  instructions: z.string().optional(),
  /** Added as a developer message at the start of every prompt. */
  developerInstructions: z.string().optional(),
  /** Plugins to load, in order: `builtin:NAME`, a path, or `npm:SPEC`. */
  plugins: z.array(z.string()).optional(),
  /** Plugins to add after the list above (handy in project config). */
  extraPlugins: z.array(z.string()).default([]),
  profile: z.string().optional(),
  profiles: z.record(z.string(), Profile).default({}),
  /** Trust decisions, by absolute project directory. */
  projects: z.record(z.string(), z.object({ trustLevel: z.enum(["trusted", "untrusted"]) })).default({}),
  /**
   * Compact the history mid-turn once a model response used this many tokens and the turn goes on
   * (Codex's `model_auto_compact_token_limit`; see `docs/compaction.md`). Unset: never automatically.
   */
  modelAutoCompactTokenLimit: z.number().int().positive().optional(),
  /**
   * The instruction that asks the model for a compaction's summary, in place of Tern's own
   * (Codex's `compact_prompt`; see `docs/compaction.md`).
   */
  compactPrompt: z.string().trim().min(1).optional(),
  /** How many times Stop hooks may continue one turn. @default 8 */
  maxHookContinuations: z.number().int().min(0).default(8),
  /** Seconds a plugin's setup may take. @default 10 */
  pluginSetupTimeoutSec: z.number().positive().default(10),
}).loose();
export type KernelConfig = z.infer<typeof KernelConfig>;
