/**
 * @module
 * The app-server's notification throughput to a real WebSocket client, and its idle memory: a
 * `tern app-server --listen ws://127.0.0.1:0` process, a scripted model answering with a long
 * message streamed as many `item/agentMessage/delta` notifications, timed from the first delta
 * to `turn/completed` at the client. Idle memory is the server's resident set after
 * `initialize`, before any thread (from /proc on Linux).
 *
 *   deno run -A bench/app_server_throughput.ts [--words 300000]
 */
import { makeSandbox } from "../test/support/tern_process.ts";
import { spawnWsServer } from "../test/support/app_server_process.ts";

const wordsArg = Deno.args.indexOf("--words");
const words = wordsArg >= 0 ? Number(Deno.args[wordsArg + 1]) : 300_000;
const text = Array.from({ length: words }, (_, i) => `w${i}`).join(" ");
const sandbox = await makeSandbox();
const script = JSON.stringify([[{ say: text }]]);
await Deno.writeTextFile(`${sandbox.root}/script.json`, script);
const server = await spawnWsServer(sandbox, {
  config: ['model_provider="scripted"', `scripted.script=${JSON.stringify(`${sandbox.root}/script.json`)}`],
});
try {
  const { client, close } = await server.connect();
  await client.initialize();
  await new Promise((r) => setTimeout(r, 500));
  const rss = await residentMiB(server.child.pid);

  const threadId = (await client.call("thread/start", {})).thread.id;
  await client.call("turn/start", { threadId, input: [{ type: "text", text: "talk", text_elements: [] }] });
  const first = await client.notification("item/agentMessage/delta", () => true, { timeoutMs: 120_000 });
  const started = performance.now();
  await client.notification("turn/completed", (p) => p.threadId === threadId, { timeoutMs: 300_000 });
  const seconds = (performance.now() - started) / 1000;
  const deltas = client.messages.filter((m) => m.method === "item/agentMessage/delta").length;
  console.log(`app-server over WebSocket: ${deltas} deltas in ${seconds.toFixed(2)} s after the first`);
  console.log(`  throughput: ${Math.round((deltas - 1) / seconds).toLocaleString("en")} deltas/s (target > 100,000)`);
  console.log(`  idle server memory after initialize: ${rss === null ? "n/a" : `${rss.toFixed(1)} MiB RSS`}`);
  void first;
  await close();
} finally {
  await server.stop();
  await sandbox.cleanup();
}

async function residentMiB(pid: number): Promise<number | null> {
  try {
    const status = await Deno.readTextFile(`/proc/${pid}/status`);
    const kb = status.match(/VmRSS:\s+(\d+) kB/);
    return kb ? Number(kb[1]) / 1024 : null;
  } catch {
    return null;
  }
}
