/**
 * @module
 * The plugin's servers over a run: the config's servers start at setup; the servers plugins
 * contribute are added once the plugin list is known (it is empty until every plugin has been set
 * up); `reload()` reads the config again and restarts every server. The manager, and with it the
 * MCP SDK, is imported only when the first server appears, so runs without servers pay nothing.
 */
import type { JsonSchemaTool, PluginSummary } from "../../kernel/mod.ts";
import { importOnUse } from "../../kernel/mod.ts";
import type { McpManager, ServerStatus } from "./manager.ts";
import { collectServers, type PluginServers, pluginServers } from "./server_sources.ts";
import type { ParsedServer } from "./server_config.ts";

/** What the control needs from the plugin API. */
export interface ControlOptions {
  cwd: string;
  /** Where OAuth tokens are stored (`$TERN_HOME/mcp-oauth`); null for none. */
  tokenDir?: string | null;
  /** The config's `mcpServers` at start-up, as written. */
  configServers: unknown;
  /** The run's plugins (empty while they are still being set up). */
  plugins(): PluginSummary[];
  /** The config's `mcpServers` as it reads now (for `reload()`). */
  readConfigServers(): Promise<unknown>;
  register(tool: JsonSchemaTool): () => void;
  onStatus(name: string, status: "starting" | "ready" | "failed", error: string | null): void;
  log(message: string): void;
}

/** The run's MCP servers. */
export class McpControl {
  #options: ControlOptions;
  #configServers: unknown;
  /** Null until the plugin list is known. */
  #plugins: PluginServers[] | null = null;
  #manager: Promise<McpManager> | null = null;

  constructor(options: ControlOptions) {
    this.#options = options;
    this.#configServers = options.configServers;
    const { servers } = collectServers(this.#configServers, []);
    if (servers.length) this.#start(servers);
  }

  /**
   * Adds the servers plugins contribute, once `plugins()` is known; returns whether it is (and so
   * whether nothing is left to do). Safe to call any number of times.
   */
  addPluginServers(): boolean {
    if (this.#plugins) return true;
    const plugins = this.#options.plugins();
    if (plugins.length === 0) return false;
    this.#plugins = pluginServers(plugins);
    const { servers, fromConfig, shadowed } = collectServers(this.#configServers, this.#plugins);
    for (const line of shadowed) this.#options.log(line);
    if (servers.length > fromConfig) this.#start(servers.slice(fromConfig));
    return true;
  }

  /** The manager, or null while the run has no server. */
  async manager(): Promise<McpManager | null> {
    this.addPluginServers();
    return this.#manager ? await this.#manager : null;
  }

  /** Every server's status, in config order, then plugin order. */
  async list(): Promise<ServerStatus[]> {
    const manager = await this.manager();
    await manager?.ready;
    return manager?.list() ?? [];
  }

  /** Every server's entry as written (plugin servers with their paths resolved), by name. */
  entries(): Record<string, unknown> {
    this.addPluginServers();
    const entries: Record<string, unknown> = {};
    for (const { servers } of [...(this.#plugins ?? [])].reverse()) Object.assign(entries, servers);
    const config = this.#configServers;
    if (config && typeof config === "object" && !Array.isArray(config)) Object.assign(entries, config);
    return entries;
  }

  /**
   * Reads the config again and restarts every server with it (plus the plugins' servers).
   * Resolves once the old servers are stopped; the new ones report through `onStatus`. Rejects,
   * changing nothing, when the config no longer loads.
   */
  async reload(): Promise<void> {
    this.addPluginServers();
    const configServers = await this.#options.readConfigServers();
    this.#configServers = configServers;
    const { servers, shadowed } = collectServers(configServers, this.#plugins ?? []);
    for (const line of shadowed) this.#options.log(line);
    if (!this.#manager) {
      if (servers.length) this.#start(servers);
      return;
    }
    await (await this.#manager).reload(servers);
  }

  /** Stops every server. */
  async close(): Promise<void> {
    await (await this.#manager)?.close();
  }

  #start(servers: ParsedServer[]): void {
    if (this.#manager) {
      this.#manager = this.#manager.then((manager) => (manager.add(servers), manager));
      return;
    }
    const { cwd, tokenDir, register, onStatus, log } = this.#options;
    this.#manager = importOnUse<typeof import("./manager.ts")>("./manager.ts", import.meta.url).then(({ McpManager }) =>
      new McpManager(servers, { cwd, tokenDir, register, onStatus, log })
    );
  }
}
