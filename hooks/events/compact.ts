/**
 * @module
 * `PreCompact` and `PostCompact`: around a compaction of the thread's history (`thread/compact/start`,
 * trigger `manual`, or mid-turn at `modelAutoCompactTokenLimit`, trigger `auto`; see
 * `docs/compaction.md`). The matcher is tested against the trigger. Only the universal fields are
 * read: `continue: false` stops (PreCompact cancels the compaction, the history stays as it was;
 * PostCompact ends the turn after it). Merge: first stop wins.
 */
import type { HookInput } from "../../kernel/mod.ts";
import { type EventSpec, failed, trimmed, turnInput } from "./common.ts";
import type { EventBinding } from "./binding.ts";
import { common, compacted, compactScenario, type EventProfile } from "../conformance/profile.ts";

/** What triggered the compaction. */
export interface CompactRequest {
  trigger: "manual" | "auto";
}

/** What the hooks decided. */
export interface CompactOutcome {
  stop: string | null;
}

interface Data {
  stop?: string;
}

function compactSpec<E extends "PreCompact" | "PostCompact">(
  event: E,
): EventSpec<E, CompactRequest, Data, CompactOutcome> {
  return {
    event,
    scope: "turn",
    matcherInputs: (req) => [req.trigger],
    buildInput: (req, ctx) => ({ ...turnInput(ctx, event), trigger: req.trigger }) as HookInput<E>,
    decide(result) {
      if (result.kind === "failed") return failed(result.error, {});
      if (result.kind === "exit2") return failed("hook exited with code 2", {});
      if (result.kind !== "json" || result.output.continue !== false) {
        return { status: "completed", entries: [], data: {} };
      }
      const reason = trimmed(result.output.stopReason);
      return {
        status: "stopped",
        entries: reason ? [{ kind: "stop", text: reason }] : [],
        data: { stop: reason ?? `${event} hook stopped the compaction` },
      };
    },
    merge: (results) => ({ stop: results.find((r) => r.data.stop !== undefined)?.data.stop ?? null }),
  };
}

export const preCompact = compactSpec("PreCompact");
export const postCompact = compactSpec("PostCompact");

/** At `preCompact`: the trigger; a stop cancels the compaction. */
export const preCompactBinding: EventBinding<"PreCompact", CompactRequest, CompactOutcome> = {
  conformance: compactProfile("PreCompact"),
  spec: preCompact,
  request: (input) => ({ trigger: input.trigger }),
  outcome: (outcome) => ({ stop: outcome.stop ?? undefined }),
  sample: () => ({ trigger: "manual" }),
};

/** At `postCompact`: the trigger; a stop ends the turn. */
export const postCompactBinding: EventBinding<"PostCompact", CompactRequest, CompactOutcome> = {
  ...preCompactBinding,
  spec: postCompact,
  conformance: compactProfile("PostCompact"),
};

/** The compact events' conformance profile: an automatic compaction in a tool turn. */
function compactProfile(event: "PreCompact" | "PostCompact"): EventProfile {
  return {
    event,
    matcher: "auto",
    scenario: compactScenario,
    expectedInput: (o) => ({ ...common(o, event, true), trigger: "auto" }),
    unaffected: compacted,
  };
}
