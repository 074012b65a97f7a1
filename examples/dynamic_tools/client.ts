/**
 * @module
 * A small app-server client that gives the model a tool of its own: it starts `tern app-server`,
 * opts in to the experimental API, starts a thread with the dynamic tool `lookup_ticket`, runs one
 * turn with the prompt from the command line, answers each `item/tool/call` from a table, and
 * prints the model's answer. Usage: `deno run -A examples/dynamic_tools/client.ts [-c k=v]... PROMPT`.
 */
const TICKETS: Record<string, string> = {
  "T-1": "T-1: Login page times out (open, assigned to Ada)",
  "T-2": "T-2: Typo in the footer (closed)",
};

const LOOKUP_TICKET = {
  name: "lookup_ticket",
  description: "Looks up a ticket in the team's tracker by its id (like T-1)",
  inputSchema: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
};

type Message = {
  id?: number | string;
  method?: string;
  params?: Record<string, unknown>;
  result?: unknown;
  error?: unknown;
};

/** Runs one turn through `tern app-server`; resolves with the model's last message. */
export async function run(prompt: string, ternArgs: string[] = []): Promise<string> {
  const tern = new URL("../../bin/tern", import.meta.url).pathname;
  const child = new Deno.Command(tern, { args: [...ternArgs, "app-server"], stdin: "piped", stdout: "piped" }).spawn();
  const writer = child.stdin.getWriter();
  const send = (message: unknown) => writer.write(new TextEncoder().encode(JSON.stringify(message) + "\n"));
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).pipeThrough(splitLines())[Symbol.asyncIterator]();
  let nextId = 1;
  const pending: Message[] = [];
  const call = async (method: string, params: unknown) => {
    const id = nextId++;
    await send({ id, method, params });
    const early: Message[] = []; // what comes before the reply is handled after it
    for (;;) {
      const message = await next();
      if (message.id === id && !message.method) {
        pending.unshift(...early);
        if (message.error) throw new Error(`${method} failed: ${JSON.stringify(message.error)}`);
        return message.result as Record<string, unknown>;
      }
      early.push(message);
    }
  };
  const next = async (): Promise<Message> => {
    const queued = pending.shift();
    if (queued) return queued;
    const { value, done } = await lines.next();
    if (done) throw new Error("tern app-server exited before the turn completed");
    return value.trim() ? JSON.parse(value) : next();
  };
  try {
    await call("initialize", {
      clientInfo: { name: "dynamic-tools-example", version: "1.0.0" },
      capabilities: { experimentalApi: true },
    });
    await send({ method: "initialized" });
    const { thread } = await call("thread/start", { dynamicTools: [LOOKUP_TICKET] }) as { thread: { id: string } };
    await call("turn/start", { threadId: thread.id, input: [{ type: "text", text: prompt, text_elements: [] }] });
    let answer = "";
    for (;;) {
      const message = await next();
      if (message.method === "item/tool/call" && message.id !== undefined) {
        const { tool, arguments: args } = message.params as { tool: string; arguments: { id?: string } };
        console.error(`tool call: ${tool} ${JSON.stringify(args)}`);
        const text = TICKETS[args.id ?? ""];
        await send({
          id: message.id,
          result: { contentItems: [{ type: "inputText", text: text ?? `No ticket "${args.id}"` }], success: !!text },
        });
      } else if (message.method === "item/completed") {
        const item = message.params?.item as { type: string; text?: string };
        if (item.type === "agentMessage") answer = item.text ?? "";
      } else if (message.method === "turn/completed") {
        return answer;
      }
    }
  } finally {
    await writer.close().catch(() => {});
    await child.status;
  }
}

/** Splits a text stream into lines (JSONL framing). */
function splitLines(): TransformStream<string, string> {
  let buffer = "";
  return new TransformStream({
    transform(chunk, out) {
      const parts = (buffer + chunk).split("\n");
      buffer = parts.pop() ?? "";
      for (const line of parts) out.enqueue(line);
    },
    flush(out) {
      if (buffer) out.enqueue(buffer);
    },
  });
}

if (import.meta.main) {
  const args = [...Deno.args];
  const prompt = args.pop();
  if (!prompt) {
    console.error("Usage: deno run -A examples/dynamic_tools/client.ts [-c key=value]... PROMPT");
    Deno.exit(2);
  }
  console.log(await run(prompt, args));
}
