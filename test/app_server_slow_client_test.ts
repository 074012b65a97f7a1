/**
 * `tern app-server --listen ws://...` with a command that prints hundreds of megabytes: a client
 * that stops reading (a raw WebSocket whose socket is no longer read) costs the server a bounded
 * amount of memory and is told why and disconnected, while a reading client follows the turn to
 * its end and the thread stays usable; and a command's output deltas stop at Codex's cap (10,000
 * deltas of 8 KiB at most) while `item/completed` carries the aggregated output, truncated in the
 * middle. Over stdio, a client that stops reading stdout ends the server (exit code 1).
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { delay } from "../kernel/mod.ts";
import { spawnWsServer } from "./support/app_server_process.ts";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { openRawWs } from "./support/raw_ws_client.ts";
import { makeSandbox, spawnTern } from "./support/tern_process.ts";

const input = [{ type: "text", text: "print a lot", text_elements: [] }];

/** A mock model that runs `command` with shell_command, then says "done". */
function printingModel(command: string) {
  return startMockModelServer({
    responses: [
      turnOf(ev.functionCall("call_print", "shell_command", { command, timeout_ms: 600_000 })),
      turnOf(ev.assistantMessage("m1", "done")),
    ],
  });
}

/** The peak resident set of a process, in MiB (Linux), or null elsewhere. */
function peakMiB(pid: number): number | null {
  if (Deno.build.os !== "linux") return null;
  try {
    const kb = Deno.readTextFileSync(`/proc/${pid}/status`).match(/VmHWM:\s+(\d+) kB/);
    return kb ? Number(kb[1]) / 1024 : null;
  } catch {
    return null; // exited
  }
}

Deno.test("app-server ws: a client that stops reading is disconnected with a reason, memory stays bounded, a reading client sees the turn end", async () => {
  const mock = await printingModel("yes | head -c 300000000");
  const sandbox = await makeSandbox();
  const server = await spawnWsServer(sandbox, {
    // A lagging client that reads nothing for 10 s is dropped (30 s by default).
    config: [`openai_base_url=${JSON.stringify(mock.url)}`, "app-server.maxWriteStallMs=10000"],
  });
  const reader = await server.connect();
  const stalled = await openRawWs(server.url);
  try {
    await reader.client.initialize();
    const threadId = (await reader.client.call("thread/start", {})).thread.id;
    await stalled.client.initialize();
    await stalled.client.call("thread/resume", { threadId });
    stalled.pause();

    await reader.client.call("turn/start", { threadId, input });
    const done = await reader.client.notification("turn/completed", () => true, { timeoutMs: 240_000 }).catch(
      (error) => {
        throw new Error(`${error.message.slice(0, 200)}; the server said: ${server.stderr()}`);
      },
    );
    assertEquals(done.params.turn.status, "completed");
    const command = await reader.client.notification("item/completed", (p) => p.item.type === "commandExecution");
    assertStringIncludes(command.params.item.aggregatedOutput, "chars truncated…");
    const answer = await reader.client.notification("item/completed", (p) => p.item.type === "agentMessage");
    assertEquals(answer.params.item.text, "done");

    // The server gave up on the stalled client (ws#2) and says so on stderr.
    for (let waited = 0; !server.stderr().includes("Closing connection ws#2"); waited += 50) {
      if (waited > 30_000) throw new Error(`ws#2 was not disconnected; stderr: ${server.stderr()}`);
      await delay(50);
    }
    assertStringIncludes(server.stderr(), "does not read its messages fast enough");
    const peak = peakMiB(server.child.pid);
    if (peak === null) console.log("skipping the memory bound: /proc/PID/status is Linux-only");
    else assert(peak < 300, `the server's peak resident set was ${peak.toFixed(0)} MiB for 300 MB of output`);

    // Reading again, the stalled client finds why it was dropped, then the close frame.
    stalled.resume();
    const close = await stalled.closed;
    assertEquals(close?.code, 1008);
    assertEquals(close?.reason, "the client does not read its messages fast enough");
    const farewell = stalled.client.messages.at(-1);
    assertEquals([farewell?.id, farewell?.error?.code], [null, -32001]);
    assertStringIncludes(farewell!.error!.message, "Disconnected: this client does not read its messages fast enough");
    assertStringIncludes(farewell!.error!.message, "reconnect and call thread/resume");

    // The thread is still there for a client that comes back.
    const again = await server.connect();
    await again.client.initialize();
    const resumed = await again.client.call("thread/resume", { threadId });
    assertEquals(resumed.thread.turns.map((t: { status: string }) => t.status), ["completed"]);
    await again.close();
  } finally {
    stalled.close();
    await reader.close();
    await server.stop();
    await mock.close();
    await sandbox.cleanup();
  }
});

