/**
 * @module
 * The client-request tables: every request method Tern answers, with its params and response
 * schemas and whether it needs the experimental capability (`ClientRequests`, answered by the
 * app-server itself; `PluginClientRequests`, answered by plugins).
 */
import type { z } from "zod";
import {
  ConfigReadParams,
  ConfigReadResponse,
  EmptyResponse,
  InitializeParams,
  InitializeResponse,
  McpServerReloadParams,
  McpServerReloadResponse,
  ModelListParams,
  ModelListResponse,
  ThreadArchiveParams,
  ThreadCompactStartParams,
  ThreadForkParams,
  ThreadListParams,
  ThreadListResponse,
  ThreadLoadedListParams,
  ThreadLoadedListResponse,
  ThreadNameSetParams,
  ThreadReadParams,
  ThreadReadResponse,
  ThreadResumeParams,
  ThreadResumeResponse,
  ThreadRollbackParams,
  ThreadShellCommandParams,
  ThreadStartParams,
  ThreadStartResponse,
  ThreadUnarchiveResponse,
  ThreadUnsubscribeParams,
  ThreadUnsubscribeResponse,
  TurnInterruptParams,
  TurnInterruptResponse,
  TurnStartParams,
  TurnStartResponse,
  TurnSteerParams,
  TurnSteerResponse,
} from "./methods.ts";
import {
  ThreadItemsListParams,
  ThreadItemsListResponse,
  ThreadTurnsListParams,
  ThreadTurnsListResponse,
} from "./thread_history.ts";
import {
  FuzzyFileSearchParams,
  FuzzyFileSearchResponse,
  FuzzyFileSearchSessionStartParams,
  FuzzyFileSearchSessionStopParams,
  FuzzyFileSearchSessionUpdateParams,
} from "./file_search.ts";
import {
  CommandExecParams,
  CommandExecResizeParams,
  CommandExecResponse,
  CommandExecTerminateParams,
  CommandExecWriteParams,
} from "./command_exec.ts";
import {
  ConfigBatchWriteParams,
  ConfigRequirementsReadParams,
  ConfigRequirementsReadResponse,
  ConfigValueWriteParams,
  ConfigWriteResponse,
} from "./config_write.ts";
import {
  EmptyAccountParams,
  GetAccountParams,
  GetAccountRateLimitsResponse,
  GetAccountResponse,
  LoginAccountParams,
  LoginAccountResponse,
} from "./account.ts";
import { ReviewStartParams, ReviewStartResponse } from "./review.ts";
import {
  ThreadQueueAddParams,
  ThreadQueueAddResponse,
  ThreadQueueDeleteParams,
  ThreadQueueDeleteResponse,
  ThreadQueueListParams,
  ThreadQueueListResponse,
  ThreadQueueReorderParams,
  ThreadQueueReorderResponse,
} from "./queue.ts";
import {
  ThreadDeleteParams,
  ThreadGoalClearParams,
  ThreadGoalClearResponse,
  ThreadGoalGetParams,
  ThreadGoalGetResponse,
  ThreadGoalSetParams,
  ThreadGoalSetResponse,
  ThreadMetadataUpdateParams,
  ThreadMetadataUpdateResponse,
  ThreadRevertParams,
  ThreadRevertResponse,
  TurnSettingsUpdateParams,
} from "./thread_admin.ts";
import {
  ExternalAgentConfigDetectParams,
  ExternalAgentConfigDetectResponse,
  ExternalAgentConfigImportParams,
  ExternalAgentConfigImportResponse,
} from "./external_agent.ts";
import { McpServerOauthLoginParams, McpServerOauthLoginResponse } from "./mcp_oauth.ts";
import { PluginListParams, PluginListResponse, PluginReadParams, PluginReadResponse } from "./plugins.ts";

/** One entry of the request table. */
export interface ClientRequestSpec {
  params: z.ZodType;
  response: z.ZodType;
  /** The whole method needs `experimentalApi`. */
  experimental?: boolean;
  /** Params fields that need `experimentalApi` when set (not null). */
  experimentalFields?: readonly string[];
}

