/**
 * @module
 * `plugin/list` and `plugin/read`: Tern's plugins in Codex's marketplace shapes. A "marketplace"
 * is where a plugin is listed: `builtin` (the plugins shipped with Tern), `user`, `project` or
 * `cli` (a `-c` override), with `path` the config file that lists them. Each plugin has Tern's
 * `status`: `loaded`, `deferred` (set up on first use), `failed` (with `error`, also listed in
 * `marketplaceLoadErrors`), `disabled` (a built-in the plugin list leaves out) or `untrusted`
 * (listed by a project config the user has not trusted, so not loaded). Codex's catalog-only
 * fields (install time, plans, sharing, remote ids) are null. `plugin/read` adds the plugin's
 * skills (from `skills/list`), its hooks (from `hooks/list`; those whose event Codex also has, in
 * Codex's `{key, eventName}`) and its MCP servers.
 */
import {
  basename,
  type FrontEnd,
  type LoadedPlugin,
  parseJsonText,
  type PluginContributions,
  type PluginDetail,
  type PluginListParams,
  type PluginListResponse,
  type PluginManifest,
  type PluginMarketplaceEntry,
  type PluginReadParams,
  type PluginReadResponse,
  type PluginSource,
  type PluginStatus,
  resolve,
  type WirePluginSummary,
} from "../../kernel/mod.ts";
import type { MethodContext } from "./method_context.ts";
import { invalidRequest } from "./rpc_error.ts";

/** One plugin as the app-server sees it, before it becomes a summary. */
interface PluginRecord {
  name: string;
  spec: string;
  marketplace: string;
  marketplacePath: string | null;
  dir: string | null;
  status: PluginStatus;
  error: string | null;
  manifest: PluginManifest | null;
  loaded: LoadedPlugin | null;
}

/** Answers `plugin/list`. */
export async function pluginList(_params: PluginListParams, ctx: MethodContext): Promise<PluginListResponse> {
  const records = await pluginRecords(ctx.runtime);
  const marketplaces = new Map<string, PluginMarketplaceEntry>();
  for (const record of records) {
    const entry = marketplaces.get(record.marketplace) ?? {
      name: record.marketplace,
      path: record.marketplacePath,
      interface: { displayName: MARKETPLACE_TITLES[record.marketplace] ?? record.marketplace },
      plugins: [],
    };
    entry.plugins.push(summary(record, ctx.runtime));
    marketplaces.set(record.marketplace, entry);
  }
  return {
    marketplaces: [...marketplaces.values()],
    marketplaceLoadErrors: records.filter((r) => r.status === "failed").map((r) => ({
      marketplacePath: r.loaded?.errorLocation?.file ?? r.dir ?? r.marketplacePath ?? r.spec,
      message: `Plugin "${r.name}": ${r.error}`,
    })),
    featuredPluginIds: [],
  };
}

/** Answers `plugin/read`. */
export async function pluginRead(params: PluginReadParams, ctx: MethodContext): Promise<PluginReadResponse> {
  const records = await pluginRecords(ctx.runtime);
  const matches = records.filter((r) =>
    r.name === params.pluginName &&
    (params.marketplacePath == null || r.marketplacePath === params.marketplacePath)
  );
  const record = matches[0];
  if (!record) {
    throw invalidRequest(
      `Unknown plugin "${params.pluginName}"${
        params.marketplacePath ? ` in ${params.marketplacePath}` : ""
      }: plugin/list lists the plugins`,
    );
  }
  const plugin: PluginDetail = {
    summary: summary(record, ctx.runtime),
    marketplaceName: record.marketplace,
    marketplacePath: record.marketplacePath,
    description: record.manifest?.description || null,
    skills: await pluginSkills(record, ctx.runtime),
    hooks: await pluginHooks(record, ctx.runtime),
    mcpServers: Object.keys(record.manifest?.contributes.mcpServers ?? {}),
    apps: [],
    appTemplates: [],
    onboardingSkill: null,
    scheduledTasks: null,
    shareUrl: null,
  };
  return { plugin };
}

const MARKETPLACE_TITLES: Record<string, string> = {
  builtin: "Built into Tern",
  user: "Your config",
  project: "This project's config",
  cli: "Command-line overrides",
};

