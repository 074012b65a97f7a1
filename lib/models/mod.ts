/**
 * @module
 * What Tern knows about OpenAI's models: for each, its context window, the reasoning efforts it
 * takes (and its default), the input it accepts, and whether Codex lists it. `model/list` answers
 * from this table, and the OpenAI provider reports each model's effective context window from it
 * (`effectiveContextWindow()`, which the kernel puts in `thread/tokenUsage/updated` as
 * `modelContextWindow`). A model not in the table is
 * unknown: `knownModel()` returns `undefined`, and callers say so (no efforts, no context window)
 * rather than guess.
 *
 * Where the numbers come from:
 * - the GPT-5 family (`gpt-5*`, `gpt-5.x-codex*`): Codex's bundled model catalog,
 *   `codex-rs/core/models.json` in openai/codex (commit 21dac7d7a4d1cef78f2b399180653b3b8f03f2f7):
 *   `context_window` (272,000 tokens: the input budget Codex uses; the API's 400,000 includes
 *   128,000 of output), `supported_reasoning_levels`, `default_reasoning_level`,
 *   `input_modalities`, `visibility` ("hide" here is `hidden`), `upgrade.model` and `description`;
 * - `o3`, `o4-mini`, `codex-mini-latest`, `gpt-4.1*`, `gpt-4o*`, which that catalog no longer
 *   lists: OpenAI's model pages (platform.openai.com/docs/models): 200,000 tokens and
 *   low/medium/high effort for the o-series, 1,047,576 tokens for GPT-4.1, 128,000 for GPT-4o,
 *   neither of which reasons.
 */
import type { ReasoningEffort } from "../../kernel/mod.ts";

/** One reasoning effort a model takes, with what it means. */
export interface EffortOption {
  effort: ReasoningEffort;
  description: string;
}

/** What is known of one model. */
export interface KnownModel {
  /** The model's id, as the API takes it. */
  slug: string;
  description: string;
  /** Tokens of input the model takes in one request. */
  contextWindow: number;
  /** The efforts it takes; empty for a model that does not reason. */
  reasoningEfforts: readonly EffortOption[];
  /** The effort used when none is set; `null` for a model that does not reason. */
  defaultReasoningEffort: ReasoningEffort | null;
  inputModalities: readonly ("text" | "image")[];
  /** Codex keeps it out of its model picker (still usable by name). */
  hidden: boolean;
  /** The model Codex suggests moving to, if any. */
  upgrade: string | null;
}

// Codex's descriptions of each effort (models.json).
const LOW = { effort: "low", description: "Fast responses with lighter reasoning" } as const;
const MEDIUM = { effort: "medium", description: "Balances speed and reasoning depth for everyday tasks" } as const;
const HIGH = { effort: "high", description: "Greater reasoning depth for complex problems" } as const;
const XHIGH = { effort: "xhigh", description: "Extra high reasoning depth for complex problems" } as const;
const MINIMAL = { effort: "minimal", description: "Fastest responses with little reasoning" } as const;

const TEXT_IMAGE = ["text", "image"] as const;
const GPT5_WINDOW = 272_000;

/** A GPT-5 family model from Codex's catalog. */
function gpt5(
  slug: string,
  description: string,
  efforts: readonly EffortOption[],
  options: { hidden?: boolean; upgrade?: string } = {},
): KnownModel {
  return {
    slug,
    description,
    contextWindow: GPT5_WINDOW,
    reasoningEfforts: efforts,
    defaultReasoningEffort: "medium",
    inputModalities: TEXT_IMAGE,
    hidden: options.hidden ?? false,
    upgrade: options.upgrade ?? null,
  };
}

/** A model OpenAI documents outside Codex's catalog (Codex hides it: it is usable by name). */
function documented(
  slug: string,
  description: string,
  contextWindow: number,
  reasoning: boolean,
): KnownModel {
  return {
    slug,
    description,
    contextWindow,
    reasoningEfforts: reasoning ? [LOW, MEDIUM, HIGH] : [],
    defaultReasoningEffort: reasoning ? "medium" : null,
    inputModalities: TEXT_IMAGE,
    hidden: true,
    upgrade: null,
  };
}