/** The one table of client requests Tern implements; `docs/protocol.md` lists the rest. */
export const ClientRequests = {
  "initialize": { params: InitializeParams, response: InitializeResponse },
  "thread/start": {
    params: ThreadStartParams,
    response: ThreadStartResponse,
    experimentalFields: ["dynamicTools", "persistExtendedHistory"],
  },
  "thread/resume": {
    params: ThreadResumeParams,
    response: ThreadResumeResponse,
    experimentalFields: ["persistExtendedHistory", "initialTurnsPage"],
  },
  "thread/read": { params: ThreadReadParams, response: ThreadReadResponse },
  "thread/rollback": { params: ThreadRollbackParams, response: ThreadReadResponse },
  "thread/fork": { params: ThreadForkParams, response: ThreadStartResponse },
  "thread/loaded/list": { params: ThreadLoadedListParams, response: ThreadLoadedListResponse },
  "thread/unsubscribe": { params: ThreadUnsubscribeParams, response: ThreadUnsubscribeResponse },
  "thread/list": { params: ThreadListParams, response: ThreadListResponse },
  "thread/name/set": { params: ThreadNameSetParams, response: EmptyResponse },
  "thread/archive": { params: ThreadArchiveParams, response: EmptyResponse },
  "thread/unarchive": { params: ThreadArchiveParams, response: ThreadUnarchiveResponse },
  "thread/compact/start": { params: ThreadCompactStartParams, response: EmptyResponse },
  "thread/shellCommand": { params: ThreadShellCommandParams, response: EmptyResponse },
  "turn/start": { params: TurnStartParams, response: TurnStartResponse },
  "turn/steer": { params: TurnSteerParams, response: TurnSteerResponse },
  "turn/interrupt": { params: TurnInterruptParams, response: TurnInterruptResponse },
  "thread/queue/add": { params: ThreadQueueAddParams, response: ThreadQueueAddResponse, experimental: true },
  "thread/queue/list": { params: ThreadQueueListParams, response: ThreadQueueListResponse, experimental: true },
  "thread/queue/delete": { params: ThreadQueueDeleteParams, response: ThreadQueueDeleteResponse, experimental: true },
  "thread/queue/reorder": {
    params: ThreadQueueReorderParams,
    response: ThreadQueueReorderResponse,
    experimental: true,
  },
  "model/list": { params: ModelListParams, response: ModelListResponse },
  "config/read": { params: ConfigReadParams, response: ConfigReadResponse },
  "fuzzyFileSearch": { params: FuzzyFileSearchParams, response: FuzzyFileSearchResponse },
  "fuzzyFileSearch/sessionStart": {
    params: FuzzyFileSearchSessionStartParams,
    response: EmptyResponse,
    experimental: true,
  },
  "fuzzyFileSearch/sessionUpdate": {
    params: FuzzyFileSearchSessionUpdateParams,
    response: EmptyResponse,
    experimental: true,
  },
  "fuzzyFileSearch/sessionStop": {
    params: FuzzyFileSearchSessionStopParams,
    response: EmptyResponse,
    experimental: true,
  },
  "thread/revert": { params: ThreadRevertParams, response: ThreadRevertResponse },
  "thread/delete": { params: ThreadDeleteParams, response: EmptyResponse },
  "thread/metadata/update": { params: ThreadMetadataUpdateParams, response: ThreadMetadataUpdateResponse },
  "thread/goal/set": { params: ThreadGoalSetParams, response: ThreadGoalSetResponse },
  "thread/goal/get": { params: ThreadGoalGetParams, response: ThreadGoalGetResponse },
  "thread/goal/clear": { params: ThreadGoalClearParams, response: ThreadGoalClearResponse },
  "turn/settings/update": { params: TurnSettingsUpdateParams, response: EmptyResponse, experimental: true },
  "plugin/list": { params: PluginListParams, response: PluginListResponse },
  "plugin/read": { params: PluginReadParams, response: PluginReadResponse },
  "externalAgentConfig/detect": {
    params: ExternalAgentConfigDetectParams,
    response: ExternalAgentConfigDetectResponse,
  },
  "externalAgentConfig/import": {
    params: ExternalAgentConfigImportParams,
    response: ExternalAgentConfigImportResponse,
  },
  "command/exec": { params: CommandExecParams, response: CommandExecResponse },
  "command/exec/write": { params: CommandExecWriteParams, response: EmptyResponse },
  "command/exec/terminate": { params: CommandExecTerminateParams, response: EmptyResponse },
  "command/exec/resize": { params: CommandExecResizeParams, response: EmptyResponse },
  "config/value/write": { params: ConfigValueWriteParams, response: ConfigWriteResponse },
  "config/batchWrite": { params: ConfigBatchWriteParams, response: ConfigWriteResponse },
  "configRequirements/read": { params: ConfigRequirementsReadParams, response: ConfigRequirementsReadResponse },
  "account/read": { params: GetAccountParams, response: GetAccountResponse },
  "account/login/start": { params: LoginAccountParams, response: LoginAccountResponse },
  "account/logout": { params: EmptyAccountParams, response: EmptyResponse },
  "account/rateLimits/read": { params: EmptyAccountParams, response: GetAccountRateLimitsResponse },
  "review/start": { params: ReviewStartParams, response: ReviewStartResponse },
  "thread/turns/list": { params: ThreadTurnsListParams, response: ThreadTurnsListResponse, experimental: true },
  "thread/items/list": { params: ThreadItemsListParams, response: ThreadItemsListResponse, experimental: true },
} as const satisfies Record<string, ClientRequestSpec>;

/**
 * Client requests a plugin answers (registered with `api.methods.register`; the app-server routes
 * them to it): their wire shapes, declared here like the rest of the wire.
 */
export const PluginClientRequests = {
  /** The `mcp` plugin: read the MCP server config again and restart every server. */
  "config/mcpServer/reload": { params: McpServerReloadParams, response: McpServerReloadResponse },
  /** The `mcp` plugin: OAuth login for an HTTP server; `mcpServer/oauthLogin/completed` follows. */
  "mcpServer/oauth/login": { params: McpServerOauthLoginParams, response: McpServerOauthLoginResponse },
} as const satisfies Record<string, ClientRequestSpec>;

/** A client request method Tern implements. */
export type ClientRequestMethod = keyof typeof ClientRequests;
/** The request map: method → params (after parsing) and response types. */
export type ClientRequestMap = {
  [K in ClientRequestMethod]: {
    params: z.infer<(typeof ClientRequests)[K]["params"]>;
    response: z.infer<(typeof ClientRequests)[K]["response"]>;
  };
};
