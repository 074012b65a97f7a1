/**
 * @module
 * Reading environment variables for the provider (a module of its own so that reading the config
 * at start-up does not load the provider's request code).
 */

/** Reads an environment variable, treating a denied permission as unset. */
export function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}
