/**
 * @module
 * OAuth for streamable HTTP MCP servers, with the MCP SDK's client (`auth()`: discovery, dynamic
 * client registration, PKCE, token exchange and refresh). `startOAuthLogin()` listens on a
 * loopback port (`http://127.0.0.1:PORT/callback`), lets the SDK build the authorization URL and
 * returns it; when the browser comes back with a code (and the `state` sent), the SDK exchanges
 * it and the tokens are stored. `StoredOAuthProvider` keeps a server's client registration and
 * tokens in `$TERN_HOME/mcp-oauth/<server>.json` (folder 0700, file 0600), tied to the server's
 * URL; a connection to a server with stored tokens hands it to the SDK transport, which sends and
 * refreshes them, and fails with a message naming the login method when they no longer work.
 */
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import { importOnUse, join, startTimer } from "../../kernel/mod.ts";

/** What is stored for one server. */
interface StoredAuth {
  serverUrl: string;
  client?: OAuthClientInformationMixed;
  tokens?: OAuthTokens;
}

/** The file holding `name`'s OAuth state. */
export function oauthFile(tokenDir: string, name: string): string {
  return join(tokenDir, `${encodeURIComponent(name)}.json`);
}

/** Whether tokens are stored for `name` at `serverUrl`. */
export async function hasStoredTokens(tokenDir: string, name: string, serverUrl: string): Promise<boolean> {
  const stored = await readStored(oauthFile(tokenDir, name));
  return !!stored?.tokens && stored.serverUrl === serverUrl;
}

async function readStored(file: string): Promise<StoredAuth | null> {
  try {
    return JSON.parse(await Deno.readTextFile(file)) as StoredAuth;
  } catch {
    return null;
  }
}

/** An interactive login's part of the provider: where the browser comes back, and what to do with the URL. */
interface Redirect {
  url: string;
  state: string;
  onAuthorize(url: URL): void;
}

/** The SDK's `OAuthClientProvider`, backed by the server's file. */
export class StoredOAuthProvider implements OAuthClientProvider {
  #file: string;
  #serverUrl: string;
  #redirect: Redirect | null;
  #verifier = "";
  #stored: StoredAuth;

  private constructor(file: string, serverUrl: string, stored: StoredAuth, redirect: Redirect | null) {
    this.#file = file;
    this.#serverUrl = serverUrl;
    this.#stored = stored;
    this.#redirect = redirect;
  }

  /** The provider for `name`; what is stored for another URL is ignored (and replaced on save). */
  static async open(tokenDir: string, name: string, serverUrl: string, redirect: Redirect | null = null) {
    const file = oauthFile(tokenDir, name);
    const found = await readStored(file);
    const stored = found?.serverUrl === serverUrl ? found : { serverUrl };
    return new StoredOAuthProvider(file, serverUrl, stored, redirect);
  }