/** Every plugin of the run, every built-in left out, and every plugin an untrusted project lists. */
async function pluginRecords(runtime: FrontEnd): Promise<PluginRecord[]> {
  const listedBy = listingLayers(runtime);
  const records: PluginRecord[] = runtime.plugins.map((plugin) => {
    const where = plugin.spec.startsWith("builtin:")
      ? { marketplace: "builtin", path: null }
      : listedBy.get(plugin.spec) ?? { marketplace: "builtin", path: null };
    return {
      // A plugin whose manifest could not be read is named by its spec; name it as its folder.
      name: plugin.name === plugin.spec ? specName(plugin.spec) : plugin.name,
      spec: plugin.spec,
      marketplace: where.marketplace,
      marketplacePath: where.path,
      dir: plugin.dir,
      status: plugin.status,
      error: plugin.error,
      manifest: plugin.manifest,
      loaded: plugin,
    };
  });
  const used = new Set(runtime.plugins.map((p) => p.spec));
  for (const [name, dir] of Object.entries(runtime.builtins)) {
    if (used.has(`builtin:${name}`)) continue;
    records.push({
      name,
      spec: `builtin:${name}`,
      marketplace: "builtin",
      marketplacePath: null,
      dir,
      status: "disabled",
      error: 'Not in the config\'s "plugins" list',
      manifest: null,
      loaded: null,
    });
  }
  records.push(...await untrustedPlugins(runtime));
  return records;
}

/** The config layer that lists each plugin spec (the highest one that does). */
function listingLayers(runtime: FrontEnd): Map<string, { marketplace: string; path: string | null }> {
  const found = new Map<string, { marketplace: string; path: string | null }>();
  for (const layer of runtime.loaded.layers) {
    const specs = [layer.value.plugins, layer.value.extraPlugins].flatMap((v) => Array.isArray(v) ? v : []);
    const marketplace = layer.kind === "default" || layer.kind === "profile" ? "builtin" : layer.kind;
    const path = layer.kind === "user" || layer.kind === "project" ? layer.source : null;
    for (const spec of specs) if (typeof spec === "string") found.set(spec, { marketplace, path });
  }
  return found;
}

/** The plugins an untrusted project's config lists (Tern skipped them). */
async function untrustedPlugins(runtime: FrontEnd): Promise<PluginRecord[]> {
  const { projectDir, trusted } = runtime.loaded;
  const layer = runtime.loaded.layers.find((l) => l.kind === "project");
  if (!projectDir || trusted || !layer) return [];
  let value: unknown;
  try {
    value = await parseJsonText(await Deno.readTextFile(layer.source), layer.source, { jsonc: true });
  } catch {
    return [];
  }
  const config = value as Record<string, unknown> | null;
  const specs = [config?.plugins, config?.extraPlugins].flatMap((v) => Array.isArray(v) ? v : [])
    .filter((s): s is string => typeof s === "string");
  return specs.map((spec) => {
    const dir = spec.startsWith("builtin:") || spec.startsWith("npm:") ? null : resolve(projectDir, spec);
    return {
      name: specName(spec),
      spec,
      marketplace: "project",
      marketplacePath: layer.source,
      dir,
      status: "untrusted" as const,
      error: `The project ${projectDir} is not trusted, so its plugins are not loaded (run "tern trust ${projectDir}")`,
      manifest: null,
      loaded: null,
    };
  });
}

/** A plugin's name from its spec, for one never loaded. */
function specName(spec: string): string {
  if (spec.startsWith("builtin:")) return spec.slice("builtin:".length);
  if (spec.startsWith("npm:")) return npmPackage(spec).package;
  return basename(spec.replace(/\/+$/, ""));
}

/** `npm:@scope/name@1.2` → package and version. */
function npmPackage(spec: string): { package: string; version: string | null } {
  const rest = spec.slice("npm:".length);
  const at = rest.indexOf("@", 1);
  return at < 0 ? { package: rest, version: null } : { package: rest.slice(0, at), version: rest.slice(at + 1) };
}

function source(record: PluginRecord): PluginSource {
  if (record.spec.startsWith("npm:")) return { type: "npm", ...npmPackage(record.spec), registry: null };
  return { type: "local", path: record.dir ?? record.spec };
}

