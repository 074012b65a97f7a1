/**
 * @module
 * `account/read`, `account/login/start` (type `apiKey` only: Tern has no ChatGPT login),
 * `account/logout` and `account/rateLimits/read`. A login stores the key in `$TERN_HOME/auth.json`
 * (0600, `lib/account`), where the `openai` plugin reads it at each request, ahead of the
 * environment's `CODEX_API_KEY` / `OPENAI_API_KEY`; a logout removes it (a key in the environment
 * still counts). Both send `account/updated` to every connection, and a login
 * `account/login/completed`. Rate limits are the last a model response's headers reported
 * (the `openai` plugin's `rate-limits` service); `account/rateLimits/updated` follows each change.
 */
import type {
  EmptyResponse,
  GetAccountRateLimitsResponse,
  GetAccountResponse,
  LoginAccountParams,
  LoginAccountResponse,
} from "../../kernel/mod.ts";
import {
  authFile,
  RATE_LIMITS_SERVICE,
  type RateLimitsService,
  readStoredApiKey,
  removeStoredApiKey,
  storeApiKey,
} from "../../lib/account/mod.ts";
import type { MethodContext } from "./method_context.ts";
import { invalidRequest } from "./rpc_error.ts";

/** The variables the `openai` provider reads a key from. */
const KEY_VARIABLES = ["CODEX_API_KEY", "OPENAI_API_KEY"];

function hasKey(ctx: MethodContext): boolean {
  return readStoredApiKey(ctx.runtime.ternHome) !== undefined || KEY_VARIABLES.some((name) => !!Deno.env.get(name));
}

/** The account: an API key (stored or in the environment), or none. */
export function accountRead(_params: unknown, ctx: MethodContext): GetAccountResponse {
  return {
    account: hasKey(ctx) ? { type: "apiKey" } : null,
    requiresOpenaiAuth: ctx.runtime.config.modelProvider === "openai",
    userId: null,
  };
}

/** Stores the key (0600) for the `openai` provider. */
export async function accountLoginStart(params: LoginAccountParams, ctx: MethodContext): Promise<LoginAccountResponse> {
  try {
    await storeApiKey(ctx.runtime.ternHome, params.apiKey.trim());
  } catch (error) {
    throw invalidRequest(`Cannot store the API key in ${authFile(ctx.runtime.ternHome)}: ${(error as Error).message}`);
  }
  ctx.afterResponse(() => {
    ctx.runtime.bus.emit("account/login/completed", { loginId: null, success: true, error: null });
    ctx.runtime.bus.emit("account/updated", { authMode: "apikey", planType: null });
  });
  return { type: "apiKey" };
}

/** Removes the stored key. */
export async function accountLogout(_params: unknown, ctx: MethodContext): Promise<EmptyResponse> {
  try {
    await removeStoredApiKey(ctx.runtime.ternHome);
  } catch (error) {
    throw invalidRequest(
      `Cannot remove the API key from ${authFile(ctx.runtime.ternHome)}: ${(error as Error).message}`,
    );
  }
  ctx.afterResponse(() =>
    ctx.runtime.bus.emit("account/updated", { authMode: hasKey(ctx) ? "apikey" : null, planType: null })
  );
  return {};
}

/** The last rate limits the provider reported (empty windows before its first response). */
export async function accountRateLimitsRead(
  _params: unknown,
  ctx: MethodContext,
): Promise<GetAccountRateLimitsResponse> {
  let latest = null;
  try {
    latest = (await ctx.runtime.service<RateLimitsService>(RATE_LIMITS_SERVICE)).latest();
  } catch {
    // no openai plugin: nothing reported
  }
  return {
    rateLimits: latest ?? { limitId: null, limitName: null, primary: null, secondary: null },
    rateLimitsByLimitId: null,
  };
}
