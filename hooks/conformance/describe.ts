/**
 * @module
 * Says in plain words what a hook's output did in one probe scenario: what the model read, whether
 * the tool ran and with what input, whether the user was asked, whether the turn continued or
 * ended, and the warnings and context from the run summaries. Reads only the `Observation`, so
 * it describes what happened rather than what the hook meant.
 */
import type { HookRunSummary } from "../../kernel/mod.ts";
import { show } from "./checks.ts";
import { type FiringEvent, outputLine, type ProfileOptions, receivedLine } from "./events.ts";
import type { Observation } from "./scenario.ts";

/** What the runs of one event did, one sentence per effect. */
export function describeEffects(event: FiringEvent, o: Observation, options: ProfileOptions): string[] {
  const lines: string[] = [];
  o.runs.forEach(({ run }, index) => {
    const which = o.runs.length > 1 ? `run ${index + 1}: ` : "";
    lines.push(...summaryEffects(run).map((text) => which + text));
  });
  lines.push(...eventEffects(event, o, options));
  return lines.length ? lines : ["no effect"];
}

/** Effects every event shares, from a run summary. */
function summaryEffects(run: HookRunSummary): string[] {
  const lines: string[] = [];
  for (const entry of run.entries) {
    if (entry.kind === "warning") lines.push(`showed the user a warning: ${show(entry.text)}`);
    if (entry.kind === "context") lines.push(`added context for the model: ${show(entry.text)}`);
    if (entry.kind === "error") lines.push(`failed (${entry.text}); Tern carried on as if the hook had not run`);
  }
  if (run.status === "stopped") lines.push("asked to stop (continue: false)");
  return lines;
}

function eventEffects(event: FiringEvent, o: Observation, options: ProfileOptions): string[] {
  const status = o.runs[0]?.run.status;
  switch (event) {
    case "SessionStart":
      return status === "stopped" ? ["ended the first turn before the model was asked"] : [];
    case "UserPromptSubmit":
      if (status === "blocked") return ["blocked the prompt: it stayed out of history and the model was not asked"];
      return status === "stopped" ? ["recorded the prompt, then ended the turn"] : [];
    case "PreToolUse":
      return preToolUse(o, options);
    case "PermissionRequest":
      return permissionRequest(o);
    case "PostToolUse":
      return postToolUse(o, options);
    case "PreCompact":
      if (status === "stopped") return ["cancelled the compaction: the model went on with the whole history"];
      return o.items.some((i) => i.type === "contextCompaction") ? ["let the compaction run"] : [];
    case "PostCompact":
      return status === "stopped" ? ["ended the turn right after the compaction"] : [];
    case "Stop":
      return stop(o);
    case "SessionEnd":
      return [];
  }
}

function preToolUse(o: Observation, options: ProfileOptions): string[] {
  const output = outputLine(o) ?? "";
  const read = output.replace(/^output\([^)]*\): /, "");
  if (read.startsWith("Command blocked by") || read.startsWith("Tool call blocked by")) {
    const lines = [`denied the call; the model read: ${show(read)}`];
    if (o.history.at(-1) === output) lines.push("ended the turn after this round of tool calls");
    return lines;
  }
  const lines: string[] = [];
  if (o.asked.length) lines.push(`sent the call to the approval flow (reason: ${show(o.asked[0].reason)})`);
  if (!output.startsWith(receivedLine(options))) lines.push(`rewrote the call; the tool answered: ${show(read)}`);
  return lines.length ? lines : ["let the call run unchanged"];
}

function permissionRequest(o: Observation): string[] {
  const read = (outputLine(o) ?? "").replace(/^output\([^)]*\): /, "");
  if (o.asked.length) return ["made no decision: the user was asked as usual"];
  if (read.includes("(approval accept")) return [`approved the call without asking the user: ${show(read)}`];
  return [`declined the call without asking the user: ${show(read)}`];
}

function postToolUse(o: Observation, options: ProfileOptions): string[] {
  const output = outputLine(o);
  const lines: string[] = [];
  if (output !== receivedLine(options)) {
    lines.push(`the model read ${show(output?.replace(/^output\([^)]*\): /, ""))} instead of the tool's output`);
  }
  if (output !== undefined && o.history.at(-1) === output) lines.push("ended the turn after this round of tool calls");
  return lines.length ? lines : ["left the tool's output as it was"];
}

function stop(o: Observation): string[] {
  const prompts = o.items.filter((item) => item.type === "hookPrompt");
  const lines = o.runs.map(({ run }, i) => {
    const which = o.runs.length > 1 ? `run ${i + 1}: ` : "";
    const prompt = prompts[i];
    if (run.status === "blocked" && prompt?.type === "hookPrompt") {
      return `${which}continued the turn; the model read ${show(prompt.fragments[0]?.text)} as a <hook_prompt>`;
    }
    if (run.status === "blocked") return `${which}blocked, but the continuation cap ended the turn`;
    if (run.status === "stopped") return `${which}ended the turn`;
    if (run.status === "failed") return `${which}failed, so the turn ended as if the hook had not run`;
    return `${which}let the turn end`;
  });
  if (o.warnings.some((w) => w.includes("maxHookContinuations"))) {
    lines.push(
      "note: the hook kept blocking with stop_hook_active: true, so Tern's cap (maxHookContinuations) ended the turn; check stop_hook_active to stop sooner",
    );
  }
  return lines;
}
