/**
 * @module
 * One turn, as a function of its inputs (`runTurn`). It runs the lifecycle points (SessionStart
 * on a session's first turn, UserPromptSubmit before the prompt enters history), records the
 * user's input, assembles the prompt (context contributions, then history), streams the model
 * (see `_sampling.ts`: items are emitted as they stream and tool calls start as soon as the model
 * has written them, so several run in parallel), feeds the outputs back in the model's order, and
 * samples again until the model answers without tool calls. Then the Stop point may continue the
 * turn with a `<hook_prompt>`, at most `maxContinuations` times. No globals and no I/O: the
 * provider, the tools, the lifecycle, the sinks and the `AbortSignal` are passed in.
 *
 * Compaction (`compaction/compact.ts`): a turn of kind `compact` only compacts the history (`thread/compact/start`);
 * a regular turn compacts on its own when a response's usage reaches `autoCompactTokenLimit` and
 * the turn goes on, then continues with the compacted history. Either way the turn shows a
 * `contextCompaction` item.
 *
 * Interrupt: aborting `signal` cancels the model stream, running tools and pending server
 * requests; the turn ends `interrupted`, and every tool call already in history gets an output
 * so the next turn's history stays valid.
 */
import type { ModelRequest } from "./provider.ts";
import type { ThreadItem, UserInput } from "./protocol/items.ts";
import type { ModelUsage, ResponseItem } from "./protocol/model.ts";
import type { Turn, TurnError } from "./protocol/turn.ts";
import { emitRetrying, lifecycleBase, outputItem, sample, toTurnError } from "./_sampling.ts";
import { runUserShell } from "./_user_shell.ts";
import { AutoCompactGate, type CompactContext, compactHistory } from "./compaction/compact.ts";
import { addUsage, breakdown, emptyUsage } from "./history/usage.ts";
import { hookPromptMessage, textMessage, userMessageToHistory } from "./history/messages.ts";

export type { TurnInputs, TurnKind, TurnOutcome, TurnSettings, TurnSink, UserShellTask } from "./turn_inputs.ts";
import type { TurnInputs, TurnOutcome, TurnSink } from "./turn_inputs.ts";

