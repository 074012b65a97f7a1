/**
 * @module
 * `plugin/list` and `plugin/read` on the wire, in Codex's shapes (`PluginMarketplaceEntry`,
 * `WirePluginSummary`, `PluginDetail`). Tern has no marketplaces: its plugins are grouped by where
 * they are listed (built in, the user config, the project config), and each summary adds Tern's
 * own `status`, `error` and `contributions` (Codex clients ignore fields they do not know).
 * Zod schemas only, no logic; the mapping is in `plugins/app_server/plugin_methods.ts`.
 */
import { z } from "zod";
import { lazy } from "./_lazy.ts";
import { boundedArray, nameString, pathString } from "./limits.ts";

// Not `lazy()`: a stand-in must not wrap a nullish schema (see `_lazy.ts`).
export const PluginListParams = z.object({
  /** Accepted; Tern lists the plugins of the server's own workspace. */
  cwds: boundedArray(pathString()).nullable().optional(),
  forceRefetch: z.boolean().optional(),
  /** Accepted; every Tern plugin is in a `local` marketplace. */
  marketplaceKinds: boundedArray(nameString()).nullable().optional(),
}).nullish();
export type PluginListParams = z.infer<typeof PluginListParams>;

export const PluginReadParams = lazy(() =>
  z.object({
    pluginName: nameString(),
    /** The marketplace's `path` from `plugin/list` (a config file), to pick one of two same-named plugins. */
    marketplacePath: pathString().nullable().optional(),
    remoteMarketplaceName: nameString().nullable().optional(),
  })
);
export type PluginReadParams = z.infer<typeof PluginReadParams>;

/** Where a plugin comes from: a folder, or an npm package (Codex's `PluginSource`). */
export const PluginSource = lazy(() =>
  z.union([
    z.object({ type: z.literal("local"), path: z.string() }),
    z.object({
      type: z.literal("npm"),
      package: z.string(),
      registry: z.string().nullable(),
      version: z.string().nullable(),
    }),
  ])
);
export type PluginSource = z.infer<typeof PluginSource>;

/** Tern: the state of a plugin in this run. */
export const PluginStatus = lazy(() => z.enum(["loaded", "deferred", "failed", "disabled", "untrusted"]));
export type PluginStatus = z.infer<typeof PluginStatus>;

/** Tern: what a plugin contributes (its manifest's declarations, and the request methods it registered). */
export const PluginContributions = lazy(() =>
  z.object({
    tools: z.array(z.string()),
    hooks: z.array(z.string()),
    skills: z.array(z.string()),
    commands: z.array(z.string()),
    promptCommands: z.array(z.string()),
    methods: z.array(z.string()),
    mcpServers: z.array(z.string()),
    providers: z.array(z.string()),
  })
);
export type PluginContributions = z.infer<typeof PluginContributions>;

export const PluginInterface = lazy(() =>
  z.object({
    displayName: z.string().nullable(),
    shortDescription: z.string().nullable(),
    longDescription: z.string().nullable(),
    developerName: z.string().nullable(),
    category: z.string().nullable(),
    capabilities: z.array(z.string()),
    websiteUrl: z.string().nullable(),
    privacyPolicyUrl: z.string().nullable(),
    termsOfServiceUrl: z.string().nullable(),
    defaultPrompt: z.array(z.string()).nullable(),
    brandColor: z.string().nullable(),
    composerIcon: z.string().nullable(),
    composerIconUrl: z.string().nullable(),
    logo: z.string().nullable(),
    logoDark: z.string().nullable(),
    logoUrl: z.string().nullable(),
    logoUrlDark: z.string().nullable(),
    screenshots: z.array(z.string()),
    screenshotUrls: z.array(z.string()),
  })
);
export type PluginInterface = z.infer<typeof PluginInterface>;

/** Codex's `PluginSummary` (named apart from the kernel's `PluginSummary`, what `api.plugins.list()` gives). */
export const WirePluginSummary = lazy(() =>
  z.object({
    /** `name@marketplace`, as Codex spells a plugin id. */
    id: z.string(),
    name: z.string(),
    source: PluginSource,
    /** Listed in a config (or built in). */
    installed: z.boolean(),
    /** Set up in this run (loaded or deferred). */
    enabled: z.boolean(),
    installPolicy: z.enum(["NOT_AVAILABLE", "AVAILABLE", "INSTALLED_BY_DEFAULT"]),
    installPolicySource: z.null(),
    authPolicy: z.enum(["ON_INSTALL", "ON_USE"]),
    availability: z.literal("AVAILABLE"),
    disabledReason: z.null(),
    eligiblePlanTypes: z.null(),
    installedAt: z.null(),
    interface: PluginInterface.nullable(),
    keywords: z.array(z.string()),
    localVersion: z.string().nullable(),
    version: z.string().nullable(),
    mustShowInstallationInterstitial: z.null(),
    remotePluginId: z.null(),
    shareContext: z.null(),
    status: PluginStatus,
    /** Why it failed, or why it is disabled or untrusted. */
    error: z.string().nullable(),
    contributions: PluginContributions,
  })
);
export type WirePluginSummary = z.infer<typeof WirePluginSummary>;

export const PluginMarketplaceEntry = lazy(() =>
  z.object({
    name: z.string(),
    /** The config file that lists these plugins (null for the built-in ones). */
    path: z.string().nullable(),
    interface: z.object({ displayName: z.string().nullable() }).nullable(),
    plugins: z.array(WirePluginSummary),
  })
);
export type PluginMarketplaceEntry = z.infer<typeof PluginMarketplaceEntry>;

export const PluginListResponse = lazy(() =>
  z.object({
    marketplaces: z.array(PluginMarketplaceEntry),
    /** A plugin that failed to load: its folder (or config file) and the error. */
    marketplaceLoadErrors: z.array(z.object({ marketplacePath: z.string(), message: z.string() })),
    featuredPluginIds: z.array(z.string()),
  })
);
export type PluginListResponse = z.infer<typeof PluginListResponse>;

export const PluginSkillSummary = lazy(() =>
  z.object({
    name: z.string(),
    description: z.string(),
    shortDescription: z.string().nullable(),
    enabled: z.boolean(),
    path: z.string().nullable(),
    interface: z.null(),
  })
);

export const PluginDetail = lazy(() =>
  z.object({
    summary: WirePluginSummary,
    marketplaceName: z.string(),
    marketplacePath: z.string().nullable(),
    description: z.string().nullable(),
    skills: z.array(PluginSkillSummary),
    /** The hooks whose event Codex also has (`hooks` in `contributions` lists them all). */
    hooks: z.array(z.object({ key: z.string(), eventName: z.string() })),
    mcpServers: z.array(z.string()),
    apps: z.array(z.never()),
    appTemplates: z.array(z.never()),
    onboardingSkill: z.null(),
    scheduledTasks: z.null(),
    shareUrl: z.null(),
  })
);
export type PluginDetail = z.infer<typeof PluginDetail>;

export const PluginReadResponse = lazy(() => z.object({ plugin: PluginDetail }));
export type PluginReadResponse = z.infer<typeof PluginReadResponse>;
