import { assertEquals, assertNotMatch, assertStringIncludes } from "@std/assert";
import { ev, startMockModelServer, turnOf } from "../../test/support/mock_model.ts";
import { makeSandbox, runTern } from "../../test/support/tern_process.ts";

Deno.test("as a default plugin (request-user-input), headless tern exec tells the model nobody can answer", async () => {
  await using mock = await startMockModelServer({
    responses: [
      turnOf(ev.functionCall("call_1", "request_user_input", {
        questions: [{
          id: "style",
          header: "Style",
          question: "Tabs or spaces?",
          options: [
            { label: "Tabs", description: "One per level." },
            { label: "Spaces", description: "Two per level." },
          ],
        }],
      })),
      turnOf(ev.assistantMessage("msg_1", "I assumed spaces.")),
    ],
  });
  const sandbox = await makeSandbox();
  try {
    const run = await runTern(sandbox, [
      "exec",
      "--json",
      "-c",
      `openai_base_url=${JSON.stringify(mock.url)}`,
      "format the code",
    ]);
    assertEquals(run.code, 0, run.stderr);
    assertNotMatch(run.stderr, /request-user-input/, "the plugin loads without warnings");
    assertEquals(mock.requests.length, 2);
    const output = mock.requests[1].body.input.find((i: { type: string }) => i.type === "function_call_output");
    assertEquals(output.call_id, "call_1");
    assertStringIncludes(output.output, "The user could not be asked");
    assertStringIncludes(output.output, "proceed with your best judgement and say what you assumed");
  } finally {
    await sandbox.cleanup();
  }
});
