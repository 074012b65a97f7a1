/**
 * The JSON Schemas of hook inputs and outputs (generated from `kernel/protocol/hook.ts`) and of
 * the hooks.json format (from `hooks/config.ts`) are checked-in fixtures under
 * `docs/schema/hooks/`, for authors of command hooks; any change shows up as a diff in review.
 * Regenerate with `deno task hooks:schema` after an intended change.
 */
import { assertEquals } from "@std/assert";
import { fromFileUrl, join } from "@std/path";
import { z } from "zod";
import { HookEvents } from "../kernel/mod.ts";
import { HooksFile } from "./config.ts";
import { kebabEventName } from "./events/common.ts";

const DIR = fromFileUrl(new URL("../docs/schema/hooks/", import.meta.url));

function schemaText(schema: z.ZodType, io: "input" | "output", title: string): string {
  const json = z.toJSONSchema(schema, { target: "draft-7", io, unrepresentable: "any" }) as Record<string, unknown>;
  return JSON.stringify({ $schema: json.$schema, title, ...json }, null, 2) + "\n";
}

/** Every fixture file name and its expected text. */
function fixtures(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [event, { input, output }] of Object.entries(HookEvents)) {
    const kebab = kebabEventName(event);
    // What a hook receives is what Tern produces (`output`); what it returns is what Tern accepts (`input`).
    files.set(`${kebab}.command.input.schema.json`, schemaText(input, "output", `${event} hook input`));
    files.set(`${kebab}.command.output.schema.json`, schemaText(output, "input", `${event} hook output`));
  }
  files.set("hooks.schema.json", schemaText(HooksFile, "input", "hooks.json"));
  return files;
}

Deno.test("the hook JSON Schemas match the checked-in fixtures in docs/schema/hooks/", async () => {
  const expected = fixtures();
  if (Deno.env.get("UPDATE_SCHEMA") === "1") {
    await Deno.mkdir(DIR, { recursive: true });
    for (const entry of Deno.readDirSync(DIR)) {
      if (!expected.has(entry.name)) await Deno.remove(join(DIR, entry.name));
    }
    for (const [name, text] of expected) await Deno.writeTextFile(join(DIR, name), text);
  }
  const present = [...Deno.readDirSync(DIR)].map((e) => e.name).sort();
  assertEquals(present, [...expected.keys()].sort(), "run `deno task hooks:schema`");
  for (const [name, text] of expected) {
    assertEquals(
      text,
      await Deno.readTextFile(join(DIR, name)),
      `${name} changed: review it, then run \`deno task hooks:schema\``,
    );
  }
});
