/**
 * @module
 * Tool calls and tool specs several app-server tests script: the model's `update_plan` and
 * `request_user_input` calls (as mock-model events), and a client's dynamic tool.
 */
import { ev, type SseEvent } from "./responses_events.ts";

/** A client's dynamic tool, `jira__lookup` to the model. */
export const LOOKUP_TOOL = {
  namespace: "jira",
  name: "lookup",
  description: "Looks up a ticket",
  inputSchema: { type: "object", properties: { id: { type: "string" } } },
};

/** The model's `update_plan` call: two steps, the first in progress. */
export function planCall(callId: string): SseEvent[] {
  return ev.functionCall(callId, "update_plan", {
    explanation: "two steps",
    plan: [{ step: "Ask", status: "in_progress" }, { step: "Build", status: "pending" }],
  });
}

/** The model's `request_user_input` call: question `db`, "Which database?", Postgres or SQLite. */
export function databaseQuestionCall(callId: string): SseEvent[] {
  return ev.functionCall(callId, "request_user_input", {
    questions: [{
      id: "db",
      header: "Database",
      question: "Which database?",
      options: [{ label: "Postgres (Recommended)", description: "Robust" }, { label: "SQLite", description: "Simple" }],
    }],
  });
}
