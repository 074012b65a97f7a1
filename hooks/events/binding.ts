/**
 * @module
 * `EventBinding`: how the hooks plugin serves one row of the kernel's `EXTENSION_POINTS` table: the
 * event's semantics (`spec`), the event request built from what the kernel hands the point, the
 * kernel outcome built from what the hooks decided, and the sample request `tern hooks test` runs.
 * Each event's module defines its binding beside its semantics; `hooks/events/mod.ts` keys them by
 * hook event, and the wiring and `tern hooks test` iterate the table through it.
 */
import type {
  AfterToolCall,
  BeforeToolCall,
  EXTENSION_POINTS,
  HookEventName,
  LifecyclePoint,
  LifecyclePoints,
  ToolContext,
} from "../../kernel/mod.ts";
import type { EventSpec } from "./common.ts";
import type { EventProfile } from "../conformance/profile.ts";

type Row = (typeof EXTENSION_POINTS)[number];
/** The kernel point at which a hook event runs (`PreToolUse` → `beforeCall`). */
export type PointOf<E extends HookEventName> = Extract<Row, { hookEvent: E }>["point"];

/** What the kernel hands each point, as one value. */
export type PointInput<P extends Row["point"]> = P extends LifecyclePoint ? LifecyclePoints[P]["input"]
  : P extends "beforeCall" ? { call: Parameters<BeforeToolCall>[0]; ctx: ToolContext }
  : { call: Parameters<AfterToolCall>[0]; result: Parameters<AfterToolCall>[1]; ctx: ToolContext };

/** What each point may answer. */
export type PointOutcome<P extends Row["point"]> = P extends LifecyclePoint ? LifecyclePoints[P]["outcome"] | void
  : P extends "beforeCall" ? Awaited<ReturnType<BeforeToolCall>>
  : Awaited<ReturnType<AfterToolCall>>;

/** What the wiring remembers across events of a thread (Stop continuations per turn). */
export interface WiringState {
  /** The kernel's cap on Stop continuations (`maxHookContinuations`). */
  readonly maxContinuations: number;
  /** Stop continuations of the current turn, by thread. */
  readonly continued: Map<string, { turnId: string; count: number }>;
}

/** The knobs of `tern hooks test` samples. */
export interface SampleOptions {
  /** The shell command of the tool events' sample call. */
  bash: string;
  /** The prompt of the UserPromptSubmit sample. */
  prompt: string;
}

/** One hook event served at its kernel point. */
export interface EventBinding<E extends HookEventName, Req, Out> {
  // deno-lint-ignore no-explicit-any
  spec: EventSpec<E, Req, any, Out>;
  /** The event request from the point's input. */
  request(input: PointInput<PointOf<E>>, state: WiringState): Req;
  /** The point's outcome from the hooks' outcome. */
  outcome(outcome: Out, input: PointInput<PointOf<E>>, state: WiringState): PointOutcome<PointOf<E>>;
  /** The sample request `tern hooks test` runs the event's hooks with. */
  sample(options: SampleOptions): Req;
  /** The conformance kit's profile of the event: the turn that fires it and what its hook must receive. */
  conformance: EventProfile;
}

/** A binding with its event erased, as the wiring and `tern hooks test` iterate them. */
export interface AnyBinding {
  // deno-lint-ignore no-explicit-any
  spec: EventSpec<HookEventName, any, any, any>;
  request(input: unknown, state: WiringState): unknown;
  // deno-lint-ignore no-explicit-any
  outcome(outcome: any, input: unknown, state: WiringState): unknown;
  sample(options: SampleOptions): unknown;
}

/** `list`, or undefined when it is empty (the kernel outcomes' convention). */
export function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length ? list : undefined;
}
