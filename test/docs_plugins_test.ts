/**
 * Runs docs/plugins.md, snippet by snippet, in page order, the way a reader would: `sh run` blocks
 * run in a scratch folder (with `tern` on PATH and the mock model server as the user's model),
 * `file=NAME` blocks are written into the folder the walkthrough is in, `test` blocks run with
 * `deno test` there, `plugin` blocks are loaded as plugins in a real runtime and type-checked, and
 * `jsonc manifest` / `jsonc config` blocks are validated. Every `ts` block must carry one of these
 * tags, so no TypeScript on the page goes unchecked.
 */
import { assert, assertEquals } from "@std/assert";
import { fromFileUrl, join } from "@std/path";
import { parse as parseJsonc } from "@std/jsonc";
import { KernelConfig, PluginManifest } from "../kernel/mod.ts";
import { runTurn } from "@tern/testing";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox, TERN_BIN } from "./support/tern_process.ts";

const ROOT = fromFileUrl(new URL("..", import.meta.url));
const DOC = join(ROOT, "docs/plugins.md");

/** A fenced block: its language, its tag (what follows the language), its text. */
interface Block {
  lang: string;
  tag: string;
  text: string;
  line: number;
}

function blocks(markdown: string): Block[] {
  const found: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^```(\w*)\s*(.*)$/);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]);
    found.push({ lang: open[1], tag: open[2].trim(), text: body.join("\n") + "\n", line: start + 1 });
  }
  return found;
}

async function run(command: string, args: string[], options: { cwd: string; env: Record<string, string> }) {
  const out = await new Deno.Command(command, { args, ...options, clearEnv: true, stdout: "piped", stderr: "piped" })
    .output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { code: out.code, text };
}

Deno.test("docs/plugins.md: every ts block is tagged to be compiled and run", async () => {
  const untagged = blocks(await Deno.readTextFile(DOC)).filter((b) =>
    b.lang === "ts" && !/^(file=\S+|plugin|test)$/.test(b.tag)
  );
  assertEquals(untagged.map((b) => `line ${b.line}: \`\`\`ts ${b.tag}`), []);
});

Deno.test("docs/plugins.md: the walkthrough and every snippet work, in page order", async () => {
  const page = blocks(await Deno.readTextFile(DOC));
  const sandbox = await makeSandbox();
  // The reader's model: "try it" (a call, an answer), then the recorded session (a call, an answer).
  await using mock = await startMockModelServer({
    responses: [
      turnOf(ev.functionCall("call_1", "note_add", { text: "water the plants" })),
      turnOf(ev.assistantMessage("msg_1", "Noted.")),
      turnOf(ev.functionCall("call_1", "note_add", { text: "buy milk" })),
      turnOf(ev.assistantMessage("msg_2", "Noted.")),
    ],
  });
  try {
    await Deno.writeTextFile(join(sandbox.ternHome, "config.jsonc"), JSON.stringify({ openaiBaseUrl: mock.url }));
    const bin = join(sandbox.root, "bin");
    await Deno.mkdir(bin);
    await Deno.writeTextFile(join(bin, "tern"), `#!/bin/sh\nexec "${TERN_BIN}" "$@"\n`, { mode: 0o755 });
    const env = { ...sandbox.env, PATH: `${bin}:${sandbox.env.PATH}` };
    const cwdFile = join(sandbox.root, "cwd");
    let cwd = sandbox.workspace;
    let ran = 0;
    const plugins: { dir: string; where: string }[] = [];
    for (const [index, block] of page.entries()) {
      const where = `docs/plugins.md line ${block.line}`;
      if (block.lang === "sh" && block.tag === "run") {
        const result = await run("bash", ["-ec", `${block.text}\npwd > "${cwdFile}"`], { cwd, env });
        assertEquals(result.code, 0, `${where}:\n${block.text}\n${result.text}`);
        cwd = (await Deno.readTextFile(cwdFile)).trim();
      } else if (block.tag.startsWith("file=")) {
        await Deno.writeTextFile(join(cwd, block.tag.slice("file=".length)), block.text);
      } else if (block.lang === "ts" && block.tag === "test") {
        const file = `_doc_${index}_test.ts`;
        await Deno.writeTextFile(join(cwd, file), block.text);
        const result = await run(Deno.execPath(), ["test", "-A", file], { cwd, env });
        await Deno.remove(join(cwd, file));
        assertEquals(result.code, 0, `${where}:\n${result.text}`);
      } else if (block.lang === "ts" && block.tag === "plugin") {
        plugins.push({ dir: await loadsAsPlugin(block, where, sandbox.root), where });
      } else if (block.lang === "jsonc" && block.tag === "manifest") {
        const parsed = PluginManifest.safeParse(parseJsonc(block.text));
        assert(parsed.success, `${where}: ${parsed.error?.message}`);
      } else if (block.lang === "jsonc" && block.tag === "config") {
        const parsed = KernelConfig.safeParse(parseJsonc(block.text));
        assert(parsed.success, `${where}: ${parsed.error?.message}`);
      } else continue;
      ran++;
    }
    // The plugin blocks type-check (all at once: one type-check of the kernel, not one each).
    const files = plugins.map((p) => join(p.dir, "mod.ts"));
    const check = await run(Deno.execPath(), ["check", "--config", join(ROOT, "deno.json"), ...files], {
      cwd: ROOT,
      env,
    });
    assertEquals(check.code, 0, `${plugins.map((p) => p.where).join(", ")}:\n${check.text}`);
    assert(ran >= 12, `only ${ran} blocks ran`);
    // The walkthrough's recording is where the page says, and the reader's model was asked four times.
    assertEquals(await Deno.stat(join(cwd, "note_add.cassette.jsonl")).then((s) => s.isFile), true);
    assertEquals(mock.requests.length, 4);
  } finally {
    await sandbox.cleanup();
  }
});

/** Loads a `plugin` block as a plugin in a real runtime (it must load cleanly); returns its folder. */
async function loadsAsPlugin(block: Block, where: string, root: string): Promise<string> {
  const name = block.text.match(/name: "([a-z0-9-]+)"/)?.[1];
  assert(name, `${where}: a plugin block names its plugin`);
  const dir = join(root, "doc-plugins", name);
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(join(dir, "mod.ts"), block.text);
  const contributes = { tools: ["*"], providers: ["*"], commands: ["*"] };
  await Deno.writeTextFile(join(dir, "plugin.jsonc"), JSON.stringify({ name, contributes }));
  const loaded = await runTurn({ plugins: [dir], model: [{ text: "ok" }], prompt: "hi" });
  assertEquals([loaded.status, loaded.warnings], ["completed", []], where);
  return dir;
}
