/**
 * @module
 * The messages between the host and a plugin running in a worker (`"isolation": "worker"`). Only
 * data crosses: a zod schema travels as JSON Schema, a function as a registration number the
 * other side calls by message, an `AbortSignal` as an `abort` message. Requests carry an `id`
 * their answer repeats; the host's ids and the worker's ids are separate counters.
 */
import type { HookOptions } from "../extensions/hook_registry.ts";
import type { LifecyclePoint } from "../extensions/lifecycle.ts";
import type { PluginSummary } from "../plugin_api.ts";
import type { HookEventName } from "../extensions/points.ts";
import type { Topic } from "../protocol/notifications.ts";
import type { FreeformTool } from "../tools.ts";

/** One problem with a config value, as zod reports it. */
export interface ConfigIssue {
  path: (string | number)[];
  message: string;
}

/** The answer to a request (either way). */
export type Answer =
  | { ok: true; value?: unknown }
  | { ok: false; error: string; issues?: ConfigIssue[] };

/** A tool as it crosses: JSON Schema (from its zod parameters) or a freeform grammar. */
export type ToolSpec =
  | { kind: "function"; name: string; description: string; inputSchema: Record<string, unknown> }
  | { kind: "freeform"; name: string; description: string; format: FreeformTool["format"] };

/** What a worker plugin registers; the host registers a stub that calls back by message. */
export type WorkerRegistration =
  | { kind: "tool"; tool: ToolSpec; threadId?: string }
  | { kind: "hook"; event: HookEventName; options: HookOptions }
  | { kind: "hooksFile"; file: string; root?: string }
  | { kind: "lifecycle"; point: LifecyclePoint }
  | { kind: "context"; name: string }
  | { kind: "bus"; topic: Topic | null }
  | { kind: "method"; method: string };

/** What the worker's `api` tells besides registration. */
export interface WorkerInit {
  name: string;
  /** The merged config (JSON). */
  config: Record<string, unknown>;
  ternHome: string;
  cwd: string;
  projectDir: string | null;
  trusted: boolean;
  plugins: PluginSummary[];
}

/** Side effects a call's context asks of the host (no answer). */
export const EFFECTS = ["emit", "startItem", "completeItem", "emitProgress", "log", "interrupt", "approve"] as const;
export type Effect = (typeof EFFECTS)[number];

/** Questions a call's context (or the plugin's API) asks the host. */
export const ASKS = ["request", "checkPermission", "ask", "configError"] as const;
export type Ask = (typeof ASKS)[number];

/** Host → worker. */
export type ToWorker =
  /** Validate the plugin's config section with its `config` schema (answer: issues, if any). */
  | { t: "config"; id: number; raw: unknown }
  | { t: "setup"; id: number; init: WorkerInit }
  /** Call registration `reg` (a tool's `execute`, a hook handler, ...). */
  | { t: "call"; id: number; reg: number; payload: CallPayload }
  | { t: "abort"; id: number }
  | { t: "answer"; id: number; answer: Answer }
  | { t: "plugins"; list: PluginSummary[]; loaded?: boolean }
  /** Run the `onClose` handlers. */
  | { t: "close"; id: number };

/** What a call carries, by registration kind. Contexts come without their functions and signal. */
export type CallPayload =
  | { args: unknown; ctx: Record<string, unknown> }
  | { input: unknown }
  | { request: Record<string, unknown> }
  | { event: unknown }
  | { params: unknown };

/** Worker → host. */
export type FromWorker =
  /** The entry loaded; `hasConfig` when its definition has a `config` schema. */
  | { t: "hello"; name: string; hasConfig: boolean }
  /** The entry loaded but cannot be used. */
  | { t: "fatal"; message: string }
  | { t: "done"; id: number; answer: Answer }
  | { t: "register"; reg: number; registration: WorkerRegistration }
  | { t: "undo"; reg: number }
  /** `call` is the host's call id whose context the effect belongs to. */
  | { t: "effect"; call: number; op: Effect; args: unknown[] }
  | { t: "ask"; id: number; call: number | null; op: Ask; args: unknown[] }
  | { t: "log" | "warn"; message: string }
  | { t: "emit"; topic: Topic; params: unknown };

/** What a handler may use while it runs: its call's effects and questions, and abort. */
export interface CallChannel {
  signal: AbortSignal;
  effect(
    op: "emit" | "startItem" | "completeItem" | "emitProgress" | "log" | "interrupt" | "approve",
    args: unknown[],
  ): void;
  ask(op: Ask, args: unknown[]): Promise<unknown>;
}
