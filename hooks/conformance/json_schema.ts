/**
 * @module
 * Checks a value against the published hook schemas in `docs/schema/hooks/` (draft-07 JSON
 * Schema files generated from the kernel's zod schemas, kept in sync by `hooks/schema_test.ts`).
 * The validator covers the keywords those files use (type, properties, required,
 * additionalProperties, const, enum, items, propertyNames, minimum bounds, anyOf/oneOf/allOf) and
 * reports any other keyword as an issue, so a schema it cannot check never passes silently.
 */
import { fromFileUrl, join } from "@std/path";
import type { HookEventName } from "../../kernel/mod.ts";
import { kebabEventName } from "../events/common.ts";

/** One way a value differs from its schema. */
export interface SchemaIssue {
  /** Where, as a JSON path (`$.tool_input.command`). */
  path: string;
  message: string;
}

/** A JSON Schema object (the subset the hook schemas use). */
export type JsonSchema = Record<string, unknown>;

const SCHEMA_DIR = fromFileUrl(new URL("../../docs/schema/hooks/", import.meta.url));
const IGNORED = new Set(["$schema", "title", "description", "default", "examples", "$comment"]);

/** The path of the published schema of an event's input (what hooks read) or output (what they print). */
export function publishedSchemaPath(event: HookEventName, io: "input" | "output"): string {
  return join(SCHEMA_DIR, `${kebabEventName(event)}.command.${io}.schema.json`);
}

/** Reads a published schema. */
export async function readPublishedSchema(event: HookEventName, io: "input" | "output"): Promise<JsonSchema> {
  const path = publishedSchemaPath(event, io);
  try {
    return JSON.parse(await Deno.readTextFile(path));
  } catch (error) {
    throw new Error(`Cannot read the ${event} ${io} schema "${path}": ${(error as Error).message}`);
  }
}

/**
 * Every issue of `value` against `schema` (empty when it is valid).
 *
 * @example
 * ```ts
 * validateJsonSchema({ type: "object", required: ["a"] }, {}); // [{ path: "$", message: 'missing required "a"' }]
 * ```
 */
export function validateJsonSchema(schema: JsonSchema | boolean, value: unknown, path = "$"): SchemaIssue[] {
  if (schema === true) return [];
  if (schema === false) return [{ path, message: "no value is allowed here" }];
  const issues: SchemaIssue[] = [];
  const add = (message: string, at = path) => issues.push({ path: at, message });
  for (const [keyword, rule] of Object.entries(schema)) {
    switch (keyword) {
      case "type": {
        const types = Array.isArray(rule) ? rule as string[] : [rule as string];
        if (!types.some((t) => hasType(value, t))) add(`expected ${types.join(" or ")}, got ${typeOf(value)}`);
        break;
      }
      case "const":
        if (JSON.stringify(value) !== JSON.stringify(rule)) add(`expected ${JSON.stringify(rule)}`);
        break;
      case "enum":
        if (!(rule as unknown[]).some((v) => JSON.stringify(v) === JSON.stringify(value))) {
          add(`expected one of ${(rule as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`);
        }
        break;
      case "required":
        if (isObject(value)) {
          for (const key of rule as string[]) if (!(key in value)) add(`missing required "${key}"`);
        }
        break;
      case "properties":
        if (isObject(value)) {
          for (const [key, sub] of Object.entries(rule as Record<string, JsonSchema>)) {
            if (key in value) issues.push(...validateJsonSchema(sub, value[key], `${path}.${key}`));
          }
        }
        break;
      case "additionalProperties":
        if (isObject(value)) {
          const known = new Set(Object.keys((schema.properties ?? {}) as object));
          for (const [key, v] of Object.entries(value)) {
            if (known.has(key)) continue;
            if (rule === false) add(`unexpected field "${key}"`);
            else issues.push(...validateJsonSchema(rule as JsonSchema, v, `${path}.${key}`));
          }
        }
        break;
      case "propertyNames":
        if (isObject(value)) {
          for (const key of Object.keys(value)) {
            for (const issue of validateJsonSchema(rule as JsonSchema, key, path)) {
              add(`field name "${key}": ${issue.message}`);
            }
          }
        }
        break;
      case "items":
        if (Array.isArray(value)) {
          value.forEach((item, i) => issues.push(...validateJsonSchema(rule as JsonSchema, item, `${path}[${i}]`)));
        }
        break;
      case "minimum":
      case "exclusiveMinimum":
        if (typeof value === "number") {
          const bound = rule as number;
          if (keyword === "minimum" ? value < bound : value <= bound) add(`expected a number ${keyword} ${bound}`);
        }
        break;
      case "anyOf":
      case "oneOf": {
        const matching = (rule as JsonSchema[]).filter((sub) => validateJsonSchema(sub, value, path).length === 0);
        if (matching.length === 0) add(`matches none of the ${keyword} alternatives`);
        else if (keyword === "oneOf" && matching.length > 1) add("matches more than one oneOf alternative");
        break;
      }
      case "allOf":
        for (const sub of rule as JsonSchema[]) issues.push(...validateJsonSchema(sub, value, path));
        break;
      default:
        if (!IGNORED.has(keyword)) add(`the schema uses "${keyword}", which this checker does not support`);
    }
  }
  return issues;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "object":
      return isObject(value);
    case "array":
      return Array.isArray(value);
    case "null":
      return value === null;
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    default:
      return false;
  }
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
