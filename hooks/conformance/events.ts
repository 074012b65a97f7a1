/**
 * @module
 * One profile per hook event for the conformance kit: the scripted turn that makes the event fire
 * (prompt, model responses, overrides), the matcher the kit declares, the documented value of
 * every input field for that turn, and what "the hook changed nothing" looks like. Each event's
 * binding (`hooks/events/<event>.ts`) holds its profile; this collects them in table order and
 * re-exports the shared parts (`profile.ts`). The case tables (`cases_*.ts`) and the third-party
 * probe (`probe.ts`) both build on these.
 */
import { HOOK_EVENT_ORDER, type HookEventName } from "../../kernel/mod.ts";
import { EVENT_BINDINGS } from "../events/mod.ts";
import { type EventProfile, type ProfileOptions, toolCallOf } from "./profile.ts";
export * from "./profile.ts";

/** Events Tern accepts and lists but never fires, with why (none at present; the probe skips them). */
export const SILENT_EVENTS: Partial<Record<HookEventName, string>> = {};

/** The events that fire, in the order a session meets them (the kernel's `EXTENSION_POINTS` table). */
export const FIRING_EVENTS: readonly HookEventName[] = HOOK_EVENT_ORDER.filter((event) => !(event in SILENT_EVENTS));
export type FiringEvent = HookEventName;

/** The profiles, by event: each event's binding holds its own (`hooks/events/<event>.ts`). */
export const PROFILES: Record<FiringEvent, EventProfile> = Object.fromEntries(
  HOOK_EVENT_ORDER.map((event) => [event, EVENT_BINDINGS[event].conformance]),
) as Record<FiringEvent, EventProfile>;

const toolMatcher = (options: ProfileOptions) => (toolCallOf(options).tool === "Bash" ? "Bash" : "Edit|Write");

/** The matcher to declare for `profile` given the scenario's tool. */
export function matcherFor(profile: EventProfile, options: ProfileOptions): string | undefined {
  if (profile.matcher === "Bash") return toolMatcher(options);
  return profile.matcher;
}
