/**
 * @module
 * Hands a test's model provider to the kit's model plugin (private to the kit). `runTurn` puts the
 * provider in a slot and names the slot in the plugin's config section; the plugin, set up in
 * the same process, takes it out. Each run gets its own slot, so parallel runs do not mix.
 */
import type { ModelProvider } from "../kernel/mod.ts";

const slots = new Map<string, ModelProvider>();
let next = 0;

/** Keeps `provider` until `take()`; returns the slot's name. */
export function put(provider: ModelProvider): string {
  const name = `slot-${++next}`;
  slots.set(name, provider);
  return name;
}

/** The provider in slot `name`, removed from the slot. Throws when there is none. */
export function take(name: string): ModelProvider {
  const provider = slots.get(name);
  if (!provider) throw new Error(`Cannot find the test's model provider: no slot "${name}"`);
  slots.delete(name);
  return provider;
}

/** Empties slot `name` if its provider was never taken (a run that failed before the plugin loaded). */
export function drop(name: string): void {
  slots.delete(name);
}
