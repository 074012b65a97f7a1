/**
 * Cassettes end to end: `tern exec --record` records a real session (the OpenAI provider against
 * the mock Responses server, a plugin tool, a plugin hook), and `@tern/testing` replays it with no
 * server running, passing while the plugin behaves as recorded and failing with a readable diff
 * once it does not.
 */
import { assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { fromFileUrl, join } from "@std/path";
import { parseCassette } from "../kernel/mod.ts";
import { CassetteMismatchError, replay, runTurn } from "@tern/testing";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox, runTern, type Sandbox } from "./support/tern_process.ts";

const greeter = fromFileUrl(new URL("../testing/testdata/greeter/", import.meta.url));

/** Records "greet Ada, then nobody" with tern exec; returns the cassette's path. */
async function record(sandbox: Sandbox): Promise<string> {
  await using mock = await startMockModelServer({
    responses: [
      turnOf(ev.functionCall("call_ada", "greet", { name: "Ada" })),
      turnOf(ev.functionCall("call_nobody", "greet", { name: "nobody" })),
      turnOf(ev.assistantMessage("msg_1", "Greeted Ada; nobody was refused.")),
    ],
  });
  const run = await runTern(sandbox, [
    "-c",
    `extraPlugins=${JSON.stringify([greeter])}`,
    "-c",
    `openai_base_url=${JSON.stringify(mock.url)}`,
    "-c",
    'approval_policy="never"',
    "exec",
    "--record",
    "greet.cassette.jsonl",
    "Greet Ada and nobody",
  ]);
  assertEquals(run.code, 0, run.stderr);
  assertEquals(run.stdout, "Greeted Ada; nobody was refused.\n");
  return join(sandbox.workspace, "greet.cassette.jsonl");
}

Deno.test("tern exec --record writes the requests, the provider's events, tool calls and hook runs", async () => {
  const sandbox = await makeSandbox();
  try {
    const path = await record(sandbox);
    const cassette = await parseCassette(await Deno.readTextFile(path), path);
    assertEquals(cassette.header.provider, "openai");
    assertEquals(cassette.header.prompt, "Greet Ada and nobody");
    const types = cassette.entries.map((e) => e.type);
    assertEquals(types.filter((t) => t === "request").length, 3);
    const calls = cassette.entries.flatMap((e) => e.type === "toolCall" ? [[e.name, e.input, e.output]] : []);
    assertEquals(calls[0], ["greet", '{"name":"Ada"}', "Hello, Ada!"]);
    assertStringIncludes(String(calls[1][2]), "nobody is not a guest");
    const hooks = cassette.entries.flatMap((e) => e.type === "hook" ? [[e.run.eventName, e.run.status]] : []);
    assertEquals(hooks, [["preToolUse", "completed"], ["preToolUse", "blocked"]]);
    const events = cassette.entries.flatMap((e) => e.type === "event" ? [e.event.type] : []);
    assertEquals(events.at(-1), "completed");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("replay() of a recorded cassette passes offline, and fails with the differing output once the plugin changes", async () => {
  const sandbox = await makeSandbox();
  try {
    const path = await record(sandbox);
    const run = await runTurn({ plugins: [greeter], model: replay(path), prompt: "Greet Ada and nobody" });
    assertEquals(run.finalText, "Greeted Ada; nobody was refused.");
    assertEquals(run.toolCalls[0].output, "Hello, Ada!");
    assertStringIncludes(run.toolCalls[1].output ?? "", "nobody is not a guest");

    const error = await assertRejects(
      () =>
        runTurn({
          plugins: [greeter],
          model: replay(path),
          prompt: "Greet Ada and nobody",
          config: { greeter: { greeting: "Howdy" } },
        }),
      CassetteMismatchError,
    );
    assertStringIncludes(error.message, 'tool call 1 of 2 ("greet", call_ada): the output differs');
    assertStringIncludes(error.message, 'expected (recorded): "Hello, Ada!"');
    assertStringIncludes(error.message, 'actual:              "Howdy, Ada!"');
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("tern exec --record keeps a model request that failed, and its replay fails the same way", async () => {
  const sandbox = await makeSandbox();
  try {
    await using mock = await startMockModelServer({
      responses: [{
        status: 400,
        body: { error: { message: "bad request: no such model", type: "invalid_request_error" } },
      }],
    });
    const run = await runTern(sandbox, [
      "-c",
      `openai_base_url=${JSON.stringify(mock.url)}`,
      "exec",
      "--record",
      "failed.cassette.jsonl",
      "hello",
    ]);
    assertEquals(run.code, 1);
    const path = join(sandbox.workspace, "failed.cassette.jsonl");
    const cassette = await parseCassette(await Deno.readTextFile(path), path);
    const error = cassette.entries.find((e) => e.type === "error");
    assertStringIncludes(error?.type === "error" ? error.message : "", "no such model");
    const replayed = await runTurn({ builtins: [], model: replay(cassette), prompt: "hello" });
    assertEquals(replayed.status, "failed");
    assertStringIncludes(replayed.error?.message ?? "", "no such model");
  } finally {
    await sandbox.cleanup();
  }
});
