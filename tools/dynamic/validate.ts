/**
 * @module
 * Checks a thread's dynamic tool specs with the wire's own schema (`DynamicToolSpec`): names and
 * namespaces of 1-64 `[a-zA-Z0-9_-]`, no reserved namespace, an object input schema, and model
 * names (`namespace__name`) unique and at most 64 characters. The app-server refuses bad specs at
 * `thread/start` with the same schema; this guards threads started any other way.
 */
import { dynamicToolModelName, DynamicToolSpec } from "../../kernel/mod.ts";

/** The specs that passed, and a sentence for each one that did not. */
export interface ValidatedDynamicTools {
  valid: DynamicToolSpec[];
  errors: string[];
}

/** Splits `specs` into valid ones and errors; the first of two specs with one model name wins. */
export function validateDynamicTools(specs: readonly unknown[]): ValidatedDynamicTools {
  const valid: DynamicToolSpec[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  specs.forEach((raw, i) => {
    const label = describe(raw, i);
    const parsed = DynamicToolSpec.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.length ? `"${issue.path.join(".")}" ` : "";
      errors.push(`Cannot use dynamic tool ${label}: ${field}${issue.message}`);
      return;
    }
    const name = dynamicToolModelName(parsed.data);
    if (name.length > 64) {
      errors.push(`Cannot use dynamic tool ${label}: its model name "${name}" is longer than 64 characters`);
    } else if (seen.has(name)) {
      errors.push(`Cannot use dynamic tool ${label}: "${name}" is declared twice`);
    } else {
      seen.add(name);
      valid.push(parsed.data);
    }
  });
  return { valid, errors };
}

function describe(raw: unknown, index: number): string {
  const name = (raw as { name?: unknown } | null)?.name;
  return typeof name === "string" ? `"${name}"` : `#${index}`;
}
