import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { EventBus, type Responder, ToolRegistry } from "../../kernel/mod.ts";
import { fakeContext, type Recorded } from "./_fake_context.ts";
import { createRequestUserInputTool } from "./request_user_input.ts";

const PICK_DB = {
  id: "database",
  header: "Database",
  question: "Which database should the service use?",
  options: [
    { label: "SQLite (Recommended)", description: "No server to run; fine for one machine." },
    { label: "Postgres", description: "Needs a server; scales to many writers." },
  ],
};

/**
 * Calls request_user_input the way the turn loop does (JSON arguments through the registry),
 * with its server request going through a real `EventBus` answered by `responder`, if any.
 */
async function ask(args: unknown, options: { responder?: Responder; signal?: AbortSignal } = {}) {
  const bus = new EventBus({ onError: () => {} });
  if (options.responder) bus.attachResponder(options.responder);
  const registry = new ToolRegistry();
  registry.register(createRequestUserInputTool(), "request-user-input");
  const fake = fakeContext({
    callId: "call_ask",
    toolName: "request_user_input",
    answer: (method, params) => bus.request(method, params, { signal: options.signal }),
  });
  const { result } = await registry.dispatch(
    { callId: "call_ask", name: "request_user_input", input: JSON.stringify(args), kind: "function" },
    fake.ctx,
  );
  const requests = fake.events.filter((e): e is Extract<Recorded, { kind: "request" }> => e.kind === "request");
  return { result, requests };
}

Deno.test("request_user_input sends item/tool/requestUserInput with camelCase questions for the client", async () => {
  const { requests } = await ask({
    questions: [
      PICK_DB,
      { id: "api_token", header: "Token", question: "Paste the deploy token.", is_secret: true },
    ],
  });
  assertEquals(requests, [{
    kind: "request",
    method: "item/tool/requestUserInput",
    params: {
      threadId: "thread-1",
      turnId: "turn-1",
      itemId: "call_ask",
      isBlocking: true,
      questions: [
        { ...PICK_DB, isOther: true, isSecret: false },
        {
          id: "api_token",
          header: "Token",
          question: "Paste the deploy token.",
          isOther: false,
          isSecret: true,
          options: null,
        },
      ],
    },
  }]);
});

Deno.test("request_user_input passes is_other: false through, so the client offers only the options", async () => {
  const { requests } = await ask({ questions: [{ ...PICK_DB, is_other: false }] });
  const params = requests[0].params as { questions: { isOther: boolean }[] };
  assertEquals(params.questions[0].isOther, false);
});

Deno.test("request_user_input hands the model the user's answers as Codex's JSON", async () => {
  const answers = { database: { answers: ["Postgres"] } };
  const { result } = await ask({ questions: [PICK_DB] }, { responder: () => Promise.resolve({ answers }) });
  assert(result.success !== false);
  assertEquals(result.output, '{"answers":{"database":{"answers":["Postgres"]}}}');
});

Deno.test("request_user_input without a client tells the model to proceed on its own judgement", async () => {
  const { result, requests } = await ask({ questions: [PICK_DB] });
  assertEquals(requests.length, 1);
  assertEquals(result.success, false);
  assertEquals(
    result.output,
    'The user could not be asked (no client is attached to answer "item/tool/requestUserInput"); ' +
      "proceed with your best judgement and say what you assumed",
  );
});

Deno.test("request_user_input does not repeat the advice when the decline reason already gives it", async () => {
  const bus = new EventBus({ onError: () => {} });
  bus.setRequestPolicy(() => ({
    status: "declined",
    reason: "nobody can answer questions; proceed with your best judgement and say what you assumed",
  }));
  const fake = fakeContext({ answer: (method, params) => bus.request(method, params) });
  const tool = createRequestUserInputTool();
  const result = await tool.execute({ questions: [PICK_DB] }, fake.ctx);
  assertEquals(
    result.output,
    "The user could not be asked: nobody can answer questions; proceed with your best judgement and say what you assumed",
  );
});

Deno.test("request_user_input reports a client that fails to answer, with its message", async () => {
  const { result } = await ask({ questions: [PICK_DB] }, {
    responder: () => Promise.reject(new Error("the dialog crashed")),
  });
  assertEquals(result.success, false);
  assertStringIncludes(result.output as string, "the client failed to answer: the dialog crashed");
  assertStringIncludes(result.output as string, "proceed with your best judgement");
});

Deno.test("request_user_input ends with a cancelled result when the turn is interrupted while it waits", async () => {
  const controller = new AbortController();
  const pending = ask({ questions: [PICK_DB] }, {
    responder: (_request, signal) => new Promise((_, reject) => signal.addEventListener("abort", reject)),
    signal: controller.signal,
  });
  setTimeout(() => controller.abort(), 10);
  const { result } = await pending;
  assertEquals(result, {
    output: "The user did not answer: the question was cancelled (the turn was interrupted)",
    success: false,
  });
});

Deno.test("request_user_input reports an answer of the wrong shape instead of passing it on", async () => {
  const { result } = await ask({ questions: [PICK_DB] }, {
    responder: () => Promise.resolve({ answers: { database: "Postgres" } }),
  });
  assertEquals(result.success, false);
  assertStringIncludes(result.output as string, "The user's answer could not be read (answers.database:");
});

Deno.test("request_user_input refuses a header over 12 characters without asking", async () => {
  const { result, requests } = await ask({ questions: [{ ...PICK_DB, header: "Which database" }] });
  assertEquals(requests, []);
  assertEquals(result.success, false);
  assertStringIncludes(
    result.output as string,
    'invalid arguments for "request_user_input": questions.0.header: header must be 12 characters or fewer',
  );
});

Deno.test("request_user_input refuses one option, or four questions, without asking", async () => {
  const one = await ask({ questions: [{ ...PICK_DB, options: PICK_DB.options.slice(0, 1) }] });
  assertEquals(one.requests, []);
  assertStringIncludes(one.result.output as string, "questions.0.options: give 2-3 options, or none");
  const ids = ["a", "b", "c", "d"];
  const four = await ask({ questions: ids.map((id) => ({ ...PICK_DB, id })) });
  assertEquals(four.requests, []);
  assertStringIncludes(four.result.output as string, "questions: ask at most 3 questions");
  const none = await ask({ questions: [] });
  assertStringIncludes(none.result.output as string, "questions: ask at least one question");
});

Deno.test("request_user_input refuses two questions with the same id without asking", async () => {
  const { result, requests } = await ask({ questions: [PICK_DB, { ...PICK_DB, question: "Really?" }] });
  assertEquals(requests, []);
  assertEquals(result, {
    output: 'Cannot ask the user: question id "database" is used twice; give each question its own id',
    success: false,
  });
});

Deno.test("the request_user_input spec tells the model the limits it must keep", () => {
  const registry = new ToolRegistry();
  registry.register(createRequestUserInputTool(), "request-user-input");
  const [spec] = registry.specs();
  assert(spec.type === "function");
  const schema = spec.parameters as {
    required: string[];
    properties: {
      questions: {
        maxItems: number;
        items: { required: string[]; properties: { header: { maxLength: number }; options: { maxItems: number } } };
      };
    };
  };
  assertEquals(schema.required, ["questions"]);
  assertEquals(schema.properties.questions.maxItems, 3);
  assertEquals(schema.properties.questions.items.required, ["id", "header", "question"]);
  assertEquals(schema.properties.questions.items.properties.header.maxLength, 12);
  assertEquals(schema.properties.questions.items.properties.options.maxItems, 3);
});
