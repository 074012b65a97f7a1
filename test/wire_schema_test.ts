/**
 * The wire's JSON Schema, generated from the zod tables in `kernel/protocol/`, is kept as a
 * checked-in fixture (`docs/schema/wire.json`) so any change to the wire shows up as a diff in
 * review. Regenerate with `deno task schema` after an intended change.
 */
import { assertEquals } from "@std/assert";
import { fromFileUrl } from "@std/path";
import { z } from "zod";
import { Notifications, PluginClientRequests, ServerRequests, ThreadItem, UserInput } from "../kernel/mod.ts";

const FIXTURE = fromFileUrl(new URL("../docs/schema/wire.json", import.meta.url));

function wireSchema(): Record<string, unknown> {
  const json = (schema: z.ZodType) => {
    const out = z.toJSONSchema(schema, { target: "draft-7", io: "output", unrepresentable: "any" }) as Record<
      string,
      unknown
    >;
    delete out.$schema;
    return out;
  };
  return {
    $comment: "Generated from kernel/protocol by `deno task schema`; do not edit by hand.",
    items: { ThreadItem: json(ThreadItem), UserInput: json(UserInput) },
    notifications: Object.fromEntries(Object.entries(Notifications).map(([method, schema]) => [method, json(schema)])),
    serverRequests: Object.fromEntries(
      Object.entries(ServerRequests).map((
        [method, s],
      ) => [method, { params: json(s.params), response: json(s.response) }]),
    ),
    pluginRequests: Object.fromEntries(
      Object.entries(PluginClientRequests).map((
        [method, s],
      ) => [method, { params: json(s.params), response: json(s.response) }]),
    ),
  };
}

Deno.test("the wire's JSON Schema matches the checked-in fixture docs/schema/wire.json", async () => {
  const current = JSON.stringify(wireSchema(), null, 2) + "\n";
  if (Deno.env.get("UPDATE_SCHEMA") === "1") await Deno.writeTextFile(FIXTURE, current);
  const fixture = await Deno.readTextFile(FIXTURE).catch(() => "(missing: run `deno task schema`)");
  assertEquals(current, fixture, "the wire changed: review it, then run `deno task schema`");
});
