/**
 * @module
 * The one method table (in the style of Codex's `common.rs`): each client request method mapped
 * to its wire spec from the kernel's `ClientRequests` (params and response schemas, experimental
 * marks) and its handler. The server validates params with the spec before a handler runs, so a
 * handler gets typed params. Methods not yet implemented (`thread/fork`, ...) are
 * listed in `docs/protocol.md`; adding one is a row here plus a row in `ClientRequests`. Handlers
 * get a `MethodContext` (`method_context.ts`).
 */
import { type ClientRequestMethod, ClientRequests, type ClientRequestSpec } from "../../kernel/mod.ts";
import type { AnyMethodEntry, Handler, MethodEntry } from "./method_context.ts";
import { configRead, modelList } from "./info_methods.ts";
import {
  fuzzyFileSearch,
  fuzzyFileSearchSessionStart,
  fuzzyFileSearchSessionStop,
  fuzzyFileSearchSessionUpdate,
} from "./file_search_methods.ts";
import { initialize } from "./initialize_method.ts";
import { threadQueueAdd, threadQueueDelete, threadQueueList, threadQueueReorder } from "./queue_methods.ts";
import { threadArchive, threadList, threadNameSet, threadUnarchive } from "./thread_index_methods.ts";
import {
  threadFork,
  threadLoadedList,
  threadRead,
  threadResume,
  threadRollback,
  threadStart,
  threadUnsubscribe,
} from "./thread_methods.ts";
import { threadShellCommand } from "./shell_command_method.ts";
import {
  threadDelete,
  threadGoalClear,
  threadGoalGet,
  threadGoalSet,
  threadMetadataUpdate,
  threadRevert,
  turnSettingsUpdate,
} from "./thread_admin_methods.ts";
import { pluginList, pluginRead } from "./plugin_methods.ts";
import { externalAgentConfigDetect, externalAgentConfigImport } from "./external_agent_methods.ts";
import { accountLoginStart, accountLogout, accountRateLimitsRead, accountRead } from "./account_methods.ts";
import { reviewStart } from "./review_methods.ts";
import { configBatchWrite, configRequirementsRead, configValueWrite } from "./config_write_methods.ts";
import { commandExec, commandExecResize, commandExecTerminate, commandExecWrite } from "./command_exec_methods.ts";
import { threadItemsList, threadTurnsList } from "./thread_history_methods.ts";
import { threadCompactStart, turnInterrupt, turnStart, turnSteer } from "./turn_methods.ts";

function row<M extends ClientRequestMethod>(method: M, handler: Handler<M>): MethodEntry<M> {
  return { ...(ClientRequests[method] as ClientRequestSpec), handler };
}

/** Every method the app-server answers itself. */
export const METHOD_TABLE: { readonly [M in ClientRequestMethod]: MethodEntry<M> } = {
  "initialize": row("initialize", initialize),
  "thread/start": row("thread/start", threadStart),
  "thread/resume": row("thread/resume", threadResume),
  "thread/read": row("thread/read", threadRead),
  "thread/rollback": row("thread/rollback", threadRollback),
  "thread/fork": row("thread/fork", threadFork),
  "thread/loaded/list": row("thread/loaded/list", threadLoadedList),
  "thread/unsubscribe": row("thread/unsubscribe", threadUnsubscribe),
  "thread/list": row("thread/list", threadList),
  "thread/name/set": row("thread/name/set", threadNameSet),
  "thread/archive": row("thread/archive", threadArchive),
  "thread/unarchive": row("thread/unarchive", threadUnarchive),
  "thread/compact/start": row("thread/compact/start", threadCompactStart),
  "thread/shellCommand": row("thread/shellCommand", threadShellCommand),
  "turn/start": row("turn/start", turnStart),
  "turn/steer": row("turn/steer", turnSteer),
  "turn/interrupt": row("turn/interrupt", turnInterrupt),
  "thread/queue/add": row("thread/queue/add", threadQueueAdd),
  "thread/queue/list": row("thread/queue/list", threadQueueList),
  "thread/queue/delete": row("thread/queue/delete", threadQueueDelete),
  "thread/queue/reorder": row("thread/queue/reorder", threadQueueReorder),
  "model/list": row("model/list", modelList),
  "config/read": row("config/read", configRead),
  "fuzzyFileSearch": row("fuzzyFileSearch", fuzzyFileSearch),
  "fuzzyFileSearch/sessionStart": row("fuzzyFileSearch/sessionStart", fuzzyFileSearchSessionStart),
  "fuzzyFileSearch/sessionUpdate": row("fuzzyFileSearch/sessionUpdate", fuzzyFileSearchSessionUpdate),
  "fuzzyFileSearch/sessionStop": row("fuzzyFileSearch/sessionStop", fuzzyFileSearchSessionStop),
  "thread/revert": row("thread/revert", threadRevert),
  "thread/delete": row("thread/delete", threadDelete),
  "thread/metadata/update": row("thread/metadata/update", threadMetadataUpdate),
  "thread/goal/set": row("thread/goal/set", threadGoalSet),
  "thread/goal/get": row("thread/goal/get", threadGoalGet),
  "thread/goal/clear": row("thread/goal/clear", threadGoalClear),
  "turn/settings/update": row("turn/settings/update", turnSettingsUpdate),
  "plugin/list": row("plugin/list", pluginList),
  "plugin/read": row("plugin/read", pluginRead),
  "externalAgentConfig/detect": row("externalAgentConfig/detect", externalAgentConfigDetect),
  "externalAgentConfig/import": row("externalAgentConfig/import", externalAgentConfigImport),
  "command/exec": row("command/exec", commandExec),
  "command/exec/write": row("command/exec/write", commandExecWrite),
  "command/exec/terminate": row("command/exec/terminate", commandExecTerminate),
  "command/exec/resize": row("command/exec/resize", commandExecResize),
  "config/value/write": row("config/value/write", configValueWrite),
  "config/batchWrite": row("config/batchWrite", configBatchWrite),
  "configRequirements/read": row("configRequirements/read", configRequirementsRead),
  "account/read": row("account/read", accountRead),
  "account/login/start": row("account/login/start", accountLoginStart),
  "account/logout": row("account/logout", accountLogout),
  "account/rateLimits/read": row("account/rateLimits/read", accountRateLimitsRead),
  "review/start": row("review/start", reviewStart),
  "thread/turns/list": row("thread/turns/list", threadTurnsList),
  "thread/items/list": row("thread/items/list", threadItemsList),
};

/** The row of `method`, if the table has one. */
export function methodEntry(method: string): AnyMethodEntry | undefined {
  return Object.hasOwn(METHOD_TABLE, method)
    ? METHOD_TABLE[method as ClientRequestMethod] as unknown as AnyMethodEntry
    : undefined;
}
