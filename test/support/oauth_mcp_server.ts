/**
 * A streamable HTTP MCP server that needs OAuth, with a minimal authorization server beside it on
 * the same port, for tests: protected-resource and authorization-server metadata, dynamic client
 * registration, an authorization endpoint that approves at once (redirecting to the client's
 * `redirect_uri` with a code and the `state`), and a token endpoint that checks PKCE (S256). The
 * MCP endpoint (`/mcp`, the SDK's server in stateless mode, one tool `whoami`) answers 401 with
 * `WWW-Authenticate` until it gets a token it issued.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";

/** The running servers. */
export interface OAuthMcpServer {
  /** The MCP endpoint. */
  url: string;
  /** The base URL (issuer) of the authorization server. */
  issuer: string;
  /** Access tokens issued so far. */
  issued: string[];
  /** Requests to `/mcp` refused for want of a valid token. */
  refused: number;
  stop(): Promise<void>;
}

async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return btoa(String.fromCharCode(...new Uint8Array(digest))).replace(/\+/g, "-").replace(/\//g, "_").replace(
    /=+$/,
    "",
  );
}

/** Starts the MCP server and its authorization server on a free loopback port. */
export function startOAuthMcpServer(): OAuthMcpServer {
  const clients = new Map<string, string[]>();
  const codes = new Map<string, { challenge: string; clientId: string; redirectUri: string }>();
  const state: OAuthMcpServer = {
    url: "",
    issuer: "",
    issued: [],
    refused: 0,
    stop: async () => await server.shutdown(),
  };
  const json = (value: unknown, status = 200) =>
    new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
    const url = new URL(request.url);
    const base = state.issuer;
    switch (url.pathname) {
      case "/.well-known/oauth-protected-resource":
      case "/.well-known/oauth-protected-resource/mcp":
        return json({ resource: state.url, authorization_servers: [base] });
      case "/.well-known/oauth-authorization-server":
        return json({
          issuer: base,
          authorization_endpoint: `${base}/authorize`,
          token_endpoint: `${base}/token`,
          registration_endpoint: `${base}/register`,
          response_types_supported: ["code"],
          grant_types_supported: ["authorization_code", "refresh_token"],
          code_challenge_methods_supported: ["S256"],
          token_endpoint_auth_methods_supported: ["none"],
        });
      case "/register": {
        const body = await request.json();
        const clientId = `client-${clients.size + 1}`;
        clients.set(clientId, body.redirect_uris ?? []);
        return json({ ...body, client_id: clientId, client_id_issued_at: Math.floor(Date.now() / 1000) }, 201);
      }
      case "/authorize": {
        const q = url.searchParams;
        const clientId = q.get("client_id") ?? "";
        const redirectUri = q.get("redirect_uri") ?? "";
        if (!clients.get(clientId)?.includes(redirectUri) || q.get("code_challenge_method") !== "S256") {
          return json({ error: "invalid_request" }, 400);
        }
        const code = crypto.randomUUID();
        codes.set(code, { challenge: q.get("code_challenge") ?? "", clientId, redirectUri });
        const back = new URL(redirectUri);
        back.searchParams.set("code", code);
        back.searchParams.set("state", q.get("state") ?? "");
        return new Response(null, { status: 302, headers: { location: back.href } });
      }
      case "/token": {
        const form = new URLSearchParams(await request.text());
        const grant = codes.get(form.get("code") ?? "");
        if (
          form.get("grant_type") !== "authorization_code" || !grant ||
          grant.challenge !== await s256(form.get("code_verifier") ?? "") ||
          grant.clientId !== form.get("client_id")
        ) {
          return json({ error: "invalid_grant" }, 400);
        }
        codes.delete(form.get("code")!);
        const token = `token-${crypto.randomUUID()}`;
        state.issued.push(token);
        return json({ access_token: token, token_type: "Bearer", expires_in: 3600, refresh_token: `refresh-${token}` });
      }
      case "/mcp": {
        const token = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
        if (!state.issued.includes(token)) {
          state.refused++;
          return new Response("unauthorized", {
            status: 401,
            headers: {
              "www-authenticate": `Bearer resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`,
            },
          });
        }
        const mcp = new McpServer({ name: "oauth-test", version: "1.0.0" });
        mcp.registerTool("whoami", { description: "Says which token called" }, () => ({
          content: [{ type: "text", text: `called with ${token}` }],
        }));
        const transport = new WebStandardStreamableHTTPServerTransport({
          sessionIdGenerator: undefined,
          enableJsonResponse: true,
        });
        await mcp.connect(transport);
        return await transport.handleRequest(request);
      }
    }
    return new Response("not found", { status: 404 });
  });
  state.issuer = `http://127.0.0.1:${server.addr.port}`;
  state.url = `${state.issuer}/mcp`;
  return state;
}
