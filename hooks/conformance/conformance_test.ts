/**
 * Runs the hook conformance kit against Tern's own engine: for every event and both handler
 * kinds, a whole scripted turn per documented behaviour (see `kit.ts`). Each case is a step, so a
 * failure names the event, the handler kind, the behaviour and every check that failed.
 */
import { assertEquals } from "@std/assert";
import type { HandlerKind } from "./behaviour.ts";
import { FIRING_EVENTS } from "./events.ts";
import { readPublishedSchema } from "./json_schema.ts";
import { ALL_CASES, runConformance } from "./kit.ts";

for (const event of FIRING_EVENTS) {
  Deno.test(`conformance kit: ${event} hooks of both kinds get the documented input and each output has its documented effect`, async (t) => {
    const results = await runConformance({ events: [event] });
    for (const kind of ["command", "inProcess"] satisfies HandlerKind[]) {
      assertEquals(results.some((r) => r.kind === kind), true, `no ${kind} case for ${event}`);
    }
    for (const result of results) {
      await t.step(`${result.kind}: ${result.name}`, () => {
        assertEquals(result.checks.filter((c) => !c.ok), [], `${result.event} ${result.kind}: ${result.name}`);
      });
    }
  });
}

/** Every field path of an output schema's objects (`continue`, `hookSpecificOutput.decision.behavior`). */
function schemaFields(schema: Record<string, unknown>, prefix = ""): string[] {
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(properties).flatMap((
    [key, sub],
  ) => [`${prefix}${key}`, ...schemaFields(sub, `${prefix}${key}.`)]);
}

/** Every field path a case's output sets. */
function outputFields(value: unknown, prefix = ""): string[] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, sub]) => [`${prefix}${key}`, ...outputFields(sub, `${prefix}${key}.`)]);
}

Deno.test("conformance kit: every output field of every firing event's published schema is exercised by a case", async () => {
  for (const event of FIRING_EVENTS) {
    const documented = schemaFields(await readPublishedSchema(event, "output"));
    const exercised = new Set(ALL_CASES.filter((c) => c.event === event).flatMap((c) => outputFields(c.hook.output)));
    assertEquals(documented.filter((field) => !exercised.has(field)), [], `${event} fields without a case`);
  }
});
