import { assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { FakeClock, runTurn } from "./mod.ts";
import { displayCommand } from "../lib/shell_words/mod.ts";

const greeter = new URL("./testdata/greeter/", import.meta.url);

Deno.test("runTurn() runs a whole turn: the model's tool call reaches the plugin and the answer ends it", async () => {
  const run = await runTurn({
    plugins: [greeter],
    model: [
      { toolCall: { name: "greet", args: { name: "Ada" } } },
      { text: ({ lastToolOutput }) => `The tool said: ${lastToolOutput}` },
    ],
    prompt: "Greet Ada",
  });
  assertEquals(run.status, "completed");
  assertEquals(run.toolCalls.map((c) => [c.name, c.args, c.output]), [["greet", { name: "Ada" }, "Hello, Ada!"]]);
  assertEquals(run.finalText, "The tool said: Hello, Ada!");
  assertEquals(run.progress.map((p) => p.message), ["greeting Ada"]);
  assertStringIncludes(run.files["guests.txt"], "Ada at ");
  assertEquals(run.requests.length, 2);
  assertEquals(run.items("userMessage").length, 1);
  assertEquals(run.warnings, []);
});

Deno.test("runTurn() shows a hook's decision: the PreToolUse deny blocks the call and the model reads why", async () => {
  const run = await runTurn({
    plugins: [greeter],
    model: [{ toolCall: { name: "greet", args: { name: "nobody" } } }, { text: "ok" }],
    prompt: "Greet nobody",
  });
  assertEquals(run.hookRuns.map((h) => [h.eventName, h.status]), [["preToolUse", "blocked"]]);
  assertStringIncludes(run.toolCalls[0].output ?? "", "nobody is not a guest");
  assertEquals(run.files["guests.txt"], undefined);
});

Deno.test("runTurn() passes config sections to the plugin and answers ctx.ask() from userInput", async () => {
  const run = await runTurn({
    plugins: [greeter],
    model: [
      { toolCall: { name: "greet", args: { name: "Bo", confirm: true } } },
      { toolCall: { name: "greet", args: { name: "Cy", confirm: true } } },
      { text: "done" },
    ],
    prompt: "Greet Bo and Cy",
    config: { greeter: { greeting: "Howdy" } },
    userInput: ["yes", "no"],
  });
  assertEquals(run.toolCalls.map((c) => c.output), ["Howdy, Bo!", "Not greeted"]);
  assertEquals(run.serverRequests.map((r) => r.method), ["item/tool/requestUserInput", "item/tool/requestUserInput"]);
});

Deno.test("runTurn() with a FakeClock: a tool that waits an hour on api.clock finishes at once, at fake time", async () => {
  const clock = new FakeClock({ start: Date.UTC(2030, 0, 1), autoAdvance: true });
  const started = performance.now();
  const run = await runTurn({
    plugins: [greeter],
    model: [{ toolCall: { name: "greet", args: { name: "Di", waitMinutes: 60 } } }, { text: "done" }],
    prompt: "Greet Di in an hour",
    clock,
  });
  assertEquals(run.files["guests.txt"], "Di at 2030-01-01T01:00:00.000Z\n");
  assertEquals(performance.now() - started < 5_000, true);
});

Deno.test("runTurn() fails loudly when the plugin under test does not load", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/plugin.jsonc`, '{ "name": "broken" }');
    await Deno.writeTextFile(
      `${dir}/mod.ts`,
      "export default { name: 'broken', setup() { throw new Error('boom'); } };",
    );
    await assertRejects(
      () => runTurn({ plugins: [dir], model: [{ text: "hi" }], prompt: "hi" }),
      Error,
      'Cannot load plugin "broken": setup() threw: boom',
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runTurn() ends the turn 'failed' with a clear error when the model script runs out", async () => {
  const run = await runTurn({
    plugins: [greeter],
    model: [{ toolCall: { name: "greet", args: { name: "Ed" } } }],
    prompt: "Greet Ed",
  });
  assertEquals(run.status, "failed");
  assertStringIncludes(run.error?.message ?? "", "no response for model request 2 (it has 1)");
});

Deno.test("runTurn() runs the built-in tools too: a shell call shows up as a commandExecution item", async () => {
  const run = await runTurn({
    model: [{ toolCall: { name: "shell_command", args: { command: "cat hello.txt" } } }, { text: "done" }],
    prompt: "show hello.txt",
    files: { "hello.txt": "hi from the workspace\n" },
  });
  const [command] = run.items("commandExecution");
  assertEquals([displayCommand(command.command), command.exitCode], ["cat hello.txt", 0]);
  assertStringIncludes(command.aggregatedOutput ?? "", "hi from the workspace");
});
