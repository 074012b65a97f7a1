import { assertEquals, assertStringIncludes } from "@std/assert";
import type { Notification } from "../../kernel/mod.ts";
import { HumanRenderer } from "./human.ts";

function render(events: Notification[]) {
  const out: string[] = [];
  const err: string[] = [];
  const r = new HumanRenderer({ out: (t) => void out.push(t), err: (t) => void err.push(t), color: false });
  for (const e of events) r.render(e);
  return { out: out.join(""), err: err.join("") };
}

const ids = { threadId: "t", turnId: "u" };

Deno.test("HumanRenderer streams the transcript to stderr and gives stdout only the final message, at the end", () => {
  const command = {
    type: "commandExecution" as const,
    id: "c",
    command: "seq 10",
    cwd: "/w",
    processId: null,
    source: "agent" as const,
    commandActions: [],
  };
  const { out, err } = render([
    {
      method: "item/completed",
      params: { ...ids, completedAtMs: 0, item: { type: "agentMessage", id: "m0", text: "I'll count.", phase: null } },
    },
    {
      method: "item/started",
      params: {
        ...ids,
        startedAtMs: 0,
        item: { ...command, status: "inProgress", aggregatedOutput: null, exitCode: null, durationMs: null },
      },
    },
    {
      method: "item/completed",
      params: {
        ...ids,
        completedAtMs: 0,
        item: {
          ...command,
          status: "completed",
          aggregatedOutput: "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
          exitCode: 0,
          durationMs: 3,
        },
      },
    },
    { method: "item/agentMessage/delta", params: { ...ids, itemId: "m", delta: "Ten " } },
    { method: "item/agentMessage/delta", params: { ...ids, itemId: "m", delta: "numbers." } },
    {
      method: "item/completed",
      params: { ...ids, completedAtMs: 0, item: { type: "agentMessage", id: "m", text: "Ten numbers.", phase: null } },
    },
    {
      method: "turn/completed",
      params: {
        threadId: "t",
        turn: {
          id: "u",
          items: [],
          itemsView: "full",
          status: "completed",
          error: null,
          startedAt: 0,
          completedAt: 1,
          durationMs: 1,
        },
      },
    },
  ]);
  assertEquals(out, "Ten numbers.\n");
  assertStringIncludes(err, "I'll count.\n");
  assertStringIncludes(err, "Ten numbers.\n");
  assertStringIncludes(err, "exec seq 10 in /w");
  assertStringIncludes(err, "… 4 lines above");
  assertStringIncludes(err, "  10\n");
  assertStringIncludes(err, "✓ exit 0 · 3 ms");
});

Deno.test("HumanRenderer says a declined command was not run, instead of an unknown exit code", () => {
  const item = {
    type: "commandExecution" as const,
    id: "c",
    command: "rm -rf build",
    cwd: "/w",
    processId: null,
    source: "agent" as const,
    commandActions: [],
    status: "declined" as const,
    aggregatedOutput: null,
    exitCode: null,
    durationMs: null,
  };
  const { err } = render([{
    method: "item/completed",
    params: { threadId: "t", turnId: "u", completedAtMs: 0, item },
  }]);
  assertStringIncludes(err, "✗ declined: not run");
  assertEquals(err.includes("exit ?"), false);
});

Deno.test("HumanRenderer shows the plan and hook runs that did something", () => {
  const run = {
    id: "pre-tool-use:0:/h.json",
    eventName: "preToolUse",
    handlerType: "command" as const,
    executionMode: "sync" as const,
    scope: "turn" as const,
    sourcePath: "/h.json",
    source: "user",
    displayOrder: 0,
    statusMessage: null,
    startedAt: 0,
    completedAt: 0,
    durationMs: 1,
  };
  const { err } = render([
    {
      method: "turn/plan/updated",
      params: {
        ...ids,
        explanation: null,
        plan: [{ step: "Read", status: "completed" }, { step: "Fix", status: "inProgress" }],
      },
    },
    { method: "hook/completed", params: { ...ids, run: { ...run, status: "completed", entries: [] } } },
    {
      method: "hook/completed",
      params: { ...ids, run: { ...run, status: "blocked", entries: [{ kind: "feedback", text: "no rm" }] } },
    },
  ]);
  assertStringIncludes(err, "☑ Read\n  ▶ Fix");
  assertEquals(err.match(/hook preToolUse/g)?.length, 1, "a quiet successful hook is not shown");
  assertStringIncludes(err, "hook preToolUse blocked /h.json\n  feedback: no rm");
});

Deno.test("HumanRenderer shows a tool's progress on stderr, never on stdout", () => {
  const { out, err } = render([
    { method: "item/tool/progress", params: { ...ids, itemId: "call_1", tool: "weather_forecast", message: "asking" } },
  ]);
  assertEquals(out, "");
  assertEquals(err, "weather_forecast: asking\n");
});