Deno.test("app-server ws: a command's output deltas stop at 10,000 of 8 KiB; item/completed keeps the output's head and tail", async () => {
  const total = 100_000_000; // more than the 81,920,000 bytes deltas may carry
  const mock = await printingModel(`yes | head -c ${total}`);
  const sandbox = await makeSandbox();
  const server = await spawnWsServer(sandbox, {
    // Room for every delta, so that none is skipped for lagging: this test is about the cap.
    config: [`openai_base_url=${JSON.stringify(mock.url)}`, "app-server.maxQueuedBytes=2000000000"],
  });
  const client = await server.connect();
  try {
    await client.client.initialize();
    const threadId = (await client.client.call("thread/start", {})).thread.id;
    await client.client.call("turn/start", { threadId, input });
    await client.client.notification("turn/completed", () => true, { timeoutMs: 240_000 });
    const deltas = client.client.messages
      .filter((m) => m.method === "item/commandExecution/outputDelta")
      .map((m) => m.params.delta as string);
    assertEquals(deltas.length, 10_000);
    assertEquals(deltas.filter((d) => d.length > 8192), [], "no delta carries more than 8 KiB");
    // The deltas are the output's start, in order, with nothing missing.
    const streamed = deltas.join("");
    assert(streamed.length > 9_000 * 8192 && streamed.length <= 10_000 * 8192, `${streamed.length} chars streamed`);
    assertEquals(streamed, "y\n".repeat(streamed.length / 2));

    const item = (await client.client.notification("item/completed", (p) => p.item.type === "commandExecution"))
      .params.item;
    const half = "y\n".repeat(262_144); // 512 Ki chars of head, as many of tail
    assertEquals(item.aggregatedOutput, `${half}…${total - 2 * half.length} chars truncated…${half}`);
    assertEquals(item.exitCode, 0);
  } finally {
    await client.close();
    await server.stop();
    await mock.close();
    await sandbox.cleanup();
  }
});

Deno.test("app-server stdio: a client that stops reading stdout makes the server exit 1, saying why, with bounded memory", async () => {
  const mock = await printingModel("yes | head -c 300000000");
  const sandbox = await makeSandbox();
  // Its own stdio server (not spawnStdioServer's, which reads stdout all along): this one stops reading.
  const child = spawnTern(
    sandbox,
    [
      "-c",
      `openai_base_url=${JSON.stringify(mock.url)}`,
      "-c",
      // A stalled stdio client is not dropped for the stall alone; it is once 1 MB waits (the
      // command's item/completed alone, with 1 Mi chars of output, is more).
      "app-server.maxQueuedBytes=1000000",
      "-c",
      "app-server.maxWriteStallMs=100",
      "app-server",
    ],
    {},
    "piped",
  );
  const stderr = new Response(child.stderr).text();
  const writer = child.stdin.getWriter();
  const send = (message: unknown) => writer.write(new TextEncoder().encode(JSON.stringify(message) + "\n"));
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  /** Reads stdout up to the response to request `id`. */
  const answer = async (id: number) => {
    for (;;) {
      for (const line of buffered.split("\n").slice(0, -1)) {
        const message = JSON.parse(line);
        if (message.id === id) {
          buffered = buffered.slice(buffered.indexOf(line) + line.length + 1);
          return message.result;
        }
      }
      buffered = buffered.slice(buffered.lastIndexOf("\n") + 1);
      const { value, done } = await lines.read();
      if (done) throw new Error(`stdout ended before the answer to ${id}`);
      buffered += value;
    }
  };
  try {
    await send({ id: 1, method: "initialize", params: { clientInfo: { name: "t", version: "1" } } });
    await answer(1);
    await send({ method: "initialized" });
    await send({ id: 2, method: "thread/start", params: {} });
    const threadId = (await answer(2)).thread.id;
    await send({ id: 3, method: "turn/start", params: { threadId, input } });
    await answer(3);
    // From here on stdout is not read.
    let peak = 0;
    let watching = true;
    const watch = (async () => {
      while (watching) {
        peak = Math.max(peak, peakMiB(child.pid) ?? 0);
        await delay(100);
      }
    })();
    const timeout = new AbortController();
    const exited = await Promise.race([
      child.status,
      delay(120_000, { signal: timeout.signal }).then(() => null, () => null),
    ]);
    timeout.abort();
    watching = false;
    await watch;
    assertEquals(exited?.code, 1);
    const said = await stderr;
    assertStringIncludes(said, "Closing connection stdio: it does not read its messages fast enough");
    assertStringIncludes(said, "the limit is 1000000 bytes");
    if (Deno.build.os === "linux") assert(peak < 300, `the server's peak resident set was ${peak.toFixed(0)} MiB`);
  } finally {
    await lines.cancel().catch(() => {});
    await writer.close().catch(() => {});
    try {
      child.kill("SIGKILL");
    } catch {
      // exited
    }
    await child.status;
    await stderr.catch(() => {});
    await mock.close();
    await sandbox.cleanup();
  }
});
