/**
 * @module
 * Connects the engine to the kernel: for every row of the kernel's `EXTENSION_POINTS` table it
 * registers, at the row's point (a lifecycle point, or the `beforeCall` / `afterCall` tool
 * interceptor, which every tool call passes, MCP and dynamic tools included), a handler that runs
 * the row's hook event through its binding (`events/mod.ts`): the point's input becomes the event
 * request, the hooks' outcome becomes the point's outcome. It remembers per thread what tool calls
 * are not told (model, transcript path) and how many times Stop hooks continued the current turn.
 */
import {
  EXTENSION_POINTS,
  type LifecycleBase,
  type LifecyclePoint,
  type NotificationMap,
  type PluginApi,
  type ToolContext,
  type Topic,
} from "../kernel/mod.ts";
import type { HookEngine } from "./engine.ts";
import type { AnyBinding, WiringState } from "./events/binding.ts";
import type { EventContext } from "./events/common.ts";
import { EVENT_BINDINGS } from "./events/mod.ts";

export { outputText } from "./events/post_tool_use.ts";

/** Options for `connectHooks()`. */
export interface ConnectOptions {
  /** The kernel's cap on Stop continuations (`maxHookContinuations`). */
  maxContinuations: number;
}

/** Registers the engine at every extension point of the kernel's table. */
export function connectHooks(api: PluginApi, engine: HookEngine, options: ConnectOptions): void {
  const threads = new Map<string, { model: string; transcriptPath: string | null }>();
  const state: WiringState = { maxContinuations: options.maxContinuations, continued: new Map() };
  const fromLifecycle = (input: LifecycleBase & { turnId?: string }): EventContext => {
    threads.set(input.threadId, { model: input.model, transcriptPath: input.transcriptPath });
    const { threadId, cwd, model, transcriptPath, approvalPolicy, signal, emit } = input;
    return { threadId, turnId: input.turnId ?? null, cwd, model, transcriptPath, approvalPolicy, signal, emit };
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
  const serve = async (binding: AnyBinding, input: unknown, ctx: EventContext) => {
    const { outcome } = await engine.run(binding.spec, binding.request(input, state), ctx);
    return binding.outcome(outcome, input, state);
  };

  for (const row of EXTENSION_POINTS) {
    const binding: AnyBinding = EVENT_BINDINGS[row.hookEvent] as AnyBinding;
    if (row.point === "beforeCall") {
      api.tools.beforeCall((call, ctx) => serve(binding, { call, ctx }, fromTool(ctx)) as never);
    } else if (row.point === "afterCall") {
      api.tools.afterCall((call, result, ctx) => serve(binding, { call, result, ctx }, fromTool(ctx)) as never);
    } else {
      const point: LifecyclePoint = row.point;
      api.lifecycle.on(point, async (input: LifecycleBase & { turnId?: string }) => {
        const outcome = await serve(binding, input, fromLifecycle(input));
        if (point === "sessionEnd") threads.delete(input.threadId);
        return outcome as never;
      });
    }
  }
}
