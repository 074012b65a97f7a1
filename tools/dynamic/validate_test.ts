import { assertEquals } from "@std/assert";
import { ThreadStartParams } from "../../kernel/mod.ts";
import { validateDynamicTools } from "./validate.ts";

const schema = { type: "object", properties: { id: { type: "string" } } };

Deno.test("validateDynamicTools keeps good specs and names what is wrong with each bad one", () => {
  const { valid, errors } = validateDynamicTools([
    { name: "lookup_ticket", description: "Looks up a ticket", inputSchema: schema },
    { namespace: "jira", name: "search", description: "Searches", inputSchema: { type: "object" } },
    { name: "bad name", description: "x", inputSchema: schema },
    { name: "no_schema", description: "x", inputSchema: { type: "string" } },
    { namespace: "functions", name: "f", description: "x", inputSchema: schema },
    { name: "lookup_ticket", description: "again", inputSchema: schema },
    { namespace: "a".repeat(40), name: "b".repeat(40), description: "x", inputSchema: schema },
  ]);
  assertEquals(valid.map((s) => s.name), ["lookup_ticket", "search"]);
  assertEquals(errors, [
    'Cannot use dynamic tool "bad name": "name" must be 1-64 characters of [a-zA-Z0-9_-]',
    'Cannot use dynamic tool "no_schema": "inputSchema" must be a JSON Schema object with "type": "object"',
    'Cannot use dynamic tool "f": "namespace" is reserved',
    'Cannot use dynamic tool "lookup_ticket": "lookup_ticket" is declared twice',
    `Cannot use dynamic tool "${"b".repeat(40)}": its model name "${"a".repeat(40)}__${
      "b".repeat(40)
    }" is longer than 64 characters`,
  ]);
});

Deno.test("thread/start params refuse a bad dynamic tool spec at the field that is wrong", () => {
  const issue = (dynamicTools: unknown) => {
    const parsed = ThreadStartParams.safeParse({ dynamicTools });
    return parsed.success ? null : [parsed.error.issues[0].path.join("."), parsed.error.issues[0].message];
  };
  assertEquals(issue([{ name: "ok", description: "d", inputSchema: schema }]), null);
  assertEquals(issue([{ name: "é", description: "d", inputSchema: schema }]), [
    "dynamicTools.0.name",
    "must be 1-64 characters of [a-zA-Z0-9_-]",
  ]);
  assertEquals(issue([{ name: "ok", description: "d" }])?.[0], "dynamicTools.0.inputSchema");
  assertEquals(
    issue([{ name: "ok", description: "d", inputSchema: schema }, {
      name: "ok",
      description: "d",
      inputSchema: schema,
    }]),
    ["dynamicTools.1.name", '"ok" is declared twice'],
  );
});
