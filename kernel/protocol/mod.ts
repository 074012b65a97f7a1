/**
 * @module
 * The wire, declared once: app-server v2 shapes as zod schemas (items, turns, threads), the
 * notification table, the server-request table, the client-request table (`methods.ts`), the model
 * history types, the hook event table, and the size limits of request fields (`limits.ts`).
 */
export * from "./items.ts";
export * from "./turn.ts";
export * from "./thread.ts";
export * from "./notifications.ts";
export * from "./server_requests.ts";
export * from "./methods.ts";
export * from "./thread_history.ts";
export * from "./queue.ts";
export * from "./file_search.ts";
export * from "./plugins.ts";
export * from "./external_agent.ts";
export * from "./mcp_oauth.ts";
export * from "./command_exec.ts";
export * from "./config_write.ts";
export * from "./account.ts";
export * from "./review.ts";
export * from "./client_requests.ts";
export * from "./thread_admin.ts";
export * from "./model.ts";
export * from "./hook.ts";
export * from "./limits.ts";
