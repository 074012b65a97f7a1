/**
 * @module
 * How `tern exec` answers server requests. At a terminal it asks the user on stderr and reads
 * the answer from stdin: approvals as y(es) / a(lways, for this session) / n(o) / c(ancel the
 * turn), questions by option number or free text. Without a terminal nobody can answer, so
 * requests are declined with a reason the model can act on.
 */
import type { PendingServerRequest, RequestPolicy, Responder, ServerRequestMap } from "../../kernel/mod.ts";
import { displayCommand } from "../../lib/shell_words/mod.ts";

/** Reads one line from the user; resolves null at end of input. */
export type LineReader = (signal: AbortSignal) => Promise<string | null>;

/** Declines every request, saying why, for runs without a terminal. */
export const headlessPolicy: RequestPolicy = (request) => ({
  status: "declined",
  reason: request.method === "item/tool/requestUserInput"
    ? "tern exec runs without a terminal, so nobody can answer questions; proceed with your best judgement and say what you assumed"
    : "tern exec runs without a terminal, so nobody can approve this; stay within the sandbox (write inside the " +
      "workspace, no network). To allow more, the user can run tern exec at a terminal and approve, or rerun with " +
      "-s danger-full-access (no sandbox)",
});

/** Answers approvals and questions by asking at the terminal. */
export function terminalResponder(write: (text: string) => void, readLine: LineReader): Responder {
  let queue: Promise<unknown> = Promise.resolve();
  return (request, signal) => {
    const ask = () => answer(request, signal, write, readLine);
    // One question at a time: parallel tool calls are approved one by one.
    const next = queue.then(ask, ask);
    queue = next.catch(() => {});
    return next;
  };
}

async function answer(
  request: PendingServerRequest,
  signal: AbortSignal,
  write: (text: string) => void,
  readLine: LineReader,
): Promise<unknown> {
  switch (request.method) {
    case "item/commandExecution/requestApproval":
    case "item/fileChange/requestApproval": {
      const p = request.params as ServerRequestMap["item/commandExecution/requestApproval"]["params"];
      const what = request.method === "item/fileChange/requestApproval"
        ? "Apply these file changes?"
        : `Run \`${p.command ? displayCommand(p.command) : "?"}\` in ${p.cwd ?? "?"}?`;
      write(
        `\n${what}${p.reason ? `\n  reason: ${p.reason}` : ""}\n[y]es / [a]lways this session / [n]o / [c]ancel turn: `,
      );
      for (;;) {
        const line = (await readLine(signal))?.trim().toLowerCase();
        if (line === undefined || line === null) return { decision: "decline" };
        if (line === "y" || line === "yes") return { decision: "accept" };
        if (line === "a" || line === "always") return { decision: "acceptForSession" };
        if (line === "n" || line === "no" || line === "") return { decision: "decline" };
        if (line === "c" || line === "cancel") return { decision: "cancel" };
        write("Please answer y, a, n or c: ");
      }
    }
    case "item/tool/requestUserInput": {
      const p = request.params as ServerRequestMap["item/tool/requestUserInput"]["params"];
      const answers: Record<string, { answers: string[] }> = {};
      for (const q of p.questions) {
        write(`\n${q.header}: ${q.question}\n`);
        q.options?.forEach((o, i) => write(`  ${i + 1}. ${o.label}${o.description ? ` (${o.description})` : ""}\n`));
        write(q.options?.length ? "Choose a number or type an answer: " : "Answer: ");
        const line = (await readLine(signal))?.trim() ?? "";
        const chosen = q.options?.[Number(line) - 1];
        answers[q.id] = { answers: [chosen ? chosen.label : line] };
      }
      return { answers };
    }
    default:
      return Promise.reject(new Error(`tern exec cannot answer "${request.method}"`));
  }
}

/** Reads lines from the process's stdin. */
export function stdinLineReader(): LineReader {
  const decoder = new TextDecoder();
  let buffered = "";
  const buf = new Uint8Array(1024);
  return async (signal) => {
    while (!buffered.includes("\n")) {
      if (signal.aborted) return null;
      const n = await Deno.stdin.read(buf);
      if (n === null) {
        const rest = buffered;
        buffered = "";
        return rest || null;
      }
      buffered += decoder.decode(buf.subarray(0, n), { stream: true });
    }
    const index = buffered.indexOf("\n");
    const line = buffered.slice(0, index);
    buffered = buffered.slice(index + 1);
    return line;
  };
}