function summary(record: PluginRecord, runtime: FrontEnd): WirePluginSummary {
  const manifest = record.manifest;
  const enabled = record.status === "loaded" || record.status === "deferred";
  return {
    id: `${record.name}@${record.marketplace}`,
    name: record.name,
    source: source(record),
    installed: record.status !== "untrusted",
    enabled,
    installPolicy: record.marketplace === "builtin" ? "INSTALLED_BY_DEFAULT" : "AVAILABLE",
    installPolicySource: null,
    authPolicy: "ON_USE",
    availability: "AVAILABLE",
    disabledReason: null,
    eligiblePlanTypes: null,
    installedAt: null,
    interface: {
      displayName: record.name,
      shortDescription: manifest?.description || null,
      longDescription: null,
      developerName: null,
      category: null,
      capabilities: [],
      websiteUrl: null,
      privacyPolicyUrl: null,
      termsOfServiceUrl: null,
      defaultPrompt: null,
      brandColor: null,
      composerIcon: null,
      composerIconUrl: null,
      logo: null,
      logoDark: null,
      logoUrl: null,
      logoUrlDark: null,
      screenshots: [],
      screenshotUrls: [],
    },
    keywords: [],
    localVersion: manifest?.version ?? null,
    version: manifest?.version ?? null,
    mustShowInstallationInterstitial: null,
    remotePluginId: null,
    shareContext: null,
    status: record.status,
    error: record.error,
    contributions: contributions(record, runtime),
  };
}

/**
 * What a plugin contributes: what it registered when it is set up, else what its manifest
 * declares (without the `"*"` wildcard, which names nothing); skills, prompt commands, hooks
 * files and MCP servers are always the manifest's (they are data other plugins read).
 */
function contributions(record: PluginRecord, runtime: FrontEnd): PluginContributions {
  const declared = record.manifest?.contributes;
  const made = record.status === "loaded" ? record.loaded?.contributed : undefined;
  const pick = (kind: "tools" | "hooks" | "commands" | "providers") =>
    [...new Set(made ? made[kind] : declared?.[kind] ?? [])].filter((name) => name !== "*");
  const methods = [...runtime.methods].filter(([, m]) => m.owner === record.name && record.loaded).map(([k]) => k);
  return {
    tools: pick("tools"),
    hooks: [...pick("hooks"), ...declared?.hooksFiles ?? []],
    skills: [...declared?.skills ?? []],
    commands: pick("commands"),
    promptCommands: [...declared?.promptCommands ?? []],
    methods,
    mcpServers: Object.keys(declared?.mcpServers ?? {}),
    providers: pick("providers"),
  };
}

/** A plugin's skills, as the skills plugin found them (none when it is not loaded). */
async function pluginSkills(record: PluginRecord, runtime: FrontEnd): Promise<PluginDetail["skills"]> {
  const list = runtime.methods.get("skills/list");
  if (!list || !record.dir || record.status !== "loaded") return [];
  const dir = record.dir.endsWith("/") ? record.dir : `${record.dir}/`;
  const answer = await list.handler({}) as {
    data: {
      skills: { name: string; description: string; shortDescription?: string; path: string; enabled: boolean }[];
    }[];
  };
  return answer.data.flatMap((entry) => entry.skills).filter((s) => s.path.startsWith(dir)).map((s) => ({
    name: s.name,
    description: s.description,
    shortDescription: s.shortDescription ?? null,
    enabled: s.enabled,
    path: s.path,
    interface: null,
  }));
}

/** Codex's hook event names, by Tern's (PascalCase, as in hooks.json). */
const CODEX_HOOK_EVENTS = new Set([
  "preToolUse",
  "permissionRequest",
  "postToolUse",
  "preCompact",
  "postCompact",
  "sessionStart",
  "sessionEnd",
  "userPromptSubmit",
  "subagentStart",
  "subagentStop",
  "stop",
]);

/** A plugin's hooks, as the hooks plugin lists them, in Codex's `{key, eventName}`. */
async function pluginHooks(record: PluginRecord, runtime: FrontEnd): Promise<PluginDetail["hooks"]> {
  const list = runtime.methods.get("hooks/list");
  if (!list || record.status !== "loaded") return [];
  const answer = await list.handler({}) as {
    data: { hooks: { event: string; plugin: string | null; keyPath: (string | number)[]; displayOrder: number }[] }[];
  };
  return (answer.data[0]?.hooks ?? []).filter((h) => h.plugin === record.name).flatMap((h) => {
    const eventName = h.event.charAt(0).toLowerCase() + h.event.slice(1);
    if (!CODEX_HOOK_EVENTS.has(eventName)) return [];
    const key = h.keyPath.length ? h.keyPath.join(".") : `${h.event}#${h.displayOrder}`;
    return [{ key: `${record.name}:${key}`, eventName }];
  });
}
