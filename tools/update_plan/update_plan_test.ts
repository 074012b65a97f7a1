import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { ToolRegistry } from "../../kernel/mod.ts";
import { fakeContext } from "./_fake_context.ts";
import { createUpdatePlanTool } from "./update_plan.ts";

/** Calls update_plan the way the turn loop does: JSON arguments through the registry. */
async function callUpdatePlan(args: unknown) {
  const registry = new ToolRegistry();
  registry.register(createUpdatePlanTool(), "update-plan");
  const fake = fakeContext({ toolName: "update_plan" });
  const { result } = await registry.dispatch(
    { callId: "call-1", name: "update_plan", input: JSON.stringify(args), kind: "function" },
    fake.ctx,
  );
  return { result, events: fake.events };
}

Deno.test("update_plan publishes turn/plan/updated with the status inProgress as on the wire", async () => {
  const { result, events } = await callUpdatePlan({
    explanation: "Tests first, then the fix",
    plan: [
      { step: "Write a failing test", status: "completed" },
      { step: "Fix the parser", status: "in_progress" },
      { step: "Update the docs", status: "pending" },
    ],
  });
  assertEquals(result, { output: "Plan updated" });
  assertEquals(events, [{
    kind: "notification",
    topic: "turn/plan/updated",
    params: {
      threadId: "thread-1",
      turnId: "turn-1",
      explanation: "Tests first, then the fix",
      plan: [
        { step: "Write a failing test", status: "completed" },
        { step: "Fix the parser", status: "inProgress" },
        { step: "Update the docs", status: "pending" },
      ],
    },
  }]);
});

Deno.test("update_plan without an explanation publishes explanation null", async () => {
  const { result, events } = await callUpdatePlan({ plan: [{ step: "Read the code", status: "pending" }] });
  assertEquals(result.output, "Plan updated");
  assertEquals(events.length, 1);
  const params = (events[0] as { params: { explanation: unknown } }).params;
  assertEquals(params.explanation, null);
});

Deno.test("update_plan with an empty plan clears the plan clients show", async () => {
  const { result, events } = await callUpdatePlan({ plan: [] });
  assertEquals(result.output, "Plan updated");
  assertEquals((events[0] as { params: { plan: unknown[] } }).params.plan, []);
});

Deno.test("update_plan refuses two in_progress steps, names them, and publishes nothing", async () => {
  const { result, events } = await callUpdatePlan({
    plan: [
      { step: "Fix the parser", status: "in_progress" },
      { step: "Update the docs", status: "in_progress" },
      { step: "Release", status: "pending" },
    ],
  });
  assertEquals(result.success, false);
  const output = result.output as string;
  assertStringIncludes(output, "at most one step can be in_progress at a time, but 2 are");
  assertStringIncludes(output, '"Fix the parser", "Update the docs"');
  assertEquals(events, []);
});

Deno.test("update_plan rejects an unknown status with an error that lists the allowed ones", async () => {
  const { result, events } = await callUpdatePlan({ plan: [{ step: "Fix it", status: "done" }] });
  assertEquals(result.success, false);
  const output = result.output as string;
  assertStringIncludes(output, 'invalid arguments for "update_plan": plan.0.status');
  for (const status of ["pending", "in_progress", "completed"]) assertStringIncludes(output, status);
  assertEquals(events, []);
});

Deno.test("update_plan rejects a call without a plan", async () => {
  const { result } = await callUpdatePlan({ explanation: "nothing to do" });
  assertEquals(result.success, false);
  assertStringIncludes(result.output as string, "plan");
});

Deno.test("the update_plan spec shows the model the plan shape and the one-in-progress rule", () => {
  const registry = new ToolRegistry();
  registry.register(createUpdatePlanTool(), "update-plan");
  const [spec] = registry.specs();
  assert(spec.type === "function");
  assertStringIncludes(spec.description, "At most one step can be in_progress at a time.");
  const schema = spec.parameters as {
    required: string[];
    properties: { plan: { items: { required: string[]; properties: { status: { enum: string[] } } } } };
  };
  assertEquals(schema.required, ["plan"]);
  assertEquals(schema.properties.plan.items.required, ["step", "status"]);
  assertEquals(schema.properties.plan.items.properties.status.enum, ["pending", "in_progress", "completed"]);
});