/** Runs one turn to its end; never throws for model, tool or handler failures. */
export async function runTurn(inputs: TurnInputs): Promise<TurnOutcome> {
  const { threadId, turnId, sink, signal, lifecycle } = inputs;
  const newId = inputs.newId ?? (() => crypto.randomUUID());
  const startedAt = Date.now();
  const items: ThreadItem[] = [];
  const usage = emptyUsage();
  let lastUsage: ModelUsage | undefined = inputs.previousUsage;
  const turn = (status: Turn["status"], error: TurnError | null = null): Turn => ({
    id: turnId,
    items: [],
    itemsView: "full",
    status,
    error,
    startedAt: Math.floor(startedAt / 1000),
    completedAt: status === "inProgress" ? null : Math.floor(Date.now() / 1000),
    durationMs: status === "inProgress" ? null : Date.now() - startedAt,
  });
  const itemStarts = new Map<string, number>();
  const itemEvents = {
    start: (item: ThreadItem) => {
      const startedAtMs = Date.now();
      itemStarts.set(item.id, startedAtMs);
      sink.emit("item/started", { item: { ...item, startedAtMs, completedAtMs: null }, threadId, turnId, startedAtMs });
    },
    complete: (item: ThreadItem) => {
      const completedAtMs = Date.now();
      const timed = { ...item, startedAtMs: itemStarts.get(item.id) ?? completedAtMs, completedAtMs };
      itemStarts.delete(item.id);
      items.push(timed);
      sink.emit("item/completed", { item: timed, threadId, turnId, completedAtMs });
    },
  };
  const finish = (status: Turn["status"], error: TurnError | null = null): TurnOutcome => {
    const done = { ...turn(status, error), items };
    // As Codex sends it: the turn's final agent message only, marked as a summary of its items.
    const final = items.findLast((item) => item.type === "agentMessage");
    sink.emit("turn/completed", { threadId, turn: { ...done, items: final ? [final] : [], itemsView: "summary" } });
    return { turn: done, usage, lastUsage };
  };
  const base = () => ({ ...lifecycleBase(inputs), turnId });
  const countUsage = (last: ModelUsage | undefined) => {
    if (!last) return;
    addUsage(usage, last);
    sink.emit("thread/tokenUsage/updated", {
      threadId,
      turnId,
      tokenUsage: {
        total: breakdown(usage),
        last: breakdown(last),
        modelContextWindow: inputs.provider.contextWindow?.(inputs.settings.model) ?? null,
      },
    });
  };
  const compaction: CompactContext = {
    itemEvents,
    newId,
    onUsage: countUsage,
    lifecycleBase: () => lifecycleBase(inputs),
    onRetrying: (event) => emitRetrying(inputs, event),
    toTurnError,
  };
  const warn = (message: string) => {
    sink.warn(message);
    sink.emit("warning", { threadId, message });
  };

  sink.emit("turn/started", { threadId, turn: turn("inProgress") });
  try {
    if (inputs.kind === "compact") {
      const result = await compactHistory(inputs, "manual", compaction);
      if (result.status === "compacted") lastUsage = undefined;
      if (result.status === "failed") {
        sink.emit("error", { error: result.error, willRetry: false, threadId, turnId });
        return finish("failed", result.error);
      }
      if (result.status === "empty") warn(`Nothing to compact: thread "${threadId}" has no history yet`);
      return finish(result.status === "interrupted" ? "interrupted" : "completed");
    }
    if (inputs.kind === "userShell" && inputs.userShell) {
      await runUserShell(inputs, inputs.userShell, itemEvents, newId);
      return finish(signal.aborted ? "interrupted" : "completed");
    }
    const autoCompact = new AutoCompactGate(inputs.autoCompactTokenLimit);
    /** Compacts on its own when `usage` reached the limit; the outcome when the turn must end. */
    const compactIfDue = async (usage: ModelUsage | undefined): Promise<TurnOutcome | null> => {
      if (!autoCompact.due(usage, warn)) return null;
      const result = await compactHistory(inputs, "auto", compaction);
      autoCompact.settled(result);
      if (result.status === "compacted") lastUsage = undefined; // it measured the history replaced
      if (result.status === "failed") warn(`${result.error.message}; the turn goes on with the whole history`);
      if (result.status === "interrupted") return finish("interrupted");
      if (result.status === "compacted" && result.stop !== undefined) return finish("completed");
      return null;
    };
    // Lifecycle before the prompt enters history.
    const context: string[] = [];
    if (inputs.sessionStart && lifecycle.has("sessionStart")) {
      const out = await lifecycle.run("sessionStart", {
        ...base(),
        source: inputs.sessionStart,
        dynamicTools: inputs.dynamicTools ?? [],
      });
      context.push(...(out.context ?? []));
      if (out.stop !== undefined) return finish("completed");
    }
    if (lifecycle.has("userPromptSubmit")) {
      const prompt = inputs.input.map((p) => (p.type === "text" ? p.text : "")).filter(Boolean).join("\n");
      const out = await lifecycle.run("userPromptSubmit", { ...base(), prompt, input: inputs.input });
      context.push(...(out.context ?? []));
      // A block keeps the prompt out of history, a stop records it; either way the context the
      // hooks gave is kept for later turns (as Codex does).
      if (out.block !== undefined || out.stop !== undefined) {
        if (out.block === undefined) recordUserMessage();
        for (const text of context) sink.pushHistory(textMessage("developer", text));
        return finish("completed");
      }
    }
    recordUserMessage();
    for (const text of context) sink.pushHistory(textMessage("developer", text));
    // The previous turn left the history at or over the limit: compact before the first request
    // (the new prompt is a user message, so the compacted history keeps it).
    const before = await compactIfDue(inputs.previousUsage);
    if (before) return before;

    let continuations = 0;
    while (true) {
      if (signal.aborted) return finish("interrupted");
      for (const steered of inputs.takeSteered?.() ?? []) recordUserMessage(steered);
      const sampled = await sample(inputs, await buildRequest(inputs, sink), itemEvents, newId);
      countUsage(sampled.usage);
      if (sampled.usage) lastUsage = sampled.usage;
      const results = await Promise.all(sampled.calls.map((c) => c.result));
      sampled.calls.forEach((c, i) => sink.pushHistory(outputItem(c.call, results[i].result)));
      for (const text of results.flatMap((r) => r.context)) sink.pushHistory(textMessage("developer", text));
      if (signal.aborted) return finish("interrupted");
      if (results.some((r) => r.stopTurn !== undefined)) return finish("completed");
      if (sampled.calls.length > 0) {
        const ended = await compactIfDue(sampled.usage);
        if (ended) return ended;
        continue;
      }
      const steered = inputs.takeSteered?.() ?? [];
      if (steered.length > 0) {
        for (const input of steered) recordUserMessage(input);
        continue;
      }

      // The model has answered: Stop handlers may continue the turn.
      if (!lifecycle.has("stop")) return finish("completed");
      const out = await lifecycle.run("stop", {
        ...base(),
        lastAssistantMessage: sampled.lastMessage,
        stopHookActive: continuations > 0,
      });
      if (out.stop !== undefined || !out.continueWith?.length || signal.aborted) {
        return finish(signal.aborted ? "interrupted" : "completed");
      }
      if (continuations >= inputs.maxContinuations) {
        warn(
          `Stop hooks asked to continue the turn again; stopped after ${continuations} continuations (the cap, "maxHookContinuations")`,
        );
        return finish("completed");
      }
      continuations++;
      const prompt: ThreadItem = { type: "hookPrompt", id: newId(), fragments: out.continueWith };
      itemEvents.start(prompt);
      sink.pushHistory(hookPromptMessage(out.continueWith));
      itemEvents.complete(prompt);
    }
  } catch (error) {
    if (signal.aborted) return finish("interrupted");
    const turnError = toTurnError(error);
    sink.emit("error", { error: turnError, willRetry: false, threadId, turnId });
    return finish("failed", turnError);
  }

  function recordUserMessage(input: UserInput[] = inputs.input): void {
    const userItem: ThreadItem = { type: "userMessage", id: newId(), clientId: null, content: input };
    itemEvents.start(userItem);
    sink.pushHistory(userMessageToHistory(input));
    itemEvents.complete(userItem);
  }
}

