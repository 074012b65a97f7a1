import { assertEquals, assertStringIncludes } from "@std/assert";
import { ElicitationForm, type ElicitationParams } from "./elicitation_form.ts";

const form = (requestedSchema: Record<string, unknown>) =>
  new ElicitationForm({
    threadId: "t",
    turnId: "u",
    serverName: "srv",
    mode: "form",
    message: "Fill in",
    requestedSchema,
  } as ElicitationParams);

const SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
/** The form as drawn, colours taken out. */
const shown = (f: ElicitationForm) => f.render(80).join("\n").replace(SGR, "");

const keys = (f: ElicitationForm, ...data: string[]) => data.map((d) => f.handleKey(d)).at(-1);

Deno.test("an elicitation form checks integers against the schema and sends typed values", () => {
  const f = form({
    type: "object",
    properties: { count: { type: "integer", minimum: 1, maximum: 10 }, note: { type: "string" } },
    required: ["count"],
  });
  assertEquals(keys(f, "\r"), null);
  assertStringIncludes(shown(f), "count: required");
  assertEquals(keys(f, "2", ".", "5", "\r"), null);
  assertStringIncludes(shown(f), '"2.5" is not a whole number');
  assertEquals(keys(f, "\x7f", "\x7f", "\x7f", "1", "2", "\r"), null);
  assertStringIncludes(shown(f), "must be at most 10");
  // The optional note left empty is not sent.
  assertEquals(keys(f, "\x7f", "\r"), { respond: { action: "accept", content: { count: 1 } } });
});

Deno.test("an elicitation form's choices: enumNames and oneOf titles shown, values sent; Ctrl+D declines, Esc cancels", () => {
  const f = form({
    type: "object",
    properties: {
      pet: { type: "string", enum: ["p1", "p2"], enumNames: ["Cats", "Dogs"], default: "p1" },
      fish: { type: "array", items: { anyOf: [{ const: "f1", title: "Tuna" }, { const: "f2", title: "Trout" }] } },
    },
  });
  assertStringIncludes(shown(f), "Cats  Dogs");
  assertStringIncludes(shown(f), "[ ] Tuna  [ ] Trout");
  // Right picks Dogs; on the next field Right then Space ticks Trout.
  assertEquals(keys(f, "\x1b[C", "\x1b[B", "\x1b[C", " ", "\r"), {
    respond: { action: "accept", content: { pet: "p2", fish: ["f2"] } },
  });
  assertEquals(keys(form({ type: "object", properties: { a: { type: "string" } } }), "\x04"), {
    respond: { action: "decline" },
  });
  assertEquals(keys(form({ type: "object", properties: {} }), "\x1b"), { respond: { action: "cancel" } });
});
