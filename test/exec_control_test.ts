import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox, runTern, TERN_BIN } from "./support/tern_process.ts";

Deno.test("Ctrl-C interrupts tern exec mid-command: the command dies, turn.failed, exit 130", async () => {
  const sandbox = await makeSandbox();
  try {
    const marker = join(sandbox.workspace, "still-running");
    const script = JSON.stringify([[{ call: "shell_command", args: { command: `sleep 30 && touch ${marker}` } }]]);
    const child = new Deno.Command(TERN_BIN, {
      args: ["exec", "--json", "-c", 'model_provider="scripted"', "-c", `scripted.responses=${script}`, "wait"],
      cwd: sandbox.workspace,
      env: sandbox.env,
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const lines: Record<string, unknown>[] = [];
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let interrupted = false;
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let nl;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        lines.push(JSON.parse(buffer.slice(0, nl)));
        buffer = buffer.slice(nl + 1);
      }
      if (!interrupted && lines.some((l) => l.type === "item.started")) {
        child.kill("SIGINT");
        interrupted = true;
      }
    }
    const status = await child.status;
    await child.stderr.cancel();
    assertEquals(status.code, 130);
    const completed = lines.find((l) => l.type === "item.completed") as { item: { status: string } } | undefined;
    assertEquals(completed?.item.status, "failed");
    assertEquals(lines.at(-1), { type: "turn.failed", error: { message: "turn interrupted" } });
    await new Promise((r) => setTimeout(r, 200));
    assertEquals(await Deno.stat(marker).then(() => true, () => false), false);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("tern exec --output-schema sends the schema as text.format and -o writes the final answer", async () => {
  const mock = await startMockModelServer({ responses: [turnOf(ev.assistantMessage("msg_1", '{"todo":3}'))] });
  const sandbox = await makeSandbox();
  try {
    const schema = {
      type: "object",
      properties: { todo: { type: "number" } },
      required: ["todo"],
      additionalProperties: false,
    };
    await Deno.writeTextFile(join(sandbox.workspace, "schema.json"), JSON.stringify(schema));
    const run = await runTern(sandbox, [
      "exec",
      "-c",
      `openai_base_url=${JSON.stringify(mock.url)}`,
      "--output-schema",
      "schema.json",
      "-o",
      "answer.json",
      "count the todos",
    ]);
    assertEquals(run.code, 0, run.stderr);
    assertEquals(mock.requests[0].body.text.format, { type: "json_schema", name: "output", strict: true, schema });
    assertEquals(await Deno.readTextFile(join(sandbox.workspace, "answer.json")), '{"todo":3}');
    const bad = await runTern(sandbox, ["exec", "--output-schema", "missing.json", "x"]);
    assertEquals(bad.code, 1);
    assertStringIncludes(bad.stderr, 'Cannot read --output-schema "');
  } finally {
    await mock.close();
    await sandbox.cleanup();
  }
});

Deno.test("tern reports a config error with its file, line and key, and exits 1", async () => {
  const sandbox = await makeSandbox();
  try {
    await Deno.writeTextFile(
      join(sandbox.ternHome, "config.jsonc"),
      '{\n  // mine\n  "approvalPolicy": "sometimes"\n}\n',
    );
    const run = await runTern(sandbox, ["exec", "hi"]);
    assertEquals(run.code, 1);
    assertStringIncludes(run.stderr, `${join(sandbox.ternHome, "config.jsonc")}:3:`);
    assertStringIncludes(run.stderr, '(key "approvalPolicy")');
    const unknown = await runTern(sandbox, ["exec", "--frobnicate", "hi"]);
    assert(unknown.code !== 0);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("tern exec --image sends the picture to the model as a data URL, and names a file that is not an image", async () => {
  const mock = await startMockModelServer({ responses: [turnOf(ev.assistantMessage("msg_1", "A red dot."))] });
  const sandbox = await makeSandbox();
  try {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    await Deno.writeFile(join(sandbox.workspace, "dot.png"), png);
    await Deno.writeTextFile(join(sandbox.workspace, "notes.txt"), "not an image");
    const base = ["exec", "-c", `openai_base_url=${JSON.stringify(mock.url)}`];
    const run = await runTern(sandbox, [...base, "--image", "dot.png", "what is this?"]);
    assertEquals(run.code, 0, run.stderr);
    const user = mock.requests[0].body.input.findLast((i: { role?: string }) => i.role === "user");
    assertEquals(user.content[0], {
      type: "input_image",
      image_url: `data:image/png;base64,${btoa(String.fromCharCode(...png))}`,
    });
    assertEquals(user.content[1], { type: "input_text", text: "what is this?" });

    const bad = await runTern(sandbox, [...base, "-i", "notes.txt", "what is this?"]);
    assertEquals(bad.code, 1);
    assertStringIncludes(bad.stderr, 'Cannot attach image "notes.txt": not a PNG, JPEG, GIF or WebP file');
    assertEquals(mock.requests.length, 1, "nothing was sent for the bad image");
  } finally {
    await mock.close();
    await sandbox.cleanup();
  }
});