async function buildRequest(inputs: TurnInputs, sink: TurnSink): Promise<ModelRequest> {
  const { settings } = inputs;
  const prefix: ResponseItem[] = [];
  if (settings.developerInstructions) prefix.push(textMessage("developer", settings.developerInstructions));
  const request = {
    threadId: inputs.threadId,
    turnId: inputs.turnId,
    cwd: settings.cwd,
    model: settings.model,
    approvalPolicy: settings.approvalPolicy,
    sandbox: settings.sandbox,
    signal: inputs.signal,
  };
  // Contributors run at once (most read files); their fragments keep registration order.
  const contributed = await Promise.allSettled(inputs.contributors.map(async (c) => await c.contribute(request)));
  contributed.forEach((outcome, i) => {
    if (outcome.status === "fulfilled") {
      for (const f of outcome.value) prefix.push(textMessage(f.role, f.text));
    } else {
      const error = outcome.reason;
      sink.warn(`Context contributor "${inputs.contributors[i].name}" failed: ${(error as Error)?.message ?? error}`);
    }
  });
  return {
    model: settings.model,
    instructions: settings.instructions,
    input: [...prefix, ...inputs.history],
    tools: inputs.tools.specs(inputs.threadId),
    parallelToolCalls: true,
    reasoning: settings.effort || settings.summary ? { effort: settings.effort, summary: settings.summary } : undefined,
    outputSchema: settings.outputSchema,
  };
}
