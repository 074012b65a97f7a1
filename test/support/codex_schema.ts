/**
 * @module
 * Codex 0.169's app-server JSON Schema (the fixture in `test/fixtures/codex_schema/`): its method
 * lists (client requests with their params and response types, server requests, notifications)
 * and a validator that checks a recorded app-server conversation message by message against it,
 * with ajv. Responses are matched to the method of the request they answer, so any method Tern
 * answers that Codex's schema knows is checked, whoever added it.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { RpcMessage } from "./app_server_client.ts";

const FIXTURE = new URL("../fixtures/codex_schema/codex_app_server_protocol.schemas.json", import.meta.url);
/** The `$id` the bundle is registered under, so refs are `codex#/definitions/...`. */
const BUNDLE_ID = "codex";

// deno-lint-ignore no-explicit-any
type Json = any;

/** One method of a schema list, with the definition names of its types (null: no params). */
export interface SchemaMethod {
  method: string;
  params: string | null;
  /** Client and server requests only. */
  response?: string | null;
}

/** The schema's three lists. */
export interface SchemaMethods {
  clientRequests: SchemaMethod[];
  serverRequests: SchemaMethod[];
  notifications: SchemaMethod[];
}

/** Reads the fixture bundle. */
export function loadBundle(): Json {
  return JSON.parse(Deno.readTextFileSync(FIXTURE));
}

