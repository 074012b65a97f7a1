/**
 * @module
 * Runs one conformance scenario: a real `Runtime` (through `bootHooks`) with the scripted model,
 * the simulated tools (`_tools/`), the in-process hooks the kit filed (`_in_process/`) and the
 * hooks plugin, then one turn, then shutdown (so SessionEnd fires). A simulated user accepts every
 * approval request and remembers it. The result is an `Observation`: everything a hook's effect
 * can show up in (history, items, run summaries, warnings, approvals asked).
 */
import { fromFileUrl, join } from "@std/path";
import { bootHooks, historyLines, ofTopic } from "../_testing.ts";
import { camelEventName } from "../events/common.ts";
import { provideInProcessHooks } from "./registry.ts";
import type { AskedApproval, Observation, ScenarioSpec } from "./profile.ts";
export type { AskedApproval, Observation, ObservedRun, ScenarioSpec } from "./profile.ts";

const TOOLS_PLUGIN = fromFileUrl(new URL("./_tools", import.meta.url));
const IN_PROCESS_PLUGIN = fromFileUrl(new URL("./_in_process", import.meta.url));

/** The model every scenario runs (hooks receive it as `model`). */
export const SCENARIO_MODEL = "scripted-model";

/** Runs `spec` in `root` (a fresh folder) and observes it. */
export async function runScenario(root: string, spec: ScenarioSpec): Promise<Observation> {
  const forget = provideInProcessHooks(join(root, "home"), spec.inProcess ?? []);
  try {
    const booted = await bootHooks(root, {
      testTools: false,
      plugins: [TOOLS_PLUGIN, IN_PROCESS_PLUGIN],
      hooks: spec.hooks,
      responses: spec.responses,
      overrides: spec.overrides,
      cwd: spec.cwd,
    });
    let closed = false;
    const bootWarnings = [...booted.warnings];
    try {
      const asked: AskedApproval[] = [];
      booted.runtime.bus.attachResponder((request) => {
        if (!request.method.endsWith("/requestApproval")) return null;
        const params = request.params as { command?: string | null; reason?: string | null };
        asked.push({ method: request.method, command: params.command ?? null, reason: params.reason ?? null });
        return Promise.resolve({ decision: "accept" });
      });
      const { thread } = await booted.turn(spec.prompt);
      await booted.close();
      closed = true;
      const turn = thread.turns.at(-1)!;
      const eventName = camelEventName(spec.event);
      return {
        threadId: thread.id,
        turnId: turn.id,
        transcriptPath: thread.path,
        cwd: thread.settings.cwd,
        model: thread.settings.model,
        permissionMode: thread.settings.approvalPolicy === "never" ? "bypassPermissions" : "default",
        turnStatus: turn.status,
        history: historyLines(thread),
        items: turn.items,
        storedRuns: turn.hookRuns ?? [],
        runs: ofTopic(booted.events, "hook/completed")
          .filter((e) => e.run.eventName === eventName)
          .map((e) => ({ turnId: e.turnId, run: e.run })),
        warnings: ofTopic(booted.events, "warning").map((w) => w.message),
        asked,
        bootWarnings,
      };
    } finally {
      if (!closed) await booted.close();
    }
  } finally {
    forget();
  }
}
