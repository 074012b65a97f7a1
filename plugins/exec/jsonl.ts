/**
 * @module
 * Maps bus notifications to the JSONL events `codex exec --json` prints (`thread.started`,
 * `turn.started`, `item.started` / `item.updated` / `item.completed`, `turn.completed` with
 * usage, `turn.failed`, `error`), so that `@openai/codex-sdk` and scripts written for Codex read
 * Tern's output unchanged. Item ids are renumbered `item_0`, `item_1`, ... as Codex does. Agent
 * messages and reasoning appear once, when completed; commands and MCP calls also when started.
 * A `contextCompaction` item is left out: the exec JSONL item types (and `@openai/codex-sdk`'s)
 * have none for it; the human output says the conversation was compacted.
 */
import type { Notification, ThreadItem } from "../../kernel/mod.ts";

/** One `codex exec --json` event. */
export type ExecEvent = Record<string, unknown> & { type: string };

interface Usage {
  input_tokens: number;
  cached_input_tokens: number;
  cache_write_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
}

/** A stateful mapper for one exec run. */
export class JsonlMapper {
  #ids = new Map<string, string>();
  #next = 0;
  #usage: Usage = zeroUsage();
  #todo: { id: string; items: { text: string; completed: boolean }[] } | null = null;

  threadStarted(threadId: string): ExecEvent {
    return { type: "thread.started", thread_id: threadId };
  }

  /** The events a notification maps to (often none). */
  map(n: Notification): ExecEvent[] {
    switch (n.method) {
      case "turn/started":
        this.#usage = zeroUsage();
        return [{ type: "turn.started" }];
      case "item/started": {
        const item = this.#convert(n.params.item);
        return item && startsVisibly(n.params.item) ? [{ type: "item.started", item }] : [];
      }
      case "item/completed": {
        const item = this.#convert(n.params.item);
        return item ? [{ type: "item.completed", item }] : [];
      }
      case "turn/plan/updated": {
        const items = n.params.plan.map((p) => ({ text: p.step, completed: p.status === "completed" }));
        if (!this.#todo) {
          this.#todo = { id: this.#newId(), items };
          return [{ type: "item.started", item: { id: this.#todo.id, type: "todo_list", items } }];
        }
        this.#todo.items = items;
        return [{ type: "item.updated", item: { id: this.#todo.id, type: "todo_list", items } }];
      }
      case "thread/tokenUsage/updated": {
        const last = n.params.tokenUsage.last;
        this.#usage.input_tokens += last.inputTokens;
        this.#usage.cached_input_tokens += last.cachedInputTokens;
        this.#usage.output_tokens += last.outputTokens;
        this.#usage.reasoning_output_tokens += last.reasoningOutputTokens;
        return [];
      }
      case "error":
        return n.params.willRetry ? [{ type: "error", message: n.params.error.message }] : [];
      case "warning":
        return [{ type: "item.completed", item: { id: this.#newId(), type: "error", message: n.params.message } }];
      case "turn/completed": {
        const out: ExecEvent[] = [];
        if (this.#todo) {
          out.push({ type: "item.completed", item: { id: this.#todo.id, type: "todo_list", items: this.#todo.items } });
          this.#todo = null;
        }
        const turn = n.params.turn;
        if (turn.status === "completed") out.push({ type: "turn.completed", usage: this.#usage });
        else {
          const message = turn.error?.message ?? "turn interrupted";
          out.push({ type: "turn.failed", error: { message } });
        }
        return out;
      }
      default:
        return [];
    }
  }

  #newId(): string {
    return `item_${this.#next++}`;
  }

  #idFor(id: string): string {
    let mapped = this.#ids.get(id);
    if (!mapped) this.#ids.set(id, mapped = this.#newId());
    return mapped;
  }

  #convert(item: ThreadItem): Record<string, unknown> | null {
    switch (item.type) {
      case "agentMessage":
        return { id: this.#idFor(item.id), type: "agent_message", text: item.text };
      case "reasoning":
        return { id: this.#idFor(item.id), type: "reasoning", text: item.summary.join("\n\n") };
      case "commandExecution": {
        const out: Record<string, unknown> = {
          id: this.#idFor(item.id),
          type: "command_execution",
          command: item.command,
          aggregated_output: item.aggregatedOutput ?? "",
          status: item.status === "inProgress" ? "in_progress" : item.status === "completed" ? "completed" : "failed",
        };
        if (item.exitCode !== null) out.exit_code = item.exitCode;
        return out;
      }
      case "fileChange":
        return {
          id: this.#idFor(item.id),
          type: "file_change",
          changes: item.changes.map((c) => ({ path: c.path, kind: c.kind.type })),
          status: item.status === "completed" ? "completed" : "failed",
        };
      case "mcpToolCall": {
        const out: Record<string, unknown> = {
          id: this.#idFor(item.id),
          type: "mcp_tool_call",
          server: item.server,
          tool: item.tool,
          arguments: item.arguments,
          status: item.status === "inProgress" ? "in_progress" : item.status,
        };
        if (item.result) {
          out.result = { content: item.result.content, structured_content: item.result.structuredContent };
        }
        if (item.error) out.error = item.error;
        return out;
      }
      case "contextCompaction": // no `codex exec --json` item type for it
      default:
        return null;
    }
  }
}

/** Items that Codex shows as started (the rest appear when completed). */
function startsVisibly(item: ThreadItem): boolean {
  return item.type === "commandExecution" || item.type === "mcpToolCall";
}

function zeroUsage(): Usage {
  return {
    input_tokens: 0,
    cached_input_tokens: 0,
    cache_write_input_tokens: 0,
    output_tokens: 0,
    reasoning_output_tokens: 0,
  };
}
