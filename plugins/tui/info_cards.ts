/**
 * @module
 * What `/skills`, `/mcp`, `/hooks` and `/plugins` show: each asks the app-server (`skills/list`,
 * `mcpServerStatus/list`, `hooks/list`, `plugin/loaded/list`) and turns the answer into a card in
 * the transcript: a title, then one entry per skill, server, hook or plugin with its details
 * indented under it, and the warnings the listing carries.
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

/** A plugin as `plugin/loaded/list` gives it. */
export interface LoadedPluginEntry {
  name: string;
  version: string | null;
  description: string | null;
  status: string;
  error: string | null;
  generation: number;
  contributed: Record<string, string[]>;
}

/** `/plugins`: each plugin, its status, what it contributes; `reloaded` marks what a reload did. */
export async function pluginsCard(
  client: AppServerClient,
  reloaded: { name: string; status: string; error: string | null }[] = [],
): Promise<ListCard> {
  const { data } = await client.request<{ data: LoadedPluginEntry[] }>("plugin/loaded/list", {});
  return new ListCard({
    title: reloaded.length ? `Plugins (${data.length}), reloaded` : `Plugins (${data.length})`,
    entries: data.map((p) => {
      const contributed = Object.entries(p.contributed).filter(([, names]) => names.length)
        .map(([kind, names]) => `${kind}: ${names.join(", ")}`);
      const reload = reloaded.find((r) => r.name === p.name);
      return {
        head: `${theme.bold(p.name)}${p.version && p.version !== "0.0.0" ? theme.dim(` ${p.version}`) : ""} ${
          status(p.status)
        }${p.generation > 1 ? theme.dim(` · generation ${p.generation}`) : ""}${
          reload ? ` · ${status(reload.status)}` : ""
        }`,
        details: [
          ...(p.description ? [theme.dim(p.description)] : []),
          ...(p.error ? [theme.red(p.error)] : []),
          ...(reload?.error ? [theme.red(reload.error)] : []),
          ...contributed,
        ],
      };
    }),
    empty: "No plugin loaded",
  });
}

function firstLine(text: string): string {
  return text.split("\n")[0]!.trim();
}
