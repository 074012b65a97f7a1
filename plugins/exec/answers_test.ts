import { assertEquals, assertStringIncludes } from "@std/assert";
import { EventBus } from "../../kernel/mod.ts";
import { headlessPolicy, terminalResponder } from "./answers.ts";

function terminal(lines: string[]) {
  const written: string[] = [];
  const bus = new EventBus();
  bus.attachResponder(terminalResponder((t) => void written.push(t), () => Promise.resolve(lines.shift() ?? null)));
  return { bus, written };
}

const approval = (command: string) => ({
  threadId: "t",
  turnId: "u",
  itemId: "i",
  startedAtMs: 0,
  command,
  cwd: "/work",
  reason: "needs the network",
});

Deno.test("terminalResponder() maps y / a / n / c to approval decisions, asking again on other input", async () => {
  const { bus, written } = terminal(["y", "A", "maybe", "n", "c"]);
  const ask = (c: string) => bus.request("item/commandExecution/requestApproval", approval(c));
  assertEquals(await ask("npm install"), { status: "answered", response: { decision: "accept" } });
  assertEquals(await ask("npm test"), { status: "answered", response: { decision: "acceptForSession" } });
  assertEquals(await ask("rm -rf dist"), { status: "answered", response: { decision: "decline" } });
  assertEquals(await ask("curl x"), { status: "answered", response: { decision: "cancel" } });
  const text = written.join("");
  assertStringIncludes(text, "Run `npm install` in /work?");
  assertStringIncludes(text, "reason: needs the network");
  assertStringIncludes(text, "Please answer y, a, n or c");
});

Deno.test("terminalResponder() asks parallel approvals one at a time, in order", async () => {
  const { bus, written } = terminal(["y", "n"]);
  const [first, second] = await Promise.all([
    bus.request("item/commandExecution/requestApproval", approval("first")),
    bus.request("item/commandExecution/requestApproval", approval("second")),
  ]);
  assertEquals(first, { status: "answered", response: { decision: "accept" } });
  assertEquals(second, { status: "answered", response: { decision: "decline" } });
  const text = written.join("");
  assertEquals(text.indexOf("first") < text.indexOf("second"), true);
});

Deno.test("terminalResponder() answers questions by option number or free text", async () => {
  const { bus } = terminal(["2", "blue-green"]);
  const outcome = await bus.request("item/tool/requestUserInput", {
    threadId: "t",
    turnId: "u",
    itemId: "i",
    isBlocking: true,
    questions: [
      {
        id: "db",
        header: "Database",
        question: "Which database?",
        isOther: false,
        isSecret: false,
        options: [{ label: "SQLite", description: "" }, { label: "Postgres", description: "server" }],
      },
      { id: "deploy", header: "Deploy", question: "Strategy?", isOther: true, isSecret: false, options: null },
    ],
  });
  assertEquals(outcome, {
    status: "answered",
    response: { answers: { db: { answers: ["Postgres"] }, deploy: { answers: ["blue-green"] } } },
  });
});

Deno.test("headlessPolicy declines with a reason the model can act on", async () => {
  const bus = new EventBus();
  bus.setRequestPolicy(headlessPolicy);
  const outcome = await bus.request("item/commandExecution/requestApproval", approval("npm install"));
  assertEquals(outcome.status, "declined");
  if (outcome.status === "declined") assertStringIncludes(outcome.reason, "without a terminal");
  // What it suggests must be able to help: not -a never (it refuses instead of asking) or --full-auto (on-request).
  if (outcome.status === "declined") assertStringIncludes(outcome.reason, "-s danger-full-access");
});
