/**
 * @module
 * `mcpServer/oauth/login` on the wire (Codex's shapes): the params, the response (the URL the
 * user opens, and the attempt's `loginId`), and the `mcpServer/oauthLogin/completed` payload.
 * Answered by the `mcp` plugin. Zod schemas only, no logic.
 */
import { z } from "zod";
import { lazy } from "./_lazy.ts";
import { boundedArray, idString, nameString } from "./limits.ts";

export const McpServerOauthLoginParams = lazy(() =>
  z.object({
    /** The server's name under `mcpServers` (an HTTP server). */
    name: nameString(),
    scopes: boundedArray(nameString()).nullable().optional(),
    /** Seconds to wait for the browser to come back. @default 300 */
    timeoutSecs: z.number().int().positive().nullable().optional(),
    threadId: idString().nullable().optional(),
    /** Accepted; Tern registers dynamically when the server has no stored client. */
    clientRegistration: z.enum(["auto", "cimd", "dcr"]).nullable().optional(),
  })
);
export type McpServerOauthLoginParams = z.infer<typeof McpServerOauthLoginParams>;

export const McpServerOauthLoginResponse = lazy(() =>
  z.object({ authorizationUrl: z.string(), loginId: z.string().nullable() })
);
export type McpServerOauthLoginResponse = z.infer<typeof McpServerOauthLoginResponse>;

export const McpServerOauthLoginCompleted = lazy(() =>
  z.object({
    name: z.string(),
    success: z.boolean(),
    error: z.string().nullable(),
    loginId: z.string().nullable(),
    threadId: z.string().nullable(),
  })
);
export type McpServerOauthLoginCompleted = z.infer<typeof McpServerOauthLoginCompleted>;
