/**
 * @module
 * `initialize`: the per-connection handshake. It records the client's name, whether it opted
 * into the experimental API, and the notification methods it does not want, then answers with
 * the server's user agent, home (`$TERN_HOME`, under Codex's name `codexHome`) and platform.
 * The server runs it synchronously, so a request right behind it sees the connection ready.
 */
import type { InitializeParams, InitializeResponse } from "../../kernel/mod.ts";
import type { MethodContext } from "./method_context.ts";

/** Answers `initialize` and marks the connection initialized. */
export function initialize(params: InitializeParams, ctx: MethodContext): InitializeResponse {
  const { connection, runtime } = ctx;
  const capabilities = params.capabilities ?? null;
  connection.initialized = true;
  connection.clientName = params.clientInfo.name;
  connection.experimentalApi = capabilities?.experimentalApi ?? false;
  connection.optOut = new Set(capabilities?.optOutNotificationMethods ?? []);
  const os = Deno.build.os;
  const client = `${params.clientInfo.name}/${params.clientInfo.version}`;
  return {
    userAgent: `tern/${runtime.cliVersion} (${os}; ${Deno.build.arch}) ${client}`,
    codexHome: runtime.ternHome,
    platformFamily: os === "windows" ? "windows" : "unix",
    platformOs: os === "darwin" ? "macos" : os,
  };
}
