import { assertEquals, assertNotMatch } from "@std/assert";
import { ev, startMockModelServer, turnOf } from "../../test/support/mock_model.ts";
import { makeSandbox, runTern } from "../../test/support/tern_process.ts";

Deno.test("as a default plugin (update-plan), tern exec --json shows the model's plan as a todo_list", async () => {
  await using mock = await startMockModelServer({
    responses: [
      turnOf(ev.functionCall("call_1", "update_plan", {
        plan: [{ step: "Read the code", status: "completed" }, { step: "Fix the bug", status: "in_progress" }],
      })),
      turnOf(ev.assistantMessage("msg_1", "Fixed.")),
    ],
  });
  const sandbox = await makeSandbox();
  try {
    const run = await runTern(sandbox, [
      "exec",
      "--json",
      "-c",
      `openai_base_url=${JSON.stringify(mock.url)}`,
      "fix the bug",
    ]);
    assertEquals(run.code, 0, run.stderr);
    assertNotMatch(run.stderr, /update-plan/, "the plugin loads without warnings");
    const todo = run.events.filter((e) => (e.item as { type?: string } | undefined)?.type === "todo_list");
    assertEquals(todo.map((e) => e.type), ["item.started", "item.completed"]);
    assertEquals((todo[1].item as { items: unknown }).items, [
      { text: "Read the code", completed: true },
      { text: "Fix the bug", completed: false },
    ]);
    const output = mock.requests[1].body.input.find((i: { type: string }) => i.type === "function_call_output");
    assertEquals(output, { type: "function_call_output", call_id: "call_1", output: "Plan updated" });
  } finally {
    await sandbox.cleanup();
  }
});
