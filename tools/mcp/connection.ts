/**
 * @module
 * One live MCP server: connects over stdio or streamable HTTP with the official SDK (imported
 * lazily, only when a server is configured), lists its tools, calls them with progress and a
 * timeout, reads resources, and routes the server's `elicitation/create` requests to a handler.
 * The server's stderr is kept (the last few KB) to explain a failed start.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult, ElicitRequest, ElicitResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { type CancelTimer, importOnUse, startTimer } from "../../kernel/mod.ts";
import type { McpServerConfig } from "./server_config.ts";

export type { CallToolResult, ElicitRequest, ElicitResult, Tool as McpToolInfo };

/** What a connection needs from its owner. */
export interface ConnectionOptions {
  name: string;
  config: McpServerConfig;
  /** The workspace: stdio servers run there unless their config names a `cwd`. */
  cwd: string;
  /** Where OAuth tokens are stored: an HTTP server with tokens there sends them (see `oauth.ts`). */
  tokenDir?: string | null;
  /** Answers a server's elicitation. */
  onElicit(params: ElicitRequest["params"]): Promise<ElicitResult>;
  /** Called once when the connection ends without `close()` (the server died). */
  onLost(error: string): void;
}

/** Options for `McpConnection.callTool()`. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Called with each progress notification's text. */
  onProgress?(message: string): void;
}

const STDERR_KEEP = 4096;

/** A connected server. */
export class McpConnection {
  readonly tools: Tool[];
  #client: Client;
  #config: McpServerConfig;
  #closing = false;

  private constructor(client: Client, config: McpServerConfig, tools: Tool[]) {
    this.#client = client;
    this.#config = config;
    this.tools = tools;
  }

  /** Starts the server, initializes, and lists its tools within `startupTimeoutSec`. */
  static async connect(options: ConnectionOptions): Promise<McpConnection> {
    const [{ Client }, { ElicitRequestSchema }] = await Promise.all([
      importOnUse<typeof import("@modelcontextprotocol/sdk/client/index.js")>(
        "@modelcontextprotocol/sdk/client/index.js",
        import.meta.url,
      ),
      importOnUse<typeof import("@modelcontextprotocol/sdk/types.js")>(
        "@modelcontextprotocol/sdk/types.js",
        import.meta.url,
      ),
    ]);
    const { config } = options;
    const client = new Client(
      { name: "tern", version: "0.1.0" },
      { capabilities: { elicitation: { form: {}, url: {} } } },
    );
    client.setRequestHandler(ElicitRequestSchema, (request: ElicitRequest) => options.onElicit(request.params));
    let stderr = "";
    const transport = await makeTransport(options, (chunk) => (stderr = (stderr + chunk).slice(-STDERR_KEEP)));
    const timeoutMs = config.startupTimeoutSec * 1000;
    let cancelTimer: CancelTimer = () => {};
    const timeout = new Promise<never>((_, reject) => {
      cancelTimer = startTimer(timeoutMs, () => reject(new Error(`timed out after ${config.startupTimeoutSec} s`)));
    });
    let connection: McpConnection | undefined;
    try {
      await Promise.race([client.connect(transport, { timeout: timeoutMs }), timeout]);
      const tools = client.getServerCapabilities()?.tools ? await Promise.race([listAllTools(client), timeout]) : [];
      connection = new McpConnection(client, config, tools);
    } catch (error) {
      await client.close().catch(() => {});
      const detail = stderr.trim() ? ` (stderr: ${stderr.trim().split("\n").slice(-3).join(" | ")})` : "";
      const message = error instanceof Error ? error.message : String(error);
      // An HTTP server that wants OAuth (401) and has no stored tokens: say how to log in.
      const hint = config.url && /\b401\b|unauthorized/i.test(message)
        ? "; if the server uses OAuth, log in with the app-server's mcpServer/oauth/login"
        : "";
      throw new Error(`${message}${hint}${detail}`);
    } finally {
      cancelTimer();
    }
    const conn = connection;
    client.onclose = () => {
      if (!conn.#closing) {
        const tail = stderr.trim() ? `: ${stderr.trim().split("\n").slice(-3).join(" | ")}` : "";
        options.onLost(`the server closed the connection${tail}`);
      }
    };
    return conn;
  }

  /** Calls a tool; rejects on a protocol error, a timeout (`toolTimeoutSec`) or an abort. */
  async callTool(name: string, args: Record<string, unknown>, options: CallOptions = {}): Promise<CallToolResult> {
    const result = await this.#client.callTool({ name, arguments: args }, undefined, {
      signal: options.signal,
      timeout: this.#config.toolTimeoutSec * 1000,
      resetTimeoutOnProgress: true,
      onprogress: options.onProgress
        ? (p: { progress: number; total?: number; message?: string }) =>
          options.onProgress!(p.message ?? (p.total ? `${p.progress}/${p.total}` : String(p.progress)))
        : undefined,
    });
    return result as CallToolResult;
  }

  /** Reads a resource by URI. */
  readResource(uri: string): Promise<unknown> {
    return this.#client.readResource({ uri });
  }

  /** Closes the connection (and ends a stdio server's process). */
  async close(): Promise<void> {
    this.#closing = true;
    await this.#client.close().catch(() => {});
  }
}

async function listAllTools(client: Client): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : {});
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}

async function makeTransport(options: ConnectionOptions, onStderr: (chunk: string) => void) {
  const { config } = options;
  if (config.command) {
    const { StdioClientTransport, getDefaultEnvironment } = await importOnUse<
      typeof import("@modelcontextprotocol/sdk/client/stdio.js")
    >("@modelcontextprotocol/sdk/client/stdio.js", import.meta.url);
    const transport = new StdioClientTransport({
      command: config.command,
      args: config.args,
      env: { ...getDefaultEnvironment(), ...config.env },
      cwd: config.cwd ?? options.cwd,
      stderr: "pipe",
    });
    transport.stderr?.on("data", (chunk: Uint8Array | string) => onStderr(String(chunk)));
    return transport;
  }
  const { StreamableHTTPClientTransport } = await importOnUse<
    typeof import("@modelcontextprotocol/sdk/client/streamableHttp.js")
  >("@modelcontextprotocol/sdk/client/streamableHttp.js", import.meta.url);
  const headers = httpHeaders(config, (name) => Deno.env.get(name));
  const authProvider = await storedAuth(options);
  return new StreamableHTTPClientTransport(new URL(config.url!), { requestInit: { headers }, authProvider });
}

/** The stored OAuth tokens of an HTTP server, as the SDK's provider; undefined when there are none. */
async function storedAuth(options: ConnectionOptions) {
  const { tokenDir, name, config } = options;
  if (!tokenDir || !config.url) return undefined;
  const oauth = await importOnUse<typeof import("./oauth.ts")>("./oauth.ts", import.meta.url);
  if (!await oauth.hasStoredTokens(tokenDir, name, config.url)) return undefined;
  return await oauth.StoredOAuthProvider.open(tokenDir, name, config.url);
}

/**
 * The headers every request to a streamable HTTP server carries: its `headers`, and
 * `Authorization: Bearer <token>` from the variable `bearerTokenEnvVar` names (an error when unset).
 */
export function httpHeaders(
  config: Pick<McpServerConfig, "headers" | "bearerTokenEnvVar">,
  env: (name: string) => string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = { ...config.headers };
  if (config.bearerTokenEnvVar) {
    const token = env(config.bearerTokenEnvVar);
    if (!token) throw new Error(`environment variable "${config.bearerTokenEnvVar}" (bearerTokenEnvVar) is not set`);
    headers.Authorization = `Bearer ${token}`;
  }
  return headers;
}
