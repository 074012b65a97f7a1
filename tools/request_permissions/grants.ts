/**
 * @module
 * What the user granted through `request_permissions`, and how it widens a sandbox policy: each
 * granted write folder becomes a writable root, a granted network turns network access on. Turn
 * grants change the turn's policy object (shared by the turn's tool calls); session grants are
 * kept per thread and applied to each later call's policy.
 */
import type { SandboxPolicy } from "../../kernel/mod.ts";

/** A grant: folders that may be written, and whether the network may be reached. */
export interface Grant {
  write: string[];
  network: boolean;
}

/** Widens `policy` in place with `grant` (a full-access policy has nothing to widen). */
export function widen(policy: SandboxPolicy, grant: Grant): void {
  if (policy.mode === "danger-full-access") return;
  for (const root of grant.write) {
    if (!policy.writableRoots.includes(root)) policy.writableRoots.push(root);
  }
  if (grant.network) policy.networkAccess = true;
}

/** The session grants of each thread. */
export class Grants {
  readonly #session = new Map<string, Grant>();

  /** Keeps `grant` for the thread's later turns. */
  addSession(threadId: string, grant: Grant): void {
    const kept = this.#session.get(threadId) ?? { write: [], network: false };
    this.#session.set(threadId, {
      write: [...new Set([...kept.write, ...grant.write])],
      network: kept.network || grant.network,
    });
  }

  /** Applies the thread's session grants to a call's policy. */
  applySession(threadId: string, policy: SandboxPolicy): void {
    const grant = this.#session.get(threadId);
    if (grant) widen(policy, grant);
  }
}
