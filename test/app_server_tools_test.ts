/**
 * @module
 * The built-in tools' wire traffic through `tern app-server` on the real kernel: apply_patch's
 * `fileChange` item, its `item/fileChange/requestApproval` and `turn/diff/updated`; update_plan's
 * `turn/plan/updated`; request_user_input's `item/tool/requestUserInput` and the answer the model
 * reads. The tools' own tests use a recording context; this one checks what a client receives.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { type AppServerClient, type RpcMessage } from "./support/app_server_client.ts";
import { withMockedStdioServer } from "./support/app_server_process.ts";
import { ev, turnOf } from "./support/mock_model.ts";
import { databaseQuestionCall, planCall } from "./support/tool_calls.ts";

const text = (value: string) => [{ type: "text", text: value, text_elements: [] }];
const at = (client: AppServerClient, message: RpcMessage) => client.messages.indexOf(message);

// deno-lint-ignore no-explicit-any
type Input = any[];

Deno.test("app-server: apply_patch in a read-only sandbox asks with item/fileChange/requestApproval, then turn/diff/updated", async () => {
  const patch = "*** Begin Patch\n*** Add File: notes.txt\n+hello\n*** End Patch\n";
  await withMockedStdioServer({
    responses: [
      turnOf(ev.customToolCall("call_patch", "apply_patch", patch)),
      turnOf(ev.assistantMessage("msg_1", "Added.")),
      turnOf(ev.customToolCall("call_again", "apply_patch", patch.replace("hello", "again"))),
      turnOf(ev.assistantMessage("msg_2", "Declined.")),
    ],
    config: ['sandbox_mode="read-only"', 'approval_policy="on-request"'],
  }, async ({ mock, sandbox, client }) => {
    await client.initialize();
    const thread = (await client.call("thread/start", {})).thread;
    const { turn } = await client.call("turn/start", { threadId: thread.id, input: text("add notes") });

    const request = await client.serverRequest("item/fileChange/requestApproval");
    const started = await client.notification("item/started", (p) => p.item.type === "fileChange");
    assert(at(client, started) < at(client, request), "item/started comes before the request");
    const notes = join(sandbox.workspace, "notes.txt");
    assertEquals({ ...request.params, startedAtMs: 0 }, {
      threadId: thread.id,
      turnId: turn.id,
      itemId: "call_patch",
      startedAtMs: 0,
      reason: `The patch writes outside what the sandbox lets it write: ${notes}`,
      grantRoot: null,
    });
    assertEquals(await Deno.stat(notes).then(() => true, () => false), false, "nothing is written before the answer");
    client.respond(request.id!, { decision: "accept" });

    const completed = await client.notification("item/completed", (p) => p.item.type === "fileChange");
    assertEquals(completed.params.item.status, "completed");
    assertEquals(completed.params.item.changes.map((c: { path: string; kind: unknown }) => [c.path, c.kind]), [
      [notes, { type: "add" }],
    ]);
    assertStringIncludes(completed.params.item.changes[0].diff, "+hello");
    const diff = await client.notification("turn/diff/updated");
    assertEquals([diff.params.threadId, diff.params.turnId], [thread.id, turn.id]);
    assertStringIncludes(diff.params.diff, "--- /dev/null\n+++ b/notes.txt\n@@ -0,0 +1");
    assert(diff.params.diff.endsWith(" @@\n+hello\n"), diff.params.diff);
    await client.notification("turn/completed");
    assertEquals(await Deno.readTextFile(notes), "hello\n");

    await client.call("turn/start", { threadId: thread.id, input: text("again") });
    const second = await client.serverRequest("item/fileChange/requestApproval");
    assertEquals(second.params.itemId, "call_again");
    client.respond(second.id!, { decision: "decline" });
    const declined = await client.notification("item/completed", (p) => p.item.id === "call_again");
    assertEquals(declined.params.item.status, "declined");
    await client.notification("turn/completed");
    assertEquals(await Deno.readTextFile(notes), "hello\n");
    const outputs: Input = mock.requests[3].body.input.filter((i: { type: string }) =>
      i.type === "custom_tool_call_output"
    );
    assertStringIncludes(JSON.stringify(outputs.at(-1)), "The user declined the patch. No files were changed.");
  });
});

Deno.test("app-server: update_plan sends turn/plan/updated, and request_user_input asks the client and passes on the answer", async () => {
  await withMockedStdioServer({
    responses: [
      turnOf(planCall("call_plan")),
      turnOf(databaseQuestionCall("call_ask")),
      turnOf(ev.assistantMessage("msg_1", "Using SQLite.")),
    ],
  }, async ({ mock, client }) => {
    await client.initialize({ experimentalApi: true });
    const thread = (await client.call("thread/start", {})).thread;
    const { turn } = await client.call("turn/start", { threadId: thread.id, input: text("plan it") });

    const plan = await client.notification("turn/plan/updated");
    assertEquals(plan.params, {
      threadId: thread.id,
      turnId: turn.id,
      explanation: "two steps",
      plan: [{ step: "Ask", status: "inProgress" }, { step: "Build", status: "pending" }],
    });

    const question = await client.serverRequest("item/tool/requestUserInput");
    const { threadId, turnId, itemId, isBlocking } = question.params;
    assertEquals([threadId, turnId, itemId, isBlocking], [thread.id, turn.id, "call_ask", true], "the turn waits");
    assertEquals(question.params.questions, [{
      id: "db",
      header: "Database",
      question: "Which database?",
      isOther: true,
      isSecret: false,
      options: [{ label: "Postgres (Recommended)", description: "Robust" }, { label: "SQLite", description: "Simple" }],
    }]);
    client.respond(question.id!, { answers: { db: { answers: ["SQLite"] } } });
    await client.notification("turn/completed");
    const output = mock.requests[2].body.input.find((i: { type: string; call_id?: string }) =>
      i.type === "function_call_output" && i.call_id === "call_ask"
    );
    assertEquals(JSON.parse(output.output), { answers: { db: { answers: ["SQLite"] } } });
  });
});