/** `#/definitions/v2/ThreadStartParams` → `v2/ThreadStartParams`. */
function definitionPath(ref: string | undefined): string | null {
  return ref ? ref.replace(/^#\/definitions\//, "") : null;
}

function has(bundle: Json, path: string): boolean {
  let node = bundle.definitions;
  for (const part of path.split("/")) node = node?.[part];
  return node !== undefined;
}

/**
 * The response type of a request whose params type is `params`: `XParams` → `XResponse`, in the
 * same namespace. The requests whose response is named otherwise in Codex (most of them take no
 * params) are listed.
 */
function responseOf(bundle: Json, method: string, params: string | null): string | null {
  const irregular: Record<string, string> = {
    "config/value/write": "v2/ConfigWriteResponse",
    "config/batchWrite": "v2/ConfigWriteResponse",
    "memory/reset": "v2/MemoryResetResponse",
    "rollout/compress": "v2/RolloutCompressResponse",
    "account/gatewayOAuth/read": "v2/GatewayOAuthReadResponse",
    "account/gatewayOAuth/login": "v2/GatewayOAuthLoginResponse",
    "account/gatewayOAuth/cancel": "v2/GatewayOAuthCancelResponse",
    "remoteControl/enable": "v2/RemoteControlEnableResponse",
    "remoteControl/disable": "v2/RemoteControlDisableResponse",
    "remoteControl/status/read": "v2/RemoteControlStatusReadResponse",
    "config/mcpServer/reload": "v2/McpServerRefreshResponse",
    "windowsSandbox/readiness": "v2/WindowsSandboxReadinessResponse",
    "accountSession/list": "v2/AccountSessionsResponse",
    "account/logout": "v2/LogoutAccountResponse",
    "account/securitySetup/read": "v2/GetAccountSecuritySetupResponse",
    "account/rateLimits/read": "v2/GetAccountRateLimitsResponse",
    "account/usage/read": "v2/GetAccountTokenUsageResponse",
    "account/workspaceMessages/read": "v2/GetWorkspaceMessagesResponse",
    "externalAgentConfig/import/readHistories": "v2/ExternalAgentConfigImportHistoriesReadResponse",
    "configRequirements/read": "v2/ConfigRequirementsReadResponse",
  };
  if (irregular[method]) return irregular[method];
  if (params === null) return null;
  const guess = params.replace(/Params$/, "Response");
  return has(bundle, guess) ? guess : null;
}

function listOf(bundle: Json, union: string, withResponse: boolean): SchemaMethod[] {
  return bundle.definitions[union].oneOf.map((entry: Json) => {
    const method = entry.properties.method.enum[0] as string;
    const params = definitionPath(entry.properties.params?.$ref);
    return withResponse ? { method, params, response: responseOf(bundle, method, params) } : { method, params };
  });
}

/** The client requests, server requests and notifications the schema declares, in its order. */
export function schemaMethods(bundle: Json = loadBundle()): SchemaMethods {
  return {
    clientRequests: listOf(bundle, "ClientRequest", true),
    serverRequests: listOf(bundle, "ServerRequest", true),
    notifications: listOf(bundle, "ServerNotification", false),
  };
}

/** One message that does not match its type. */
export interface SchemaFailure {
  /** `response to thread/start`, `notification turn/completed`, ... */
  what: string;
  /** The JSON path in the message (`/result/thread/projectId`) and what is wrong there. */
  problems: string[];
  message: unknown;
}

/** What `validateConversation()` found. */
export interface ValidationReport {
  /** Messages checked against a schema type. */
  checked: number;
  failures: SchemaFailure[];
  /** Methods of messages the schema does not know (Tern-only), with counts. */
  unknown: Record<string, number>;
  /** Every method checked, by kind (`response thread/start`, ...), with counts. */
  seen: Record<string, number>;
}

function describe(errors: ErrorObject[] | null | undefined, base: string): string[] {
  return (errors ?? []).map((e) => {
    const where = `${base}${e.instancePath}` || "/";
    const extra = e.keyword === "additionalProperties"
      ? ` (${(e.params as { additionalProperty: string }).additionalProperty})`
      : e.keyword === "enum"
      ? ` (one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)})`
      : "";
    return `${where}: ${e.message}${extra}`;
  });
}

/** Validates app-server traffic against Codex's schema. */
export class CodexSchema {
  readonly methods: SchemaMethods;
  readonly #bundle: Json;
  readonly #ajv: Ajv;
  readonly #compiled = new Map<string, ValidateFunction>();
  readonly #client: Map<string, SchemaMethod>;
  readonly #server: Map<string, SchemaMethod>;
  readonly #notifications: Map<string, SchemaMethod>;

  constructor(bundle: Json = loadBundle()) {
    this.#bundle = bundle;
    this.methods = schemaMethods(bundle);
    // `strict: false`: the bundle uses Rust's int formats (`int64`, `uint32`, ...) and `default`
    // inside `allOf`, which ajv's strict mode rejects; the checks that matter (required fields,
    // types, enums, oneOf) are unaffected. Formats are not checked.
    this.#ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    this.#ajv.addSchema({ ...bundle, $id: BUNDLE_ID });
    this.#client = new Map(this.methods.clientRequests.map((m) => [m.method, m]));
    this.#server = new Map(this.methods.serverRequests.map((m) => [m.method, m]));
    this.#notifications = new Map(this.methods.notifications.map((m) => [m.method, m]));
  }

  #validator(definition: string): ValidateFunction {
    let validate = this.#compiled.get(definition);
    if (!validate) {
      validate = this.#ajv.compile({ $ref: `${BUNDLE_ID}#/definitions/${definition}` });
      this.#compiled.set(definition, validate);
    }
    return validate;
  }

  /** The definition at `path` (`v2/ThreadStartParams`). */
  definition(path: string): Json {
    let node = this.#bundle.definitions;
    for (const part of path.split("/")) node = node?.[part];
    return node;
  }

  /** Problems of `value` against the definition (empty when it matches). */
  check(definition: string, value: unknown, base = ""): string[] {
    const validate = this.#validator(definition);
    return validate(value) ? [] : describe(validate.errors, base);
  }

  /**
   * Checks every message the server sent (`received`): a response against the response type of
   * the request in `sent` it answers (an error reply against JSON-RPC's error object), a
   * notification against its params type (and `emittedAtMs`), a server request against its
   * params type.
   */
  validateConversation(sent: RpcMessage[], received: RpcMessage[]): ValidationReport {
    const report: ValidationReport = { checked: 0, failures: [], unknown: {}, seen: {} };
    const asked = new Map<string, string>();
    for (const m of sent) if (m.method !== undefined && m.id !== undefined) asked.set(String(m.id), m.method);
    const count = (bag: Record<string, number>, key: string) => void (bag[key] = (bag[key] ?? 0) + 1);
    const record = (what: string, problems: string[], message: unknown) => {
      report.checked++;
      count(report.seen, what);
      if (problems.length) report.failures.push({ what, problems, message });
    };
    for (const message of received) {
      if (message.method === undefined) {
        const method = asked.get(String(message.id)) ?? "(unmatched id)";
        if (message.error) {
          record(`error reply to ${method}`, this.check("JSONRPCErrorError", message.error, "/error"), message);
          continue;
        }
        const spec = this.#client.get(method);
        if (!spec) {
          count(report.unknown, `response ${method}`);
          continue;
        }
        if (!spec.response) {
          count(report.unknown, `response ${method} (no response type in the schema)`);
          continue;
        }
        record(`response ${method}`, this.check(spec.response, message.result, "/result"), message);
      } else if (message.id === undefined) {
        const spec = this.#notifications.get(message.method);
        if (!spec) {
          count(report.unknown, `notification ${message.method}`);
          continue;
        }
        const problems = spec.params ? this.check(spec.params, message.params, "/params") : [];
        const { emittedAtMs } = message as { emittedAtMs?: unknown };
        if (emittedAtMs !== undefined && !Number.isInteger(emittedAtMs)) {
          problems.push("/emittedAtMs: must be integer");
        }
        record(`notification ${message.method}`, problems, message);
      } else {
        const spec = this.#server.get(message.method);
        if (!spec) {
          count(report.unknown, `server request ${message.method}`);
          continue;
        }
        record(
          `server request ${message.method}`,
          spec.params ? this.check(spec.params, message.params, "/params") : [],
          message,
        );
      }
    }
    return report;
  }
}

/** The report as text: each failure with its method and JSON paths, then the counts. */
export function formatReport(report: ValidationReport): string {
  const lines = report.failures.map((f) => `${f.what}\n${f.problems.map((p) => `    ${p}`).join("\n")}`);
  const unknown = Object.entries(report.unknown).map(([k, n]) => `${k} ×${n}`).join(", ");
  lines.push(
    `${report.failures.length} of ${report.checked} messages fail Codex 0.169's schema` +
      (unknown ? `; not in the schema (Tern-only): ${unknown}` : ""),
  );
  return lines.join("\n");
}
