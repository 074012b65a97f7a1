/**
 * @module
 * Connects the engine to the kernel: the lifecycle points (`sessionStart`, `userPromptSubmit`,
 * `stop`, `permissionRequest`, `preCompact`, `postCompact`, `sessionEnd`) and the tool interceptors (`beforeCall` for
 * PreToolUse, `afterCall` for PostToolUse), which every tool call passes, MCP and dynamic tools
 * included. It translates kernel inputs into event requests and outcomes back into kernel
 * outcomes, and remembers per thread what tool calls are not told (model, transcript path) and
 * how many times Stop hooks continued the current turn.
 */
import type { LifecycleBase, NotificationMap, PluginApi, ToolContext, ToolOutputPart, Topic } from "../kernel/mod.ts";
import type { HookEngine } from "./engine.ts";
import type { EventContext } from "./events/common.ts";
import { postCompact, preCompact } from "./events/compact.ts";
import { permissionRequest } from "./events/permission_request.ts";
import { postToolUse } from "./events/post_tool_use.ts";
import { preToolUse } from "./events/pre_tool_use.ts";
import { sessionEnd } from "./events/session_end.ts";
import { sessionStart } from "./events/session_start.ts";
import { stop } from "./events/stop.ts";
import { userPromptSubmit } from "./events/user_prompt_submit.ts";
import { applyUpdatedInput, blockedMessage, hookToolFor, hookToolInput } from "./tool_names.ts";

/** Options for `connectHooks()`. */
export interface ConnectOptions {
  /** The kernel's cap on Stop continuations (`maxHookContinuations`). */
  maxContinuations: number;
}

/** Registers the engine at every kernel hook point. */
export function connectHooks(api: PluginApi, engine: HookEngine, options: ConnectOptions): void {
  const threads = new Map<string, { model: string; transcriptPath: string | null }>();
  const continued = new Map<string, { turnId: string; count: number }>();
  const fromLifecycle = (input: LifecycleBase, turnId: string | null): EventContext => {
    threads.set(input.threadId, { model: input.model, transcriptPath: input.transcriptPath });
    const { threadId, cwd, model, transcriptPath, approvalPolicy, signal, emit } = input;
    return { threadId, turnId, cwd, model, transcriptPath, approvalPolicy, signal, emit };
  };
  const fromTool = (ctx: ToolContext): EventContext => ({
    threadId: ctx.threadId,
    turnId: ctx.turnId,
    cwd: ctx.cwd,
    model: threads.get(ctx.threadId)?.model ?? "",
    transcriptPath: threads.get(ctx.threadId)?.transcriptPath ?? null,
    approvalPolicy: ctx.approvalPolicy,
    signal: ctx.signal,
    emit: <T extends Topic>(topic: T, params: NotificationMap[T]) => ctx.emit(topic, params),
  });

  api.lifecycle.on("sessionStart", async (input) => {
    const { outcome } = await engine.run(sessionStart, { source: input.source }, fromLifecycle(input, input.turnId));
    return { context: nonEmpty(outcome.context), stop: outcome.stop ?? undefined };
  });

  api.lifecycle.on("userPromptSubmit", async (input) => {
    const { outcome } = await engine.run(
      userPromptSubmit,
      { prompt: input.prompt },
      fromLifecycle(input, input.turnId),
    );
    return { block: outcome.block ?? undefined, stop: outcome.stop ?? undefined, context: nonEmpty(outcome.context) };
  });

  api.lifecycle.on("stop", async (input) => {
    const previous = continued.get(input.threadId);
    const continuations = previous?.turnId === input.turnId ? previous.count : 0;
    const { outcome } = await engine.run(stop, {
      stopHookActive: input.stopHookActive,
      lastAssistantMessage: input.lastAssistantMessage,
      continuations,
      maxContinuations: options.maxContinuations,
    }, fromLifecycle(input, input.turnId));
    if (outcome.stop === null && outcome.continueWith.length) {
      continued.set(input.threadId, { turnId: input.turnId, count: continuations + 1 });
    }
    return { continueWith: nonEmpty(outcome.continueWith), stop: outcome.stop ?? undefined };
  });

  api.lifecycle.on("permissionRequest", async (input) => {
    const tool = hookToolFor(input.toolName, "function");
    const request = { tool, toolInput: hookToolInput(tool, input.toolInput), toolUseId: input.callId };
    const { outcome } = await engine.run(permissionRequest, request, fromLifecycle(input, input.turnId));
    return { deny: outcome.deny ?? undefined, allow: outcome.allow ?? undefined };
  });

  api.lifecycle.on("preCompact", async (input) => {
    const { outcome } = await engine.run(preCompact, { trigger: input.trigger }, fromLifecycle(input, input.turnId));
    return { stop: outcome.stop ?? undefined };
  });

  api.lifecycle.on("postCompact", async (input) => {
    const { outcome } = await engine.run(postCompact, { trigger: input.trigger }, fromLifecycle(input, input.turnId));
    return { stop: outcome.stop ?? undefined };
  });

  api.lifecycle.on("sessionEnd", async (input) => {
    await engine.run(sessionEnd, { reason: input.reason }, fromLifecycle(input, null));
    threads.delete(input.threadId);
    continued.delete(input.threadId);
  });

  api.tools.beforeCall(async (call, ctx) => {
    const tool = hookToolFor(call.name, call.kind);
    const toolInput = hookToolInput(tool, call.input);
    const { outcome } = await engine.run(preToolUse, { tool, toolInput, toolUseId: ctx.callId }, fromTool(ctx));
    const context = nonEmpty(outcome.context);
    if (outcome.block !== null) {
      return { block: blockedMessage(tool, toolInput, outcome.block), context, stopTurn: outcome.stop ?? undefined };
    }
    return {
      updatedInput: outcome.updatedInput ? applyUpdatedInput(tool, call.input, outcome.updatedInput) : undefined,
      ask: outcome.ask ?? undefined,
      context,
    };
  });

  api.tools.afterCall(async (call, result, ctx) => {
    const tool = hookToolFor(call.name, call.kind);
    const request = {
      tool,
      toolInput: hookToolInput(tool, call.input),
      toolUseId: ctx.callId,
      toolResponse: outputText(result.output),
    };
    const { outcome } = await engine.run(postToolUse, request, fromTool(ctx));
    return {
      result: outcome.output === null
        ? undefined
        : { output: outcome.output, success: outcome.blocked ? false : result.success },
      context: nonEmpty(outcome.context),
      stopTurn: outcome.stopTurn ?? undefined,
    };
  });
}

/** The text of a tool's output (text parts joined by newlines; images left out). */
export function outputText(output: string | ToolOutputPart[]): string {
  if (typeof output === "string") return output;
  return output.flatMap((part) => (part.type === "input_text" ? [part.text] : [])).join("\n");
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length ? list : undefined;
}
