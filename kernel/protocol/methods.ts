/**
 * @module
 * The params and responses of the client requests (client → server, JSON-RPC v2): initialize,
 * threads, turns, models, config. `client_requests.ts` maps each method to them; the queued-turn
 * shapes are in `queue.ts`. Zod schemas only, no logic.
 */
import { z } from "zod";
import { lazy } from "./_lazy.ts";
import { UserInput } from "./items.ts";
import { boundedArray, idString, jsonObject, nameString, pathString, searchString, textString } from "./limits.ts";
import { AskForApproval, ReasoningEffort, SandboxMode, Thread } from "./thread.ts";
import { Turn } from "./turn.ts";
import { ThreadResumeInitialTurnsPageParams, TurnsPage } from "./thread_history.ts";

export const ClientInfo = lazy(() =>
  z.object({
    name: nameString(),
    title: nameString().nullable().optional(),
    version: nameString(),
  })
);
export type ClientInfo = z.infer<typeof ClientInfo>;

export const InitializeCapabilities = lazy(() =>
  z.object({
    /** Opt into experimental methods and fields. */
    experimentalApi: z.boolean().default(false),
    requestAttestation: z.boolean().default(false),
    /** Notification methods this connection never wants (exact names). */
    optOutNotificationMethods: boundedArray(nameString()).nullable().optional(),
  })
);
export type InitializeCapabilities = z.infer<typeof InitializeCapabilities>;

export const InitializeParams = lazy(() =>
  z.object({
    clientInfo: ClientInfo,
    capabilities: InitializeCapabilities.nullable().optional(),
  })
);
export type InitializeParams = z.infer<typeof InitializeParams>;

export const InitializeResponse = lazy(() =>
  z.object({
    userAgent: z.string(),
    /** The server's home (`$TERN_HOME`), under Codex's name. */
    codexHome: z.string(),
    platformFamily: z.string(),
    platformOs: z.string(),
  })
);
export type InitializeResponse = z.infer<typeof InitializeResponse>;

/**
 * A concrete sandbox policy, as Codex puts it on the wire (`SandboxPolicy`, camelCase `type`
 * tags); named apart from the kernel's own `SandboxPolicy` (approvals.ts).
 */
export const WireSandboxPolicy = lazy(() =>
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("dangerFullAccess") }),
    z.object({ type: z.literal("readOnly"), networkAccess: z.boolean().default(false) }),
    z.object({
      type: z.literal("externalSandbox"),
      networkAccess: z.enum(["restricted", "enabled"]).default("restricted"),
    }),
    z.object({
      type: z.literal("workspaceWrite"),
      writableRoots: boundedArray(pathString()).default([]),
      networkAccess: z.boolean().default(false),
      excludeTmpdirEnvVar: z.boolean().default(false),
      excludeSlashTmp: z.boolean().default(false),
    }),
  ])
);
export type WireSandboxPolicy = z.infer<typeof WireSandboxPolicy>;

export const ReasoningSummary = lazy(() => z.enum(["auto", "concise", "detailed", "none"]));
export type ReasoningSummary = z.infer<typeof ReasoningSummary>;

/** A dynamic tool's `name` or `namespace`: what the model API accepts in a tool name. */
const DynamicToolName = lazy(() =>
  z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "must be 1-64 characters of [a-zA-Z0-9_-]")
);

/** Namespaces the model API keeps for its own tools (as Codex refuses them). */
export const RESERVED_TOOL_NAMESPACES = [
  "functions",
  "multi_tool_use",
  "file_search",
  "web",
  "browser",
  "image_gen",
  "computer",
  "container",
  "terminal",
  "python",
  "python_user_visible",
  "api_tool",
  "tool_search",
  "submodel_delegator",
];

/**
 * A tool the client declares at `thread/start` and answers through `item/tool/call`. The model
 * calls it `name`, or `namespace__name` when it has a namespace (at most 64 characters in all).
 */
export const DynamicToolSpec = lazy(() =>
  z.object({
    namespace: DynamicToolName.refine((ns) => !RESERVED_TOOL_NAMESPACES.includes(ns), "is reserved")
      .nullable().optional(),
    name: DynamicToolName,
    description: textString(),
    /** A JSON Schema for the arguments: an object schema (`{"type": "object", ...}`). */
    inputSchema: jsonObject().refine(
      (schema) => schema.type === "object",
      'must be a JSON Schema object with "type": "object"',
    ),
    /** Accepted for Codex compatibility; Tern always shows the tool to the model. */
    deferLoading: z.boolean().optional(),
  })
);
export type DynamicToolSpec = z.infer<typeof DynamicToolSpec>;

