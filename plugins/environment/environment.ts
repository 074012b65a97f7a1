/**
 * @module
 * The environment context: an `<environment_context>` block, as Codex sends one, telling the
 * model its working directory, shell, date and time zone, and a developer message saying what
 * the sandbox allows and when the user is asked. Without it a model does not know where it is.
 */
import type { ContextContributor, ContextFragment, ContextRequest } from "../../kernel/mod.ts";

/** Where the contributor reads the clock and the user's shell (swappable in tests). */
export interface EnvironmentSource {
  now(): Date;
  shell(): string | undefined;
  timeZone(): string;
}

const realSource: EnvironmentSource = {
  now: () => new Date(),
  shell: () => Deno.env.get("SHELL"),
  timeZone: () => (zone ??= localTimeZone()),
};

let zone: string | undefined;

/**
 * The local time zone's name, without `Intl` (whose first use loads ICU data: about 10 ms of
 * every run's start-up): `TZ`, else the zone `/etc/localtime` links to, else the UTC offset.
 */
function localTimeZone(): string {
  const tz = Deno.env.get("TZ")?.replace(/^:/, "");
  if (tz) return tz;
  try {
    const target = Deno.readLinkSync("/etc/localtime");
    const match = target.match(/zoneinfo\/(.+)$/);
    if (match) return match[1];
  } catch { /* not a link, or no such file */ }
  const offset = -new Date().getTimezoneOffset();
  if (offset === 0) return "UTC";
  const sign = offset > 0 ? "+" : "-";
  const abs = Math.abs(offset);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** Renders the two fragments for one request. */
export function renderEnvironment(request: ContextRequest, source: EnvironmentSource = realSource): ContextFragment[] {
  const date = source.now().toISOString().slice(0, 10);
  const shell = source.shell()?.split("/").at(-1) ?? "sh";
  const environment = [
    "<environment_context>",
    `  <cwd>${request.cwd}</cwd>`,
    `  <shell>${shell}</shell>`,
    `  <current_date>${date}</current_date>`,
    `  <timezone>${source.timeZone()}</timezone>`,
    "</environment_context>",
  ].join("\n");
  return [{ role: "developer", text: permissions(request) }, { role: "user", text: environment }];
}

function permissions(request: ContextRequest): string {
  const { sandbox, approvalPolicy } = request;
  const files = sandbox.mode === "danger-full-access"
    ? "Commands run without a sandbox: they can read and write anywhere the user can."
    : sandbox.mode === "read-only"
    ? "Commands run in a read-only sandbox: they can read files but not write any."
    : `Commands run in a sandbox that can write only to: ${sandbox.writableRoots.join(", ")}.`;
  const network = sandbox.networkAccess ? "Network access is allowed." : "Network access is blocked in the sandbox.";
  const approvals = {
    "untrusted": "Only known-safe read-only commands run without asking; anything else asks the user first.",
    "on-failure":
      "Commands run in the sandbox; if one fails there, the user is asked whether to rerun it without the sandbox.",
    "on-request":
      'Commands run in the sandbox; to run one outside it, set `sandbox_permissions` to "require_escalated" with a short `justification`, and the user is asked.',
    "never": "The user is never asked for approval; work within the sandbox.",
  }[approvalPolicy];
  return `<permissions>\n${files} ${network}\nApproval policy "${approvalPolicy}": ${approvals}\n</permissions>`;
}

/** The contributor registered by the plugin. */
export function createEnvironmentContributor(source: EnvironmentSource = realSource): ContextContributor {
  return { name: "environment", contribute: (request) => renderEnvironment(request, source) };
}
