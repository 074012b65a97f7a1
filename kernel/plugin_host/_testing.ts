/**
 * @module
 * Test support for the plugin host's tests (private): writes real plugin folders into a temporary
 * directory, boots a `Runtime` over them, and provides a tiny model plugin ("echo-model") whose
 * model calls the tool named in the prompt and then answers "tool said: OUTPUT", so that tests
 * can run real turns without a model server.
 */
import { join, toFileUrl } from "@std/path";
import { loadConfig } from "../config/config.ts";
import { Runtime } from "../runtime.ts";
import type { ThreadItem } from "../protocol/items.ts";
import type { Thread } from "../thread.ts";

/** The kernel's public API, as plugins in temporary folders import it. */
export const KERNEL = toFileUrl(join(import.meta.dirname!, "..", "mod.ts")).href;

/** Writes `files` (path → text) under `root/name` and returns the folder. */
export async function writePlugin(root: string, name: string, files: Record<string, string | object>) {
  const dir = join(root, name);
  for (const [path, content] of Object.entries(files)) {
    await Deno.mkdir(join(dir, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, path), typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

/** A model plugin: its model calls the tool the prompt names (`call TOOL {json}`), then echoes the output. */
export const ECHO_MODEL = {
  "plugin.jsonc": { name: "echo-model", contributes: { providers: ["echo-model"] } },
  "mod.ts": `// @ts-nocheck: a fixture
import { definePlugin } from "${KERNEL}";
const done = { type: "completed", usage: { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1, reasoningOutputTokens: 0, totalTokens: 2 } };
export default definePlugin({
  name: "echo-model",
  setup(api) {
    api.providers.register({
      id: "echo-model",
      async *stream(request) {
        const last = request.input.at(-1);
        if (last?.type === "function_call_output") {
          const text = "tool said: " + (typeof last.output === "string" ? last.output : JSON.stringify(last.output));
          const item = { type: "message", id: "m" + crypto.randomUUID(), role: "assistant", content: [{ type: "output_text", text }] };
          yield { type: "itemAdded", item: { ...item, content: [] }, outputIndex: 0 };
          yield { type: "itemDone", item, outputIndex: 0 };
        } else {
          const user = request.input.findLast((i) => i.type === "message" && i.role === "user");
          const text = user?.content.map((c) => c.text ?? "").join("") ?? "";
          const [, name, args] = text.match(/call (\\w+) (\\{.*\\})/s) ?? [];
          const item = { type: "function_call", id: "fc1", name, arguments: args ?? "{}", call_id: "call_" + crypto.randomUUID() };
          yield { type: "itemAdded", item, outputIndex: 0 };
          yield { type: "itemDone", item, outputIndex: 0 };
        }
        yield done;
      },
    });
  },
});`,
};

/** Boots a runtime over plugin folders; warnings are collected. */
export async function boot(root: string, plugins: string[]) {
  const warnings: string[] = [];
  const loaded = await loadConfig({
    cwd: root,
    ternHome: join(root, "home"),
    overrides: [`plugins=${JSON.stringify(plugins)}`, 'model_provider="echo-model"', 'model="echo"'],
  });
  const runtime = await Runtime.create({
    cwd: root,
    ternHome: join(root, "home"),
    loaded,
    builtins: {},
    cliVersion: "test",
    warn: (m) => warnings.push(m),
  });
  return { runtime, warnings };
}

/** Runs one turn whose model calls `tool` with `args`; resolves to the final answer's text. */
export async function turnCalling(thread: Thread, tool: string, args: Record<string, unknown> = {}): Promise<string> {
  const { turn } = await thread.run([{
    type: "text",
    text: `call ${tool} ${JSON.stringify(args)}`,
    text_elements: [],
  }]);
  const answer = turn.items.filter((i: ThreadItem) => i.type === "agentMessage").at(-1);
  return answer?.type === "agentMessage" ? answer.text : `(no answer; turn ${turn.status})`;
}