/** The name the model calls a dynamic tool by: `namespace__name`, or `name` without a namespace. */
export function dynamicToolModelName(spec: Pick<DynamicToolSpec, "name" | "namespace">): string {
  return spec.namespace ? `${spec.namespace}__${spec.name}` : spec.name;
}

/** Refuses two dynamic tools the model would call by the same name, and names over 64 characters. */
function uniqueToolNames(specs: DynamicToolSpec[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  specs.forEach((spec, i) => {
    const name = dynamicToolModelName(spec);
    if (name.length > 64) {
      ctx.addIssue({ code: "custom", path: [i, "name"], message: `"${name}" is longer than 64 characters` });
    } else if (seen.has(name)) {
      ctx.addIssue({ code: "custom", path: [i, "name"], message: `"${name}" is declared twice` });
    }
    seen.add(name);
  });
}

/** Settings a client may set when it starts, resumes or forks a thread. */
const ThreadOverrides = lazy(() =>
  ({
    model: nameString().nullable().optional(),
    modelProvider: nameString().nullable().optional(),
    serviceTier: nameString().nullable().optional(),
    /** An existing directory (relative paths resolve against the server's). */
    cwd: pathString().nullable().optional(),
    approvalPolicy: AskForApproval.nullable().optional(),
    approvalsReviewer: z.enum(["user", "auto_review", "guardian_subagent"]).nullable().optional(),
    sandbox: SandboxMode.nullable().optional(),
    /** Dotted config keys (`model_reasoning_effort`) and their JSON values. */
    config: jsonObject().nullable().optional(),
    baseInstructions: textString().nullable().optional(),
    developerInstructions: textString().nullable().optional(),
    personality: z.enum(["none", "friendly", "pragmatic"]).nullable().optional(),
    /** Experimental: keep enough history to rebuild every item kind (Tern always does). */
    persistExtendedHistory: z.boolean().optional(),
  }) as const
);

export const ThreadStartParams = lazy(() =>
  z.object({
    ...ThreadOverrides,
    ephemeral: z.boolean().nullable().optional(),
    /** A metrics tag for the thread. */
    serviceName: nameString().nullable().optional(),
    sessionStartSource: z.enum(["startup", "clear"]).nullable().optional(),
    threadSource: nameString().nullable().optional(),
    /** Experimental: tools the client answers (`item/tool/call`). */
    dynamicTools: boundedArray(DynamicToolSpec).superRefine(uniqueToolNames).nullable().optional(),
  })
);
export type ThreadStartParams = z.infer<typeof ThreadStartParams>;

/** The answer to `thread/start`, `thread/resume` and `thread/fork`. */
export const ThreadStartResponse = lazy(() =>
  z.object({
    thread: Thread,
    model: z.string(),
    modelProvider: z.string(),
    serviceTier: z.string().nullable(),
    cwd: z.string(),
    /** Instruction files (AGENTS.md) loaded for the thread. */
    instructionSources: z.array(z.string()),
    approvalPolicy: AskForApproval,
    approvalsReviewer: z.enum(["user", "auto_review", "guardian_subagent"]),
    sandbox: WireSandboxPolicy,
    reasoningEffort: ReasoningEffort.nullable(),
  })
);
export type ThreadStartResponse = z.infer<typeof ThreadStartResponse>;

export const ThreadResumeParams = lazy(() =>
  z.object({
    threadId: idString(),
    ...ThreadOverrides,
    /** Leave `thread.turns` empty. */
    excludeTurns: z.boolean().optional(),
    /** Answer with the first page of turns too (`initialTurnsPage`; experimental). */
    initialTurnsPage: ThreadResumeInitialTurnsPageParams.nullish(),
  })
);
export type ThreadResumeParams = z.infer<typeof ThreadResumeParams>;
export const ThreadForkParams = lazy(() =>
  z.object({
    threadId: idString(),
    ...ThreadOverrides,
    ephemeral: z.boolean().optional(),
    /** Leave `thread.turns` empty. */
    excludeTurns: z.boolean().optional(),
  })
);
export type ThreadForkParams = z.infer<typeof ThreadForkParams>;
export const ThreadResumeResponse = lazy(() =>
  ThreadStartResponse.extend({
    /** The page `initialTurnsPage` asked for. */
    initialTurnsPage: TurnsPage.nullish(),
    /** Pass as `cursor` to `thread/turns/list` with `sortDirection: "desc"`: the first page includes its turn. */
    turnsBackwardsCursor: z.string().nullable().optional(),
  })
);
export type ThreadResumeResponse = z.infer<typeof ThreadResumeResponse>;

export const ThreadReadParams = lazy(() =>
  z.object({ threadId: idString(), includeTurns: z.boolean().default(false) })
);
export type ThreadReadParams = z.infer<typeof ThreadReadParams>;
export const ThreadReadResponse = lazy(() => z.object({ thread: Thread }));
export type ThreadReadResponse = z.infer<typeof ThreadReadResponse>;

export const ThreadRollbackParams = lazy(() => z.object({ threadId: idString(), numTurns: z.number().int().min(1) }));
export type ThreadRollbackParams = z.infer<typeof ThreadRollbackParams>;

export const ThreadLoadedListParams = lazy(() =>
  z.object({
    cursor: idString().nullable().optional(),
    limit: z.number().int().min(0).nullable().optional(),
  })
);
export type ThreadLoadedListParams = z.infer<typeof ThreadLoadedListParams>;
export const ThreadLoadedListResponse = lazy(() =>
  z.object({ data: z.array(z.string()), nextCursor: z.string().nullable() })
);
export type ThreadLoadedListResponse = z.infer<typeof ThreadLoadedListResponse>;

export const ThreadUnsubscribeParams = lazy(() => z.object({ threadId: idString() }));
export type ThreadUnsubscribeParams = z.infer<typeof ThreadUnsubscribeParams>;
export const ThreadUnsubscribeResponse = lazy(() =>
  z.object({ status: z.enum(["notLoaded", "notSubscribed", "unsubscribed"]) })
);
export type ThreadUnsubscribeResponse = z.infer<typeof ThreadUnsubscribeResponse>;

export const ThreadListParams = lazy(() =>
  z.object({
    cursor: idString().nullish(),
    limit: z.number().int().positive().nullish(),
    sortKey: z.enum(["created_at", "updated_at"]).nullish(),
    archived: z.boolean().nullish(),
    cwd: z.union([pathString(), boundedArray(pathString())]).nullish(),
    searchTerm: searchString().nullish(),
    modelProviders: boundedArray(nameString()).nullish(),
  })
);
export type ThreadListParams = z.infer<typeof ThreadListParams>;
export const ThreadListResponse = lazy(() =>
  z.object({
    data: z.array(Thread),
    nextCursor: z.string().nullable(),
    backwardsCursor: z.string().nullable(),
  })
);
export type ThreadListResponse = z.infer<typeof ThreadListResponse>;

export const ThreadNameSetParams = lazy(() => z.object({ threadId: idString(), name: nameString() }));
export type ThreadNameSetParams = z.infer<typeof ThreadNameSetParams>;
export const ThreadArchiveParams = lazy(() => z.object({ threadId: idString() }));
export type ThreadArchiveParams = z.infer<typeof ThreadArchiveParams>;
export const ThreadCompactStartParams = lazy(() => z.object({ threadId: idString() }));
export type ThreadCompactStartParams = z.infer<typeof ThreadCompactStartParams>;
/** The empty answer of `thread/name/set`, `thread/archive`. */
/** `thread/shellCommand`: a user's `!` command, run in the thread's shell (Tern: inside the thread's sandbox). */
export const ThreadShellCommandParams = lazy(() =>
  z.object({
    threadId: idString(),
    command: textString().refine((c) => c.trim() !== "", "must not be empty"),
    /** Milliseconds before the command is killed; zero times out at once. @default one hour */
    timeoutMs: z.number().int().min(0).nullable().optional(),
  })
);
export type ThreadShellCommandParams = z.infer<typeof ThreadShellCommandParams>;

export const EmptyResponse = lazy(() => z.object({}));
export type EmptyResponse = z.infer<typeof EmptyResponse>;
export const ThreadUnarchiveResponse = lazy(() => z.object({ thread: Thread }));
export type ThreadUnarchiveResponse = z.infer<typeof ThreadUnarchiveResponse>;

export const TurnStartParams = lazy(() =>
  z.object({
    threadId: idString(),
    clientUserMessageId: idString().nullable().optional(),
    input: boundedArray(UserInput),
    /** The overrides below stick for later turns; `cwd` must be an existing directory. */
    cwd: pathString().nullable().optional(),
    approvalPolicy: AskForApproval.nullable().optional(),
    approvalsReviewer: z.enum(["user", "auto_review", "guardian_subagent"]).nullable().optional(),
    sandboxPolicy: WireSandboxPolicy.nullable().optional(),
    model: nameString().nullable().optional(),
    serviceTier: nameString().nullable().optional(),
    effort: ReasoningEffort.nullable().optional(),
    summary: ReasoningSummary.nullable().optional(),
    personality: z.enum(["none", "friendly", "pragmatic"]).nullable().optional(),
    /** JSON Schema the final answer of this turn (only) must follow. */
    outputSchema: jsonObject().nullable().optional(),
  })
);
export type TurnStartParams = z.infer<typeof TurnStartParams>;
export const TurnStartResponse = lazy(() => z.object({ turn: Turn }));
export type TurnStartResponse = z.infer<typeof TurnStartResponse>;

export const TurnSteerParams = lazy(() =>
  z.object({
    threadId: idString(),
    clientUserMessageId: idString().nullable().optional(),
    input: boundedArray(UserInput),
    /** The running turn's id; the request fails when another turn (or none) runs. */
    expectedTurnId: idString(),
  })
);
export type TurnSteerParams = z.infer<typeof TurnSteerParams>;
export const TurnSteerResponse = lazy(() => z.object({ turnId: z.string() }));
export type TurnSteerResponse = z.infer<typeof TurnSteerResponse>;

export const TurnInterruptParams = lazy(() => z.object({ threadId: idString(), turnId: idString() }));
export type TurnInterruptParams = z.infer<typeof TurnInterruptParams>;
export const TurnInterruptResponse = lazy(() => z.object({}));
export type TurnInterruptResponse = z.infer<typeof TurnInterruptResponse>;

export const ModelListParams = lazy(() =>
  z.object({
    cursor: idString().nullable().optional(),
    limit: z.number().int().min(0).nullable().optional(),
    includeHidden: z.boolean().nullable().optional(),
    modelProvider: nameString().nullable().optional(),
  })
);
export type ModelListParams = z.infer<typeof ModelListParams>;

export const Model = lazy(() =>
  z.object({
    id: z.string(),
    model: z.string(),
    displayName: z.string(),
    description: z.string(),
    hidden: z.boolean(),
    isDefault: z.boolean(),
    supportedReasoningEfforts: z.array(z.object({ reasoningEffort: ReasoningEffort, description: z.string() })),
    defaultReasoningEffort: ReasoningEffort,
    inputModalities: z.array(z.enum(["text", "image"])),
    upgrade: z.string().nullable(),
    supportsPersonality: z.boolean(),
    additionalSpeedTiers: z.array(z.string()),
    serviceTiers: z.array(z.unknown()),
  })
);
export type Model = z.infer<typeof Model>;
export const ModelListResponse = lazy(() => z.object({ data: z.array(Model), nextCursor: z.string().nullable() }));
export type ModelListResponse = z.infer<typeof ModelListResponse>;

export const ConfigReadParams = lazy(() =>
  z.object({
    includeLayers: z.boolean().default(false),
    cwd: pathString().nullable().optional(),
  })
);
export type ConfigReadParams = z.infer<typeof ConfigReadParams>;

/** Where a config layer came from, in Codex's tagged shape. */
export const ConfigLayerSource = lazy(() =>
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("user"), file: z.string(), profile: z.string().nullable().optional() }),
    z.object({ type: z.literal("project"), dotCodexFolder: z.string() }),
    z.object({ type: z.literal("sessionFlags") }),
    z.object({ type: z.literal("packagedDefaults"), file: z.string() }),
  ])
);
export type ConfigLayerSource = z.infer<typeof ConfigLayerSource>;

