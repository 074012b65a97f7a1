import { assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { type Cassette, type CassetteEntry, formatCassette, type ModelEvent, parseCassette } from "../kernel/mod.ts";
import { CassetteMismatchError, readCassette, replay, runTurn } from "./mod.ts";

const greeter = new URL("./testdata/greeter/", import.meta.url);

/** A hook run as a cassette records it. */
function hookEntry(status: "completed" | "blocked", entries: { kind: "feedback"; text: string }[] = []): CassetteEntry {
  return {
    type: "hook",
    run: {
      id: "h1",
      eventName: "preToolUse",
      handlerType: "inProcess",
      executionMode: "sync",
      scope: "turn",
      sourcePath: "plugin:greeter",
      source: "plugin",
      displayOrder: 0,
      status,
      statusMessage: null,
      startedAt: 0,
      completedAt: 0,
      durationMs: 0,
      entries,
    },
  };
}

/**
 * A cassette of one greet call (with `output` as recorded) and a final answer; by default the
 * greeter's PreToolUse hook ran and let the call through.
 */
function greetCassette(output: string, options: { cwd?: string; hooks?: CassetteEntry[] } = {}): Cassette {
  const call: ModelEvent = {
    type: "itemDone",
    outputIndex: 0,
    item: { type: "function_call", name: "greet", arguments: '{"name":"Ada"}', call_id: "call_1" },
  };
  const answer: ModelEvent = {
    type: "itemDone",
    outputIndex: 0,
    item: { type: "message", role: "assistant", content: [{ type: "output_text", text: "done" }] },
  };
  const request = { model: "m", instructions: "", input: [], tools: [], parallelToolCalls: true };
  return {
    source: "greet.cassette.jsonl",
    header: {
      type: "header",
      version: 1,
      tern: "0.1.0",
      recordedAt: "2025-01-01T00:00:00Z",
      cwd: options.cwd ?? "/recorded/ws",
      provider: "openai",
      model: "m",
      prompt: "Greet Ada",
    },
    entries: [
      { type: "request", index: 0, request },
      { type: "event", index: 0, event: call },
      { type: "toolCall", callId: "call_1", name: "greet", input: '{"name":"Ada"}', output },
      { type: "event", index: 0, event: { type: "completed" } },
      ...(options.hooks ?? [hookEntry("completed")]),
      { type: "request", index: 1, request },
      { type: "event", index: 1, event: answer },
      { type: "event", index: 1, event: { type: "completed" } },
    ],
  };
}

Deno.test("replay() streams the recorded events and passes when the plugin behaves as recorded", async () => {
  const run = await runTurn({ plugins: [greeter], model: replay(greetCassette("Hello, Ada!")), prompt: "Greet Ada" });
  assertEquals(run.finalText, "done");
  assertEquals(run.toolCalls.map((c) => c.output), ["Hello, Ada!"]);
});

Deno.test("replay() names the step and shows recorded versus actual lines when a multi-line output changed", async () => {
  const recorded = "Hello, Ada!\nline two\nline three";
  const error = await assertRejects(
    () => runTurn({ plugins: [greeter], model: replay(greetCassette(recorded)), prompt: "Greet Ada" }),
    CassetteMismatchError,
  );
  assertStringIncludes(error.message, 'tool call 1 of 1 ("greet", call_1): the output differs');
  assertStringIncludes(
    error.message,
    "from line 2 (- recorded, + actual):\n      Hello, Ada!\n    - line two\n    - line three",
  );
});

Deno.test("replay() reports a hook decision that changed", async () => {
  const hook = hookEntry("blocked", [{ kind: "feedback", text: "not today" }]);
  const error = await assertRejects(
    () => runTurn({ plugins: [greeter], model: replay(greetCassette("Hello, Ada!", { hooks: [hook] })), prompt: "x" }),
    CassetteMismatchError,
  );
  assertStringIncludes(error.message, "hook run 1 of 1 differs");
  assertStringIncludes(error.message, "- preToolUse blocked\n    - feedback: not today\n    + preToolUse completed");
});

Deno.test("replay() reads the recorded workspace path as the replay's own workspace", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // A plugin whose output names the workspace: a path that differs on every run.
    await Deno.writeTextFile(`${dir}/plugin.jsonc`, '{ "name": "where", "contributes": { "tools": ["greet"] } }');
    await Deno.writeTextFile(
      `${dir}/mod.ts`,
      `import { z } from "zod";
import { definePlugin, tool } from "${new URL("../kernel/mod.ts", import.meta.url).href}";
export default definePlugin({ name: "where", setup(api) {
  api.tools.register(tool({ name: "greet", description: "", parameters: z.object({ name: z.string() }),
    execute: (_args, ctx) => Promise.resolve({ output: "in " + ctx.cwd }) }));
} });`,
    );
    const tape = greetCassette("in /recorded/ws", { cwd: "/recorded/ws", hooks: [] });
    const run = await runTurn({ plugins: [dir], builtins: ["builtin:hooks"], model: replay(tape), prompt: "x" });
    assertEquals(run.toolCalls[0].output, `in ${run.workspace}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("replay() fails when the run asks the model more often than recorded", async () => {
  const tape = greetCassette("Hello, Ada!");
  tape.entries.splice(tape.entries.findIndex((e) => e.type === "request" && e.index === 1)); // drop response 2
  const error = await assertRejects(
    () => runTurn({ plugins: [greeter], model: replay(tape), prompt: "Greet Ada" }),
    CassetteMismatchError,
  );
  assertStringIncludes(error.message, "the run made 2 model requests; the cassette recorded 1");
});

Deno.test("readCassette() round-trips formatCassette(), and parseCassette() names the bad line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const tape = greetCassette("Hello, Ada!");
    await Deno.writeTextFile(`${dir}/t.jsonl`, formatCassette(tape));
    const read = await readCassette(`${dir}/t.jsonl`);
    assertEquals(read.entries, tape.entries);
    const broken = formatCassette(tape).replace('"type":"toolCall"', '"type":"toolcall"');
    let message = "";
    try {
      await parseCassette(broken, "t.jsonl");
    } catch (error) {
      message = (error as Error).message;
    }
    assertEquals(message, 't.jsonl:4: Cannot read cassette: unknown entry type "toolcall"');
    let syntax = "";
    try {
      await parseCassette(formatCassette(tape).replace('"type":"toolCall",', '"type":"toolCall" '), "t.jsonl");
    } catch (error) {
      syntax = (error as Error).message;
    }
    assertEquals(syntax, 't.jsonl:4:20: Cannot parse cassette: expected ","');
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