const CODEX_UPGRADE = "gpt-5.2-codex";

/** The table, in Codex's order (its `priority`), then the older models. */
export const KNOWN_MODELS: readonly KnownModel[] = [
  gpt5("gpt-5.2-codex", "Frontier agentic coding model.", [LOW, MEDIUM, HIGH, XHIGH]),
  gpt5("gpt-5.1-codex-max", "Codex-optimized flagship for deep and fast reasoning.", [LOW, MEDIUM, HIGH, XHIGH], {
    upgrade: CODEX_UPGRADE,
  }),
  gpt5("gpt-5.1-codex", "Optimized for codex.", [LOW, MEDIUM, HIGH], { hidden: true, upgrade: CODEX_UPGRADE }),
  gpt5("gpt-5.2", "Latest frontier model with improvements across knowledge, reasoning and coding", [
    LOW,
    MEDIUM,
    HIGH,
    XHIGH,
  ], { upgrade: CODEX_UPGRADE }),
  gpt5("gpt-5.1", "Broad world knowledge with strong general reasoning.", [LOW, MEDIUM, HIGH], {
    hidden: true,
    upgrade: CODEX_UPGRADE,
  }),
  gpt5("gpt-5-codex", "Optimized for codex.", [LOW, MEDIUM, HIGH], { hidden: true, upgrade: CODEX_UPGRADE }),
  gpt5("gpt-5", "Broad world knowledge with strong general reasoning.", [MINIMAL, LOW, MEDIUM, HIGH], {
    hidden: true,
    upgrade: CODEX_UPGRADE,
  }),
  gpt5("gpt-5.1-codex-mini", "Optimized for codex. Cheaper, faster, but less capable.", [MEDIUM, HIGH], {
    upgrade: CODEX_UPGRADE,
  }),
  gpt5("gpt-5-codex-mini", "Optimized for codex. Cheaper, faster, but less capable.", [MEDIUM, HIGH], {
    hidden: true,
    upgrade: CODEX_UPGRADE,
  }),
  documented("o3", "OpenAI's o3 reasoning model.", 200_000, true),
  documented("o4-mini", "OpenAI's o4-mini reasoning model: fast and cheaper.", 200_000, true),
  documented("codex-mini-latest", "A version of o4-mini tuned for Codex CLI.", 200_000, true),
  documented("gpt-4.1", "GPT-4.1: a long context, no reasoning.", 1_047_576, false),
  documented("gpt-4.1-mini", "GPT-4.1 mini: a long context, no reasoning; cheaper.", 1_047_576, false),
  documented("gpt-4.1-nano", "GPT-4.1 nano: a long context, no reasoning; the fastest.", 1_047_576, false),
  documented("gpt-4o", "GPT-4o: no reasoning.", 128_000, false),
  documented("gpt-4o-mini", "GPT-4o mini: no reasoning; cheaper.", 128_000, false),
];

const BY_SLUG = new Map(KNOWN_MODELS.map((model) => [model.slug, model]));

/**
 * What is known of `model`, or `undefined` when it is not in the table. A dated snapshot
 * (`gpt-4.1-2025-04-14`) is its model's.
 */
export function knownModel(model: string): KnownModel | undefined {
  return BY_SLUG.get(model) ?? BY_SLUG.get(model.replace(/-\d{4}-\d{2}-\d{2}$/, ""));
}

/**
 * The share of a model's context window Codex lets a conversation fill, in percent: Codex 0.169
 * reports `context_window * 95 / 100` as `modelContextWindow` (258,400 for a 272,000-token model;
 * its catalog's `effective_context_window_percent`, 95 unless a model sets it), keeping the rest
 * for the system prompt, tools and the answer.
 */
export const EFFECTIVE_CONTEXT_WINDOW_PERCENT = 95;

/**
 * The context window Codex reports for `model` (`modelContextWindow`): 95% of its window, rounded
 * down; `null` for a model not in the table.
 */
export function effectiveContextWindow(model: string): number | null {
  const known = knownModel(model);
  return known ? Math.floor(known.contextWindow * EFFECTIVE_CONTEXT_WINDOW_PERCENT / 100) : null;
}
