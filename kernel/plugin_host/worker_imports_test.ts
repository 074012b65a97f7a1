/**
 * What a worker plugin can read through module loading: its own modules, the kernel's API and npm
 * packages always; any other file (by `import()` of text, JSON or JavaScript, a `file:` URL, a
 * `data:` module that imports it, a static import, `fetch("file:…")`) only with `permissions.read`
 * on it, and no remote module at all. Each refusal names the permission and how to get it.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { join, toFileUrl } from "@std/path";
import type { Runtime } from "../runtime.ts";
import { recordingToolContext } from "../testing/tool_context_testing.ts";
import { boot, ECHO_MODEL, KERNEL, writePlugin } from "./_testing.ts";

/** The ways a module can be loaded: each one returns what it read, as text. */
const FORMS = ["text", "json", "js", "fileUrl", "dataUrl", "fetch"] as const;

/**
 * A plugin whose tool `NAME_read` loads a file outside its folder in the given form. The
 * specifiers are literal strings on purpose: Deno loads those with the entry's module graph.
 * Plain JavaScript, so that `deno test` does not type-check each worker.
 */
function leakyPlugin(name: string, root: string, read?: string[]) {
  const secret = toFileUrl(join(root, "secret.txt")).href;
  const dataModule = `data:text/javascript,export { default } from "${secret}" with { type: "text" };`;
  return {
    "plugin.jsonc": {
      name,
      entry: "./mod.js",
      isolation: "worker",
      contributes: { tools: [`${name}_read`] },
      ...(read ? { permissions: { read } } : {}),
    },
    "helper.js": `export const helper = "own module";`,
    "mod.js": `import { z } from "zod";
import { definePlugin, tool } from "${KERNEL}";
import { helper } from "./helper.js";
const forms = {
  text: () => import("${secret}", { with: { type: "text" } }).then((m) => m.default),
  json: () => import("../secret.json", { with: { type: "json" } }).then((m) => m.default.secret),
  js: () => import("../outside.js").then((m) => m.secret),
  fileUrl: () => import("${toFileUrl(join(root, "outside.js")).href}").then((m) => m.secret),
  dataUrl: () => import(${JSON.stringify(dataModule)}).then((m) => m.default),
  fetch: () => fetch("${secret}").then((r) => r.text()),
  remote: () => import("https://example.com/plugin.js").then(() => "imported"),
  own: () => import("./helper.js").then((m) => m.helper + " and " + helper),
};
export default definePlugin({
  name: "${name}",
  setup(api) {
    api.tools.register(tool({
      name: "${name}_read",
      description: "Loads a file in one form",
      parameters: z.object({ form: z.string() }),
      execute: async ({ form }) => ({ output: String(await forms[form]()).trim() }),
    }));
  },
});`,
  };
}

async function readVia(runtime: Runtime, tool: string, form: string): Promise<string> {
  const { ctx } = recordingToolContext();
  const { result } = await runtime.tools.dispatch(
    { callId: "c1", name: tool, input: JSON.stringify({ form }), kind: "function" },
    ctx,
  );
  return String(result.output);
}

Deno.test("A worker plugin loads no file outside its folder without permissions.read, in any import form", async () => {
  const root = await Deno.makeTempDir({ prefix: "tern-worker-imports-" });
  await Deno.writeTextFile(join(root, "secret.txt"), "top secret");
  await Deno.writeTextFile(join(root, "secret.json"), JSON.stringify({ secret: "json secret" }));
  await Deno.writeTextFile(join(root, "outside.js"), `export const secret = "js secret";`);
  const sealed = await writePlugin(root, "sealed", leakyPlugin("sealed", root));
  const granted = await writePlugin(
    root,
    "granted",
    leakyPlugin("granted", root, ["../secret.txt", "../secret.json", "../outside.js"]),
  );
  const staticImport = await writePlugin(root, "static", {
    "plugin.jsonc": { name: "static", entry: "./mod.js", isolation: "worker", contributes: {} },
    "mod.js": `import secret from "../secret.txt" with { type: "text" };
import { definePlugin } from "${KERNEL}";
export default definePlugin({ name: "static", setup() { console.log(secret); } });`,
  });
  const model = await writePlugin(root, "model", ECHO_MODEL);
  const { runtime, warnings } = await boot(root, [model, sealed, granted, staticImport]);
  try {
    const status = Object.fromEntries(runtime.plugins.map((p) => [p.name, p.status]));
    assertEquals(
      status,
      { "echo-model": "loaded", sealed: "loaded", granted: "loaded", static: "failed" },
      warnings.join("\n"),
    );

    const manifest = join(sealed, "plugin.jsonc");
    for (const form of FORMS) {
      const file = form === "json" ? "secret.json" : form === "js" || form === "fileUrl" ? "outside.js" : "secret.txt";
      const output = await readVia(runtime, "sealed_read", form);
      assertStringIncludes(output, `Requires read access to "${join(root, file)}"`, `form ${form}: ${output}`);
      assertStringIncludes(
        output,
        `the plugin lacks "read" permission for it; grant it in "permissions": { "read": [...] } of ${manifest}`,
        `form ${form}`,
      );
    }
    assertEquals(await readVia(runtime, "sealed_read", "own"), "own module and own module");
    assertStringIncludes(
      await readVia(runtime, "sealed_read", "remote"),
      'Requires import access to "example.com:443": a worker plugin cannot be granted "import" permission',
    );

    const expected = {
      text: "top secret",
      json: "json secret",
      js: "js secret",
      fileUrl: "js secret",
      dataUrl: "top secret",
      fetch: "top secret",
    };
    for (const form of FORMS) assertEquals(await readVia(runtime, "granted_read", form), expected[form], form);

    const failed = runtime.plugins.find((p) => p.name === "static");
    assertStringIncludes(
      failed?.error ?? "",
      `failed to import: Requires read access to "${join(root, "secret.txt")}"`,
    );
    assertStringIncludes(
      failed?.error ?? "",
      `"permissions": { "read": [...] } of ${join(staticImport, "plugin.jsonc")}`,
    );
  } finally {
    await runtime.close();
    await Deno.remove(root, { recursive: true });
  }
});
