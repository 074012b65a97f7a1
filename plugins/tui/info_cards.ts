/**
 * @module
 * What `/skills`, `/mcp`, `/hooks` and `/plugins` show: each asks the app-server (`skills/list`,
 * `mcpServerStatus/list`, `hooks/list`, `plugin/list`) and turns the answer into a card in the
 * transcript: a title, then one entry per skill, server, hook or plugin with its details indented
 * under it, and the warnings the listing carries. `/status` gets its plugin and MCP server lines here.
 */
import { truncateToWidth, visibleWidth, wrapTextWithAnsi } from "@mariozechner/pi-tui";
import type { AppServerClient } from "../../lib/app_client/mod.ts";
import { CachedCell } from "./cells.ts";
import { theme } from "./theme.ts";

/** One entry of a card: its line, and lines under it. */
export interface CardEntry {
  head: string;
  details?: string[];
}

/** A titled list in the transcript; `empty` is said when there is no entry. */
export class ListCard extends CachedCell {
  constructor(private card: { title: string; entries: CardEntry[]; empty: string; warnings?: string[] }) {
    super();
  }
  draw(width: number): string[] {
    const { title, entries, empty, warnings = [] } = this.card;
    const wrap = (text: string, indent: string) =>
      wrapTextWithAnsi(text, Math.max(10, width - visibleWidth(indent))).map((l) => indent + l);
    const lines = [theme.bold(`• ${title}`)];
    if (!entries.length) lines.push(theme.dim(`  ${empty}`));
    for (const { head, details = [] } of entries) {
      lines.push(truncateToWidth(`  ${head}`, width));
      for (const detail of details) lines.push(...wrap(detail, "    "));
    }
    for (const warning of warnings) lines.push(...wrap(theme.yellow(`⚠ ${warning}`), "  "));
    return lines;
  }
}

interface ListedSkill {
  name: string;
  description: string;
  shortDescription?: string;
  path: string;
  scope: string;
  enabled: boolean;
}

/** `/skills`: the workspace's skills, enabled or not, with their description and file. */
export async function skillsCard(client: AppServerClient, cwd: string): Promise<ListCard> {
  const { data } = await client.request<
    { data: { skills: ListedSkill[]; errors: { path: string; message: string }[] }[] }
  >("skills/list", { cwds: [cwd], forceReload: true });
  const skills = data[0]?.skills ?? [];
  return new ListCard({
    title: `Skills (${skills.length})`,
    entries: skills.map((s) => ({
      head: `${theme.cyan(`$${s.name}`)}${s.enabled ? "" : theme.dim(" (disabled)")} ${theme.dim(`· ${s.scope}`)}`,
      details: [s.shortDescription || s.description, theme.dim(s.path)],
    })),
    empty: "No skill found (see docs/skills.md for where skills are read)",
    warnings: (data[0]?.errors ?? []).map((e) => `${e.path}: ${e.message}`),
  });
}

interface ServerStatus {
  name: string;
  status: string;
  error: string | null;
  tools: { name: string; tool: string; description: string }[];
}

const STATUS_COLOUR: Record<string, (text: string) => string> = {
  ready: theme.green,
  reloaded: theme.green,
  skipped: theme.dim,
  loaded: theme.green,
  starting: theme.yellow,
  deferred: theme.dim,
  disabled: theme.dim,
  failed: theme.red,
  untrusted: theme.yellow,
};

function status(text: string): string {
  return (STATUS_COLOUR[text] ?? ((t: string) => t))(text);
}

/** `/mcp`: each MCP server, its status (and error), and its tools. */
export async function mcpCard(client: AppServerClient): Promise<ListCard> {
  const { data } = await client.request<{ data: ServerStatus[] }>("mcpServerStatus/list", {});
  return new ListCard({
    title: `MCP servers (${data.length})`,
    entries: data.map((s) => ({
      head: `${theme.bold(s.name)} ${status(s.status)}${s.tools.length ? theme.dim(` · ${s.tools.length} tools`) : ""}`,
      details: [
        ...(s.error ? [theme.red(s.error)] : []),
        ...s.tools.map((t) => `${theme.cyan(t.tool)}${t.description ? theme.dim(` ${firstLine(t.description)}`) : ""}`),
      ],
    })),
    empty: "No MCP server configured (mcpServers in config.jsonc; see docs/mcp.md)",
  });
}

interface HookEntry {
  event: string;
  matcher: string | null;
  command: string | null;
  handlerType: string;
  statusMessage: string | null;
  source: string;
  declaredAt: string | null;
  plugin: string | null;
}