export const ConfigLayerMetadata = lazy(() => z.object({ name: ConfigLayerSource, version: z.string() }));
export type ConfigLayerMetadata = z.infer<typeof ConfigLayerMetadata>;

export const ConfigReadResponse = lazy(() =>
  z.object({
    /** The effective config, keys in Codex's snake_case. */
    config: z.record(z.string(), z.unknown()),
    /** Which layer set each top-level key. */
    origins: z.record(z.string(), ConfigLayerMetadata),
    /** Highest precedence first; only with `includeLayers`. */
    layers: z.array(z.object({
      name: ConfigLayerSource,
      version: z.string(),
      config: z.unknown(),
      disabledReason: z.string().nullable(),
    })).nullable().optional(),
  })
);
export type ConfigReadResponse = z.infer<typeof ConfigReadResponse>;

/** `config/mcpServer/reload` takes no params (Codex sends none; `{}` is accepted too). */
// Not lazy: zod's JSON Schema output looks an optional up by identity, which a lazy stand-in breaks.
export const McpServerReloadParams = z.object({}).nullish();
export type McpServerReloadParams = z.infer<typeof McpServerReloadParams>;
/** Sent once the old servers are stopped; `mcpServer/startupStatus/updated` follows for each new one. */
export const McpServerReloadResponse = lazy(() => z.object({}));
export type McpServerReloadResponse = z.infer<typeof McpServerReloadResponse>;
