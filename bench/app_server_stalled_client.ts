/**
 * @module
 * The app-server's memory while a WebSocket client stops reading: a `tern app-server --listen
 * ws://127.0.0.1:0` process, a mock model that asks for one `shell_command` printing N MiB, a
 * reading client that runs the turn, and a second client subscribed to the thread that never
 * reads. Reports the server's peak resident set (VmHWM, from /proc on Linux), how long the turn
 * took, how many output deltas the reading client got, and how the stalled client was closed.
 *
 *   deno run -A bench/app_server_stalled_client.ts [--mib 200] [--queue-mib 64] [--no-stall]
 *
 * `--queue-mib` sets `app-server.maxQueuedBytes`; `--no-stall` lets the second client read too.
 * Measured on a loaded 2-core machine (server peak RSS, stalled client): 200 MiB of output,
 * 772 MiB before the fix and 157 MiB after; 300 MiB, 975 MiB before and 181 MiB after;
 * 1.2 GiB, 182 MiB after (the stalled client is dropped after 30 s without reading).
 */
import { makeSandbox } from "../test/support/tern_process.ts";
import { spawnWsServer } from "../test/support/app_server_process.ts";
import { ev, startMockModelServer, turnOf } from "../test/support/mock_model.ts";
import { openRawWs } from "../test/support/raw_ws_client.ts";

const mibArg = Deno.args.indexOf("--mib");
const mib = mibArg >= 0 ? Number(Deno.args[mibArg + 1]) : 200;
const command = `yes | head -c ${mib * 1024 * 1024}`;
const mock = await startMockModelServer({
  responses: [
    turnOf(ev.functionCall("call_yes", "shell_command", { command, timeout_ms: 600_000 })),
    turnOf(ev.assistantMessage("m1", "done")),
  ],
});
const sandbox = await makeSandbox();
const queueArg = Deno.args.indexOf("--queue-mib");
const queueConfig = queueArg >= 0 ? [`app-server.maxQueuedBytes=${Number(Deno.args[queueArg + 1]) * 1048576}`] : [];
const server = await spawnWsServer(sandbox, {
  config: [`openai_base_url=${JSON.stringify(mock.url)}`, ...queueConfig],
});
const input = [{ type: "text", text: "print", text_elements: [] }];
try {
  const reader = await server.connect();
  await reader.client.initialize();
  const threadId = (await reader.client.call("thread/start", {})).thread.id;
  const stalled = await openRawWs(server.url);
  await stalled.client.initialize();
  await stalled.client.call("thread/resume", { threadId });
  if (!Deno.args.includes("--no-stall")) stalled.pause();
  const before = await memory(server.child.pid);

  const started = performance.now();
  await reader.client.call("turn/start", { threadId, input });
  const done = await reader.client.notification("turn/completed", () => true, { timeoutMs: 600_000 }).catch(
    (error) => {
      console.log(`The reading client did not see the turn complete: ${error.message.slice(0, 200)}`);
      console.log(server.stderr());
      return { params: { turn: { status: "unseen" } } };
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const after = await memory(server.child.pid);
  const cpu = (await Deno.readTextFile(`/proc/${server.child.pid}/stat`)).split(") ")[1].split(" ");
  console.log(`  server CPU: user ${Number(cpu[11]) / 100} s, system ${Number(cpu[12]) / 100} s`);
  const deltas = reader.client.messages.filter((m) => m.method === "item/commandExecution/outputDelta");
  const deltaBytes = deltas.reduce((n, m) => n + m.params.delta.length, 0);
  const item = reader.client.messages.find((m) =>
    m.method === "item/completed" && m.params.item.type === "commandExecution"
  )?.params.item;

  stalled.resume();
  const close = await Promise.race([stalled.closed, new Promise((r) => setTimeout(() => r("still open"), 10_000))]);
  const last = stalled.client.messages.at(-1);
  console.log(`${command}: turn ${done.params.turn.status} in ${seconds.toFixed(1)} s`);
  console.log(
    `  server RSS before the turn: ${before.rss} MiB; after: ${after.rss} MiB; peak (VmHWM): ${after.hwm} MiB`,
  );
  console.log(`  reading client: ${deltas.length} output deltas, ${(deltaBytes / 1048576).toFixed(1)} MiB`);
  console.log(`  aggregatedOutput: ${item?.aggregatedOutput?.length ?? "none"} chars`);
  console.log(`  stalled client: ${stalled.client.messages.length} messages; close: ${JSON.stringify(close)}`);
  console.log(`  its last message: ${JSON.stringify(last).slice(0, 300)}`);
  stalled.close();
  await reader.close();
  await new Promise((r) => setTimeout(r, 500));
  console.log(server.stderr().split("\n").filter((l) => l.includes("Closing connection")).join("\n"));
} finally {
  await server.stop();
  await mock.close();
  await sandbox.cleanup();
}

async function memory(pid: number): Promise<{ rss: string; hwm: string }> {
  try {
    const status = await Deno.readTextFile(`/proc/${pid}/status`);
    const field = (name: string) => {
      const kb = status.match(new RegExp(`${name}:\\s+(\\d+) kB`));
      return kb ? (Number(kb[1]) / 1024).toFixed(0) : "n/a";
    };
    return { rss: field("VmRSS"), hwm: field("VmHWM") };
  } catch {
    return { rss: "n/a", hwm: "n/a" };
  }
}
