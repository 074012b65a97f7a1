/**
 * @module
 * Model-facing names and schemas for MCP tools. Names are `mcp__<server>__<tool>` (what hook
 * matchers see), sanitised to `[a-zA-Z0-9_-]`; a name over 64 characters is cut and ends in a
 * short hash of the full name, so it stays unique and stable across runs.
 */

const MAX_NAME = 64;

/** The tool's name for the model: `mcp__<server>__<tool>`, API-valid and at most 64 characters. */
export function mcpToolName(server: string, tool: string): string {
  const full = `mcp__${sanitize(server)}__${sanitize(tool)}`;
  if (full.length <= MAX_NAME) return full;
  const hash = fnv1a(`${server}\u0000${tool}`);
  return `${full.slice(0, MAX_NAME - hash.length - 1)}_${hash}`;
}

function sanitize(part: string): string {
  return part.replace(/[^a-zA-Z0-9_-]/g, "_");
}

/** 32-bit FNV-1a as 8 hex digits: short, stable, dependency-free. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/**
 * The tool's input schema made acceptable to the model API: an object at the top with
 * `properties` (filled in when missing); `$schema` is dropped.
 */
export function modelInputSchema(schema: unknown): Record<string, unknown> {
  const input = schema && typeof schema === "object" && !Array.isArray(schema)
    ? { ...(schema as Record<string, unknown>) }
    : {};
  delete input.$schema;
  if (input.type !== "object") {
    return { type: "object", properties: {} };
  }
  if (!input.properties || typeof input.properties !== "object") input.properties = {};
  return input;
}
