/**
 * @module
 * A permission request (`item/permissions/requestApproval`, the model's `request_permissions`)
 * as the approval prompt shows it, and the answer each decision sends: `y` grants everything
 * asked for this turn, `a` for the session, `n` (with an optional note) and Esc grant nothing.
 * The response carries the granted permissions and the scope, as Codex's does.
 */
import type { ServerRequestMap } from "../../kernel/mod.ts";
import type { ApprovalRequest, Decision } from "./approval.ts";

type Request = ServerRequestMap["item/permissions/requestApproval"];
/** The request's params. */
export type PermissionsParams = Request["params"];

/** What the prompt shows for the request. */
export function permissionsPrompt(p: PermissionsParams): ApprovalRequest {
  const write = p.permissions.fileSystem?.write ?? [];
  const read = p.permissions.fileSystem?.read ?? [];
  return {
    title: "Grant these permissions?",
    details: [
      ...write.map((path) => `write: ${path}`),
      ...read.map((path) => `read: ${path}`),
      ...(p.permissions.network?.enabled ? ["network: reach the network from commands"] : []),
    ],
    cwd: p.cwd,
    reason: p.reason ?? null,
    decisions: ["accept", "acceptForSession", "decline", "cancel"],
    labels: {
      accept: "Yes, for this turn",
      acceptForSession: "Yes, for the rest of this session",
      decline: "No, and tell the model",
      cancel: "No, and stop the turn",
    },
  };
}

/** The response for `decision`: everything asked (for the turn or the session), or nothing. */
export function permissionsResponse(p: PermissionsParams, decision: Decision): Request["response"] {
  if (decision === "accept" || decision === "acceptForSession") {
    return { permissions: p.permissions, scope: decision === "accept" ? "turn" : "session" };
  }
  return { permissions: {}, scope: "turn" };
}
