/**
 * @module
 * What a turn is given and what it gives back: the types `runTurn` (`turn.ts`) and its helpers
 * (`_sampling.ts`, `compaction/compact.ts`, `_user_shell.ts`) share. Kept apart from `turn.ts` so the
 * helpers need not import the loop that imports them.
 */
import type { ContextContributor } from "./context.ts";
import type { ModelProvider } from "./provider.ts";
import type { UserInput } from "./protocol/items.ts";
import type { ModelUsage, ResponseItem } from "./protocol/model.ts";
import type { NotificationMap, Topic } from "./protocol/notifications.ts";
import type { AskForApproval, SandboxMode } from "./protocol/thread.ts";
import type { Turn } from "./protocol/turn.ts";
import type { DynamicToolSpec } from "./protocol/methods.ts";
import type { ToolContext, ToolResult } from "./tools.ts";
import type { ToolRegistry } from "./tool_registry.ts";
import type { EventBus } from "./bus.ts";
import type { SandboxPolicy, SessionApprovals } from "./requests/approvals.ts";
import type { Lifecycle } from "./extensions/lifecycle.ts";

/**
 * What a turn does: answer input (`regular`), compact the history (`compact`: no input, no
 * sampling), or run the user's shell command (`userShell`, `thread/shellCommand`) and record it
 * for the model.
 */
export type TurnKind = "regular" | "compact" | "userShell";

/** Settings in force for one turn. */
export interface TurnSettings {
  cwd: string;
  model: string;
  approvalPolicy: AskForApproval;
  sandboxMode: SandboxMode;
  /** The sandbox policy derived from `sandboxMode` for this turn. */
  sandbox: SandboxPolicy;
  instructions: string;
  developerInstructions?: string;
  effort?: string;
  summary?: string;
  outputSchema?: Record<string, unknown>;
}

/** Everything `runTurn` needs. */
export interface TurnInputs {
  threadId: string;
  turnId: string;
  input: UserInput[];
  /** The thread's model history; the turn appends to it through `sink.pushHistory`. */
  history: readonly ResponseItem[];
  settings: TurnSettings;
  provider: ModelProvider;
  tools: ToolRegistry;
  contributors: readonly ContextContributor[];
  lifecycle: Lifecycle;
  /** Set on a session's first turn: runs the SessionStart point with this source. */
  sessionStart?: "startup" | "resume" | "clear" | "compact";
  /** The client's dynamic tools (from `session_meta`), for the SessionStart point. */
  dynamicTools?: DynamicToolSpec[];
  /** How many times Stop handlers may continue the turn. */
  maxContinuations: number;
  /** The rollout path, for lifecycle handlers (hooks get it as `transcript_path`). */
  transcriptPath: string | null;
  /** Sends server requests (bound to the bus). */
  request: EventBus["request"];
  sink: TurnSink;
  signal: AbortSignal;
  /** Aborts the turn (wired to the same controller as `signal`). */
  interrupt: () => void;
  /** The thread's session approvals. */
  approvals: SessionApprovals;
  /** Input steered into the running turn since the last call (`turn/steer`). */
  takeSteered?: () => UserInput[][];
  /** Makes ids for items the model did not name. */
  newId?: () => string;
  /** @default "regular" */
  kind?: TurnKind;
  /** The user's shell command, for a `userShell` turn. */
  userShell?: UserShellTask;
  /** Compact mid-turn once a response's usage reaches this many tokens (`modelAutoCompactTokenLimit`). */
  autoCompactTokenLimit?: number;
  /** The instruction that asks for a compaction's summary (`compactPrompt`). @default COMPACT_PROMPT */
  compactPrompt?: string;
  /**
   * The usage of the thread's last model response before this turn. When it reached
   * `autoCompactTokenLimit`, the turn compacts before its first request, so a long conversation
   * without tool calls compacts too.
   */
  previousUsage?: ModelUsage;
}

/**
 * A user's shell command (`thread/shellCommand`, the TUI's `!cmd`): its text, and how to run it,
 * which the plugin that runs commands provides (the kernel knows no shell). `run` reports the
 * command as an item through the context and returns what the model reads of it.
 */
export interface UserShellTask {
  command: string;
  run(ctx: ToolContext): Promise<ToolResult>;
}

/** Where a turn's effects go: notifications, and history to keep. */
export interface TurnSink {
  emit<T extends Topic>(topic: T, params: NotificationMap[T]): void;
  pushHistory(item: ResponseItem): void;
  /** Replaces the whole history after a compaction (`summary` is what the model wrote). */
  replaceHistory(items: ResponseItem[], summary: string): void;
  warn(message: string): void;
  /** Diagnostics (tools' `ctx.log`), shown under `--debug`. */
  debug?(message: string): void;
}

/** How the turn ended, with usage summed over its sampling requests. */
export interface TurnOutcome {
  turn: Turn;
  usage: ModelUsage;
  /**
   * The usage of the turn's last model response, which measures the history as it now stands;
   * undefined when the turn made no request, or compacted after its last one.
   */
  lastUsage?: ModelUsage;
}
