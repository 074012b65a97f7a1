/**
 * @module
 * The MCP servers of a run: starts them all concurrently (never blocking the caller), reports
 * each one's `starting` / `ready` / `failed` status, registers its tools as soon as it is ready,
 * and unregisters them when it dies. `add()` starts more servers later (those plugins contribute);
 * `reload()` stops every server and starts a new set. `ready` settles when every server started so
 * far has started or failed (each bounded by its `startupTimeoutSec`). A failing server never
 * throws out of here.
 */
import type { JsonSchemaTool, ToolContext } from "../../kernel/mod.ts";
import { type ElicitRequest, type ElicitResult, McpConnection } from "./connection.ts";
import { ActiveCalls, createMcpTool } from "./mcp_tool.ts";
import { type ParsedServer, toolAllowed } from "./server_config.ts";

/** A server's state, as `mcpServerStatus/list` shows it. */
export interface ServerStatus {
  name: string;
  status: "starting" | "ready" | "failed" | "disabled";
  error: string | null;
  /** The tools the model sees: model name, MCP name, description. */
  tools: { name: string; tool: string; description: string }[];
}

/** What the manager needs from the plugin. */
export interface ManagerOptions {
  cwd: string;
  /** Where OAuth tokens are stored (`$TERN_HOME/mcp-oauth`); null for none. */
  tokenDir?: string | null;
  /** Registers a tool with the kernel; returns its undo. */
  register(tool: JsonSchemaTool): () => void;
  /** Publishes a status change. */
  onStatus(name: string, status: "starting" | "ready" | "failed", error: string | null): void;
  log(message: string): void;
}

interface Server {
  status: ServerStatus;
  connection: McpConnection | null;
  unregister: (() => void)[];
  /** Set when a reload replaced the server: whatever its start or death does next is ignored. */
  retired: boolean;
}

/** Starts and holds the configured servers. */
export class McpManager {
  #servers = new Map<string, Server>();
  #active = new ActiveCalls();
  #options: ManagerOptions;
  #ready: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(servers: ParsedServer[], options: ManagerOptions) {
    this.#options = options;
    this.add(servers);
  }

  /** Settles when every server started so far has started or failed. */
  get ready(): Promise<void> {
    return this.#ready;
  }

  /** Starts more servers; a name the manager already holds is skipped (the first one wins). */
  add(servers: ParsedServer[]): void {
    const starts: Promise<void>[] = [this.#ready];
    for (const parsed of servers) {
      if (this.#servers.has(parsed.name)) continue;
      const status: ServerStatus = { name: parsed.name, status: "starting", error: null, tools: [] };
      const server: Server = { status, connection: null, unregister: [], retired: false };
      this.#servers.set(parsed.name, server);
      if (parsed.config && !parsed.config.enabled) {
        status.status = "disabled";
        continue;
      }
      starts.push(this.#start(server, parsed));
    }
    this.#ready = Promise.all(starts).then(() => {});
  }

  /**
   * Stops every server (their tools are withdrawn at once, calls in flight fail) and starts
   * `servers` instead: `config/mcpServer/reload`. Resolves once the old servers are closed; the
   * new ones report their progress through `onStatus` and `ready`.
   */
  async reload(servers: ParsedServer[]): Promise<void> {
    const old = [...this.#servers.values()];
    this.#servers = new Map();
    this.#ready = Promise.resolve();
    for (const server of old) {
      server.retired = true;
      for (const undo of server.unregister.splice(0)) undo();
    }
    await Promise.all(old.map((s) => s.connection?.close()));
    if (!this.#closed) this.add(servers);
  }

  async #start(server: Server, parsed: ParsedServer): Promise<void> {
    const { name } = parsed;
    this.#options.onStatus(name, "starting", null);
    if (!parsed.config) return this.#fail(server, parsed.error);
    const config = parsed.config;
    try {
      const connection = await McpConnection.connect({
        name,
        config,
        cwd: this.#options.cwd,
        tokenDir: this.#options.tokenDir ?? null,
        onElicit: (params) => this.#elicit(name, params),
        onLost: (error) => this.#fail(server, `MCP server "${name}" stopped: ${error}`),
      });
      if (this.#closed || server.retired) return void await connection.close();
      server.connection = connection;
      for (const info of connection.tools) {
        if (!toolAllowed(config, info.name)) continue;
        const tool = createMcpTool(name, info, connection, this.#active);
        try {
          server.unregister.push(this.#options.register(tool));
          server.status.tools.push({ name: tool.name, tool: info.name, description: info.description ?? "" });
        } catch (error) {
          this.#options.log(`Skipped tool "${info.name}" of MCP server "${name}": ${(error as Error).message}`);
        }
      }
      server.status.status = "ready";
      this.#options.onStatus(name, "ready", null);
    } catch (error) {
      this.#fail(server, `MCP server "${name}" failed to start: ${(error as Error).message ?? String(error)}`);
    }
  }

  #fail(server: Server, error: string): void {
    if (this.#closed || server.retired) return;
    for (const undo of server.unregister.splice(0)) undo();
    server.connection = null;
    server.status = { ...server.status, status: "failed", error, tools: [] };
    this.#options.onStatus(server.status.name, "failed", error);
  }

  async #elicit(server: string, params: ElicitRequest["params"]): Promise<ElicitResult> {
    const ctx: ToolContext | undefined = this.#active.current(server);
    if (!ctx) return { action: "decline" };
    const p = params as Record<string, unknown>;
    const common = { threadId: ctx.threadId, turnId: ctx.turnId, serverName: server, message: String(p.message ?? "") };
    const outcome = p.mode === "url"
      ? await ctx.request("mcpServer/elicitation/request", {
        ...common,
        mode: "url",
        url: String(p.url),
        elicitationId: String(p.elicitationId),
      })
      : await ctx.request("mcpServer/elicitation/request", {
        ...common,
        mode: "form",
        requestedSchema: (p.requestedSchema ?? {}) as Record<string, unknown>,
      });
    if (outcome.status === "answered") {
      const { action, content } = outcome.response;
      return action === "accept" && content && typeof content === "object"
        ? { action, content: content as ElicitResult["content"] }
        : { action };
    }
    return { action: outcome.status === "cancelled" ? "cancel" : "decline" };
  }

  /** Every server's status and tools, in config order. */
  list(): ServerStatus[] {
    return [...this.#servers.values()].map((s) => structuredClone(s.status));
  }

  /** The live connection of a ready server; throws a `TypeError` naming the server otherwise. */
  connection(name: string): McpConnection {
    const server = this.#servers.get(name);
    if (!server) throw new TypeError(`Unknown MCP server "${name}"`);
    if (!server.connection) throw new TypeError(`MCP server "${name}" is not ready: ${server.status.status}`);
    return server.connection;
  }

  /** Stops every server. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#servers.values()].map((s) => s.connection?.close()));
  }
}
