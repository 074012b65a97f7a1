/**
 * @module
 * The account of an API-key user, shared by the plugin that calls the model (`builtin:openai`,
 * which reads the stored key and reports rate limits) and the app-server's `account/*` methods
 * (which store and remove the key, and read the limits). The key lives in `$TERN_HOME/auth.json`
 * (Codex's file name and field: `{"OPENAI_API_KEY": "..."}`), readable by the user only (0600).
 */
import type { RateLimitSnapshot } from "../../kernel/mod.ts";

/** The field of `auth.json` that holds the key. */
export const STORED_KEY_FIELD = "OPENAI_API_KEY";

/** Where the key is stored. */
export function authFile(ternHome: string): string {
  return `${ternHome}/auth.json`;
}

function readAuth(ternHome: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Deno.readTextFileSync(authFile(ternHome)));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
  } catch {
    return {}; // missing or unreadable: no stored key
  }
}

/** The stored API key, if any (read each time: a login in this process applies at once). */
export function readStoredApiKey(ternHome: string): string | undefined {
  const key = readAuth(ternHome)[STORED_KEY_FIELD];
  return typeof key === "string" && key !== "" ? key : undefined;
}

async function writeAuth(ternHome: string, value: Record<string, unknown>): Promise<void> {
  const file = authFile(ternHome);
  await Deno.mkdir(ternHome, { recursive: true });
  const temp = `${file}.${Deno.pid}.tmp`;
  // Created 0600 (and set so, whatever the umask), then renamed over the old file.
  await Deno.writeTextFile(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  if (Deno.build.os !== "windows") await Deno.chmod(temp, 0o600);
  await Deno.rename(temp, file);
}

/** Stores `key`, keeping any other field of the file. */
export async function storeApiKey(ternHome: string, key: string): Promise<void> {
  await writeAuth(ternHome, { ...readAuth(ternHome), [STORED_KEY_FIELD]: key });
}

/** Removes the stored key; true when there was one. */
export async function removeStoredApiKey(ternHome: string): Promise<boolean> {
  const auth = readAuth(ternHome);
  if (!Object.hasOwn(auth, STORED_KEY_FIELD)) return false;
  delete auth[STORED_KEY_FIELD];
  await writeAuth(ternHome, auth);
  return true;
}

/** The name of the service that knows the provider's last rate limits. */
export const RATE_LIMITS_SERVICE = "rate-limits";

/** The last rate limits a provider's response reported (`account/rateLimits/read`). */
export interface RateLimitsService {
  latest(): RateLimitSnapshot | null;
}
