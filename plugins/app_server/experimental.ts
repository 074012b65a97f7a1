/**
 * @module
 * The experimental-API gate, both ways. Inbound: a method, or a field of its params, marked
 * experimental in the kernel's `ClientRequests` table is refused to a connection that did not
 * set `capabilities.experimentalApi` ("<descriptor> requires experimentalApi capability", as
 * Codex words it). Outbound: notifications and fields marked here are left out of what such a
 * connection receives: Codex's experimental fields of server requests, and Tern's own additions.
 */
import type { ClientRequestSpec } from "../../kernel/mod.ts";

/** Notifications only experimental clients receive (Codex's experimental ones, and Tern's additions). */
export const EXPERIMENTAL_NOTIFICATIONS: ReadonlySet<string> = new Set([
  "skill/activated",
  "item/tool/progress",
  "thread/queue/changed",
  "thread/goal/cleared",
  "thread/settings/updated",
]);

/** Fields of server-request params only experimental clients receive, by method. */
export const EXPERIMENTAL_REQUEST_FIELDS: Readonly<Record<string, readonly string[]>> = {
  "item/commandExecution/requestApproval": ["availableDecisions", "additionalPermissions", "skillMetadata"],
};

/**
 * The gate's refusal for a request from a client without `experimentalApi`, or null when the
 * request uses nothing experimental. A field counts as used when it is set and not null.
 */
export function experimentalRefusal(method: string, spec: ClientRequestSpec, params: unknown): string | null {
  if (spec.experimental) return `${method} requires experimentalApi capability`;
  if (typeof params !== "object" || params === null) return null;
  for (const field of spec.experimentalFields ?? []) {
    const value = (params as Record<string, unknown>)[field];
    if (value !== undefined && value !== null) return `${method}.${field} requires experimentalApi capability`;
  }
  return null;
}

/** `params` without the experimental fields of server request `method` (the same object when it has none). */
export function stripRequestFields(method: string, params: unknown): unknown {
  const fields = EXPERIMENTAL_REQUEST_FIELDS[method];
  if (!fields || typeof params !== "object" || params === null) return params;
  const copy = { ...(params as Record<string, unknown>) };
  for (const field of fields) delete copy[field];
  return copy;
}