  get redirectUrl(): string | undefined {
    return this.#redirect?.url;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "Tern",
      redirect_uris: this.#redirect ? [this.#redirect.url] : [],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }

  state(): string {
    return this.#redirect?.state ?? "";
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    const client = this.#stored.client;
    // A client registered for another loopback port cannot take this login's redirect: register again.
    const uris = (client as { redirect_uris?: string[] } | undefined)?.redirect_uris;
    if (this.#redirect && uris && !uris.includes(this.#redirect.url)) return undefined;
    return client;
  }

  async saveClientInformation(client: OAuthClientInformationMixed): Promise<void> {
    this.#stored.client = client;
    await this.#save();
  }

  tokens(): OAuthTokens | undefined {
    return this.#stored.tokens;
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    this.#stored.tokens = tokens;
    await this.#save();
  }

  redirectToAuthorization(url: URL): void {
    if (!this.#redirect) {
      throw new Error(
        `the server's OAuth tokens were refused or have expired; log in again (the app-server's mcpServer/oauth/login)`,
      );
    }
    this.#redirect.onAuthorize(url);
  }

  saveCodeVerifier(verifier: string): void {
    this.#verifier = verifier;
  }

  codeVerifier(): string {
    return this.#verifier;
  }

  async invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier" | "discovery"): Promise<void> {
    if (scope === "all" || scope === "client") delete this.#stored.client;
    if (scope === "all" || scope === "tokens") delete this.#stored.tokens;
    if (scope === "all" || scope === "verifier") this.#verifier = "";
    await this.#save();
  }

  /** Writes the file (0600, in a 0700 folder), beside and renamed over the old one. */
  async #save(): Promise<void> {
    const dir = join(this.#file, "..");
    await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
    const temp = `${this.#file}.${crypto.randomUUID()}.tmp`;
    await Deno.writeTextFile(temp, JSON.stringify({ ...this.#stored, serverUrl: this.#serverUrl }, null, 2), {
      mode: 0o600,
    });
    await Deno.chmod(temp, 0o600);
    await Deno.rename(temp, this.#file);
  }
}

/** Options for `startOAuthLogin()`. */
export interface OAuthLoginOptions {
  name: string;
  serverUrl: string;
  tokenDir: string;
  scopes?: string[];
  /** How long to wait for the browser to come back. */
  timeoutMs: number;
  /** Ends the wait (the plugin is closing): the login fails and the listener stops. */
  signal?: AbortSignal;
  /** Called once: null when the tokens are stored, else why not. */
  onDone(error: string | null): void;
}

/**
 * Starts a login: listens on a loopback port, has the SDK discover the authorization server
 * (registering a client when none is stored) and returns the authorization URL for the user to
 * open. The rest happens when the browser comes back (or the timeout passes), ending in `onDone`.
 */
export async function startOAuthLogin(options: OAuthLoginOptions): Promise<{ authorizationUrl: string }> {
  const { auth } = await importOnUse<typeof import("@modelcontextprotocol/sdk/client/auth.js")>(
    "@modelcontextprotocol/sdk/client/auth.js",
    import.meta.url,
  );
  const state = crypto.randomUUID();
  const callback = Promise.withResolvers<{ code: string } | { error: string }>();
  const listener = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (request) => {
    const url = new URL(request.url);
    if (url.pathname !== "/callback") return new Response("Not found", { status: 404 });
    const error = url.searchParams.get("error");
    const code = url.searchParams.get("code");
    if (url.searchParams.get("state") !== state) {
      return new Response("This login link does not match the login in progress.", { status: 400 });
    }
    if (error) {
      const description = url.searchParams.get("error_description");
      callback.resolve({
        error: `the authorization server refused: ${error}${description ? ` (${description})` : ""}`,
      });
    } else if (code) callback.resolve({ code });
    else return new Response("Missing code", { status: 400 });
    return new Response("Tern is logged in to the MCP server. You can close this window.", {
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  });
  let authorizationUrl: string | null = null;
  const redirect: Redirect = {
    url: `http://127.0.0.1:${listener.addr.port}/callback`,
    state,
    onAuthorize: (url) => void (authorizationUrl = url.href),
  };
  const provider = await StoredOAuthProvider.open(options.tokenDir, options.name, options.serverUrl, redirect);
  const scope = options.scopes?.length ? options.scopes.join(" ") : undefined;
  try {
    // A login asks again even when tokens are stored: the user asked for it.
    await provider.invalidateCredentials("tokens");
    const result = await auth(provider, { serverUrl: options.serverUrl, scope });
    if (result !== "REDIRECT" || !authorizationUrl) throw new Error("the server did not ask for authorization");
  } catch (error) {
    await listener.shutdown();
    throw new Error(`Cannot start the OAuth login to MCP server "${options.name}": ${(error as Error).message}`);
  }
  void (async () => {
    const timeout = Promise.withResolvers<{ error: string }>();
    const cancelTimer = startTimer(
      options.timeoutMs,
      () => timeout.resolve({ error: `no answer from the browser within ${Math.round(options.timeoutMs / 1000)} s` }),
    );
    const onAbort = () => callback.resolve({ error: "the login was cancelled: Tern is shutting down" });
    options.signal?.addEventListener("abort", onAbort, { once: true });
    let error: string | null = null;
    try {
      const answer = await Promise.race([callback.promise, timeout.promise]);
      if ("error" in answer) error = answer.error;
      else {
        const result = await auth(provider, { serverUrl: options.serverUrl, authorizationCode: answer.code, scope });
        if (result !== "AUTHORIZED") error = "the authorization server did not issue tokens";
      }
    } catch (e) {
      error = (e as Error).message;
    } finally {
      cancelTimer();
      options.signal?.removeEventListener("abort", onAbort);
      await listener.shutdown();
    }
    options.onDone(error);
  })();
  return { authorizationUrl: authorizationUrl! };
}