/** `/hooks`: each hook (event, matcher, what it runs, where declared), then the load warnings. */
export async function hooksCard(client: AppServerClient, cwd: string): Promise<ListCard> {
  const { data } = await client.request<{ data: { hooks: HookEntry[]; warnings: string[] }[] }>(
    "hooks/list",
    { cwds: [cwd] },
  );
  const hooks = data[0]?.hooks ?? [];
  return new ListCard({
    title: `Hooks (${hooks.length})`,
    entries: hooks.map((h) => ({
      head: `${theme.cyan(h.event)}${h.matcher ? theme.dim(` [${h.matcher}]`) : ""} ${
        h.command ?? theme.dim(`(${h.handlerType})`)
      }`,
      details: [
        ...(h.statusMessage ? [h.statusMessage] : []),
        theme.dim(`${h.plugin ? `plugin ${h.plugin} · ` : ""}${h.declaredAt ?? h.source}`),
      ],
    })),
    empty: "No hook declared (see docs/hooks.md)",
    warnings: data[0]?.warnings ?? [],
  });
}

/** A plugin as `plugin/list` gives it (Codex's `PluginSummary`, with Tern's `status`, `error`, `contributions`). */
interface ListedPlugin {
  name: string;
  version: string | null;
  interface: { shortDescription: string | null } | null;
  status: string;
  error: string | null;
  contributions: Record<string, string[]>;
}

/** Every plugin `plugin/list` lists, across its "marketplaces" (built in, your config, the project's). */
async function listPlugins(client: AppServerClient): Promise<ListedPlugin[]> {
  const { marketplaces } = await client.request<{ marketplaces: { plugins: ListedPlugin[] }[] }>("plugin/list", {});
  return marketplaces.flatMap((m) => m.plugins);
}

/**
 * `/plugins`: each plugin in use (or failed, or left out by an untrusted project), its status and
 * what it contributes, then the built-ins not enabled; `reloaded` marks what a reload did.
 */
export async function pluginsCard(
  client: AppServerClient,
  reloaded: { name: string; status: string; error: string | null; generation?: number }[] = [],
): Promise<ListCard> {
  const all = await listPlugins(client);
  const shown = all.filter((p) => p.status !== "disabled");
  const off = all.filter((p) => p.status === "disabled").map((p) => p.name);
  const entries: CardEntry[] = shown.map((p) => {
    const contributed = Object.entries(p.contributions).filter(([, names]) => names.length)
      .map(([kind, names]) => `${kind}: ${names.join(", ")}`);
    const reload = reloaded.find((r) => r.name === p.name);
    const generation = reload?.status === "reloaded" && reload.generation ? ` (generation ${reload.generation})` : "";
    const description = p.interface?.shortDescription;
    return {
      head: `${theme.bold(p.name)}${p.version && p.version !== "0.0.0" ? theme.dim(` ${p.version}`) : ""} ${
        status(p.status)
      }${reload ? ` · ${status(reload.status)}${generation}` : ""}`,
      details: [
        ...(description ? [theme.dim(description)] : []),
        ...(p.error ? [theme.red(p.error)] : []),
        ...(reload?.error ? [theme.red(reload.error)] : []),
        ...contributed,
      ],
    };
  });
  if (off.length) entries.push({ head: theme.dim(`not enabled (built in): ${off.join(", ")}`) });
  return new ListCard({
    title: reloaded.length ? `Plugins (${shown.length}), reloaded` : `Plugins (${shown.length})`,
    entries,
    empty: "No plugin loaded",
  });
}

/**
 * What `/status` says of the plugins and MCP servers: each plugin in use grouped by its state
 * (`loaded: a, b · deferred: c · failed: d`), each MCP server with its state (and tools or error).
 * A server that cannot list them says so in their place.
 */
export async function pluginAndServerFacts(client: AppServerClient): Promise<[string, string][]> {
  const [plugins, servers] = await Promise.all([
    listPlugins(client).then((list) => {
      const states = new Map<string, string[]>();
      for (const p of list) if (p.status !== "disabled") states.set(p.status, [...states.get(p.status) ?? [], p.name]);
      return [...states].map(([state, names]) => `${status(state)}: ${names.join(", ")}`).join(" · ") || "(none)";
    }, (error) => theme.dim(`cannot list them: ${(error as Error).message}`)),
    client.request<{ data: ServerStatus[] }>("mcpServerStatus/list", {}).then(
      ({ data }) =>
        data.map((s) =>
          `${s.name} ${status(s.status)}${
            s.error ? ` (${s.error})` : s.tools.length ? theme.dim(` (${s.tools.length} tools)`) : ""
          }`
        ).join(", ") || "(none)",
      (error) => theme.dim(`cannot list them: ${(error as Error).message}`),
    ),
  ]);
  return [["Plugins", plugins], ["MCP servers", servers]];
}

function firstLine(text: string): string {
  return text.split("\n")[0]!.trim();
}
