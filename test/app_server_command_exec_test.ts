/**
 * `tern app-server` `command/exec`: a client runs a process outside any thread, with its output
 * buffered (and capped) or streamed as `command/exec/outputDelta`, its stdin fed through
 * `command/exec/write`, ended by `command/exec/terminate` or its timeout, and sandboxed like the
 * shell tool (a write outside the workspace is refused under `workspace-write`).
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { Buffer } from "node:buffer";
import { detectSandbox } from "../lib/sandbox/mod.ts";
import { withMockedStdioServer } from "./support/app_server_process.ts";
import { skipWhen } from "./support/skip.ts";
import type { RpcMessage } from "./support/app_server_client.ts";
import { delay } from "../kernel/mod.ts";

const config = ['model="mock-model"', 'sandbox_mode="workspace-write"'];
const support = await detectSandbox();
const noSandbox = support.kind === "none";
const noPty = Deno.build.os !== "linux";

/** Streamed stdout of `processId` so far, decoded. */
function streamed(client: { messages: RpcMessage[] }, processId: string): string {
  return client.messages
    .filter((m) => m.method === "command/exec/outputDelta" && m.params.processId === processId)
    .map((m) => Buffer.from(m.params.deltaBase64, "base64").toString())
    .join("");
}

/** Waits until `processId`'s streamed output holds `text`. */
async function untilStreamed(client: Parameters<typeof streamed>[0], processId: string, text: string) {
  for (let i = 0; i < 300 && !streamed(client, processId).includes(text); i++) await delay(20);
  assertStringIncludes(streamed(client, processId), text);
}

Deno.test("command/exec answers a buffered run with its exit code and both streams, capped per stream", async () => {
  await withMockedStdioServer({ responses: [], config }, async ({ client, sandbox }) => {
    await client.initialize();
    const run = await client.call("command/exec", {
      command: ["sh", "-c", "pwd; echo oops >&2; exit 3"],
      sandboxPolicy: { type: "dangerFullAccess" },
    });
    assertEquals(run, { exitCode: 3, stdout: `${sandbox.workspace}\n`, stderr: "oops\n" });

    const capped = await client.call("command/exec", {
      command: ["printf", "0123456789"],
      outputBytesCap: 4,
      sandboxPolicy: { type: "dangerFullAccess" },
    });
    assertEquals(capped.stdout, "0123");

    const env = await client.call("command/exec", {
      command: ["sh", "-c", 'echo "$GREETING|${OPENAI_API_KEY-unset}"'],
      env: { GREETING: "hi", OPENAI_API_KEY: null },
      sandboxPolicy: { type: "dangerFullAccess" },
    });
    assertEquals(env.stdout, "hi|unset\n", "env sets and removes variables");

    const slow = await client.call("command/exec", {
      command: ["sleep", "20"],
      timeoutMs: 200,
      sandboxPolicy: { type: "dangerFullAccess" },
    });
    assertEquals(slow.exitCode, 124, "killed at its timeout");
  });
});

Deno.test("command/exec streams output, takes stdin through command/exec/write, and ends on terminate", async () => {
  await withMockedStdioServer({ responses: [], config }, async ({ client }) => {
    await client.initialize();
    const pending = client.request("command/exec", {
      command: ["sh", "-c", "while read line; do echo got:$line; echo err:$line >&2; done"],
      processId: "p1",
      streamStdin: true,
      streamStdoutStderr: true,
      sandboxPolicy: { type: "dangerFullAccess" },
    });
    await client.call("command/exec/write", { processId: "p1", deltaBase64: btoa("hello\n") });
    const out = await client.notification("command/exec/outputDelta", (p) => p.stream === "stdout");
    assertEquals(out.params.processId, "p1");
    assertEquals(out.params.capReached, false);
    assertEquals(Buffer.from(out.params.deltaBase64, "base64").toString(), "got:hello\n");
    const err = await client.notification("command/exec/outputDelta", (p) => p.stream === "stderr");
    assertEquals(Buffer.from(err.params.deltaBase64, "base64").toString(), "err:hello\n");
    await client.call("command/exec/write", { processId: "p1", closeStdin: true });
    assertEquals((await pending).result, { exitCode: 0, stdout: "", stderr: "" }, "streamed output is not repeated");

    const sleeper = client.request("command/exec", {
      command: ["sleep", "30"],
      processId: "p2",
      sandboxPolicy: { type: "dangerFullAccess" },
    });
    const resize = await client.request("command/exec/resize", { processId: "p2", size: { rows: 10, cols: 40 } });
    assertStringIncludes(resize.error?.message ?? "", "no pty");
    assertEquals(await client.call("command/exec/terminate", { processId: "p2" }), {});
    assertEquals((await sleeper).result?.exitCode, 137, "SIGKILL");
    const gone = await client.request("command/exec/terminate", { processId: "p2" });
    assertEquals(gone.error?.code, -32600);
  });
});

Deno.test("command/exec refuses what it cannot do, naming the field", async () => {
  await withMockedStdioServer({ responses: [], config }, async ({ client }) => {
    await client.initialize();
    const empty = await client.request("command/exec", { command: [] });
    assertEquals(empty.error?.code, -32602);
    assertStringIncludes(empty.error?.message ?? "", '"command"');
    const size = await client.request("command/exec", { command: ["sh"], size: { rows: 5, cols: 5 } });
    assertEquals(size.error?.code, -32602);
    assertStringIncludes(size.error?.message ?? "", '"size"');
    const tty = await client.request("command/exec", { command: ["sh"], tty: true });
    assertStringIncludes(tty.error?.message ?? "", '"processId"');
    const stream = await client.request("command/exec", { command: ["ls"], streamStdoutStderr: true });
    assertStringIncludes(stream.error?.message ?? "", '"processId"');
    const both = await client.request("command/exec", { command: ["ls"], timeoutMs: 5, disableTimeout: true });
    assertStringIncludes(both.error?.message ?? "", '"timeoutMs"');
    const missing = await client.request("command/exec", {
      command: ["no-such-program-here"],
      sandboxPolicy: { type: "dangerFullAccess" },
    });
    assertEquals(missing.error?.code, -32600);
    assertStringIncludes(missing.error?.message ?? "", "no-such-program-here");
  });
});

Deno.test({
  name: "command/exec runs in the configured sandbox: a write outside the workspace is refused",
  ignore: skipWhen(noSandbox, "app_server_command_exec_test: the sandboxed run: this machine has no sandbox"),
  fn: async () => {
    const outside = `/var/tmp/tern-command-exec-outside-${crypto.randomUUID()}`;
    await withMockedStdioServer({ responses: [], config }, async ({ client, sandbox }) => {
      await client.initialize();
      // Into a folder of the workspace: under Landlock a workspace root that holds `.git` takes no new
      // entries (its children are writable, `.git` is not; see docs/exec.md).
      await Deno.mkdir(join(sandbox.workspace, "src"));
      const run = await client.call("command/exec", {
        command: ["sh", "-c", `echo inside > src/note.txt && echo escaped > ${outside}`],
      });
      assert(run.exitCode !== 0, `exit code ${run.exitCode}`);
      assertEquals(await Deno.readTextFile(join(sandbox.workspace, "src", "note.txt")), "inside\n");
      assertEquals(await Deno.stat(outside).then(() => true, () => false), false, "wrote outside the workspace");
      const readOnly = await client.call("command/exec", {
        command: ["sh", "-c", "echo again > src/note2.txt"],
        sandboxPolicy: { type: "readOnly" },
      });
      assert(readOnly.exitCode !== 0, "read-only refuses a write in the workspace");
    });
  },
});

Deno.test({
  name: "command/exec with tty runs the command on a pty of the asked size, which command/exec/resize changes",
  ignore: skipWhen(noPty, "app_server_command_exec_test: the pty run: Tern's pty (script(1)) is Linux only"),
  fn: async () => {
    await withMockedStdioServer({ responses: [], config }, async ({ client }) => {
      await client.initialize();
      const pending = client.request("command/exec", {
        command: ["sh", "-c", "test -t 0 && test -t 1 && echo on-a-tty; stty size; read x; stty size; echo got:$x"],
        processId: "pty1",
        tty: true,
        size: { rows: 30, cols: 100 },
        sandboxPolicy: { type: "dangerFullAccess" },
      });
      await untilStreamed(client, "pty1", "30 100");
      assertStringIncludes(streamed(client, "pty1"), "on-a-tty");
      assertEquals(await client.call("command/exec/resize", { processId: "pty1", size: { rows: 40, cols: 120 } }), {});
      await client.call("command/exec/write", { processId: "pty1", deltaBase64: btoa("hi\n") });
      assertEquals((await pending).result, { exitCode: 0, stdout: "", stderr: "" });
      assertStringIncludes(streamed(client, "pty1"), "40 120");
      assertStringIncludes(streamed(client, "pty1"), "got:hi");

      if (!noSandbox) {
        // In the configured sandbox (workspace-write): on a pty, resizable, and still confined.
        const sandboxed = client.request("command/exec", {
          command: [
            "sh",
            "-c",
            "test -t 1 && echo sandboxed-tty; touch /var/tmp/tern-pty-$$ || echo refused; read x; stty size",
          ],
          processId: "pty2",
          tty: true,
        });
        await untilStreamed(client, "pty2", "refused");
        assertStringIncludes(streamed(client, "pty2"), "sandboxed-tty");
        assertEquals(await client.call("command/exec/resize", { processId: "pty2", size: { rows: 50, cols: 60 } }), {});
        await client.call("command/exec/write", { processId: "pty2", deltaBase64: btoa("go\n") });
        const answer = await sandboxed;
        assertEquals(answer.result?.exitCode, 0, JSON.stringify(answer));
        assertStringIncludes(streamed(client, "pty2"), "50 60");
      }
    });
  },
});
