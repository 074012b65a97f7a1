/**
 * A syntax error in any JSON or JSONC file Tern reads names the place as `FILE:LINE:COL: what is
 * wrong`, as config errors do: a plugin's `plugin.jsonc`, a `hooks.json`, the `--output-schema`
 * file, a scripted model's script, a Claude Code plugin's `.mcp.json` and `tern hooks test --input`.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { runTern, type Sandbox, withSandbox } from "./support/tern_process.ts";

/** `tern exec` on the scripted model (one answer), with more arguments before `exec` and after it. */
function exec(sandbox: Sandbox, before: string[], after: string[] = []) {
  const script = ["-c", "model_provider=scripted", "-c", 'scripted.responses=[[{"say":"done"}]]'];
  return runTern(sandbox, [...script, ...before, "exec", ...after, "hi"]);
}

Deno.test("a plugin.jsonc that does not parse names its file, line and column", async () => {
  await withSandbox(async (sandbox) => {
    const plugin = join(sandbox.root, "notes");
    await Deno.mkdir(plugin);
    await Deno.writeTextFile(
      join(plugin, "plugin.jsonc"),
      '{\n  // my plugin\n  "name": "notes",\n  "entry": "./mod.ts"\n  "version": "1.0.0"\n}\n',
    );
    const run = await exec(sandbox, ["-c", `extraPlugins=${JSON.stringify([plugin])}`]);
    assertStringIncludes(
      run.stderr,
      `${join(plugin, "plugin.jsonc")}:5:3: Cannot parse plugin manifest: expected ","`,
    );
  });
});

Deno.test("a hooks.json that does not parse names its file, line and column", async () => {
  await withSandbox(async (sandbox) => {
    const hooks = join(sandbox.ternHome, "hooks.json");
    await Deno.writeTextFile(hooks, '{\n  "hooks": {\n    "Stop": [],\n  }\n}\n');
    const run = await exec(sandbox, []);
    assertEquals(run.code, 0, run.stderr);
    assertStringIncludes(
      run.stderr,
      `${
        join(await Deno.realPath(sandbox.ternHome), "hooks.json")
      }:4:3: Cannot parse hooks file: expected a property name in double quotes`,
    );
  });
});

Deno.test("an --output-schema file that does not parse names its file, line and column", async () => {
  await withSandbox(async (sandbox) => {
    const schema = join(sandbox.workspace, "schema.json");
    await Deno.writeTextFile(schema, '{\n  "type": "object",\n  "properties": { "a": { "type": "string" } \n}\n');
    const run = await exec(sandbox, [], ["--output-schema", "schema.json"]);
    assertEquals(run.code, 1);
    assertStringIncludes(
      run.stderr,
      `${join(await Deno.realPath(sandbox.workspace), "schema.json")}:5:1: Cannot parse --output-schema: expected "}"`,
    );
  });
});

Deno.test("a scripted model's script file that does not parse names its file, line and column", async () => {
  await withSandbox(async (sandbox) => {
    const script = join(sandbox.root, "script.jsonc");
    await Deno.writeTextFile(script, '[\n  // one answer\n  [{ "say": "hi" }\n]\n');
    const run = await runTern(sandbox, [
      "-c",
      "model_provider=scripted",
      "-c",
      `scripted.script=${JSON.stringify(script)}`,
      "exec",
      "hi",
    ]);
    assertEquals(run.code, 1);
    assertStringIncludes(run.stderr, `${script}:5:1: Cannot parse script: expected "]"`);
  });
});

Deno.test("a Claude Code plugin's .mcp.json that does not parse is shown by doctor at its line and column", async () => {
  await withSandbox(async (sandbox) => {
    const plugin = join(sandbox.root, "claude-thing");
    await Deno.mkdir(join(plugin, ".claude-plugin"), { recursive: true });
    await Deno.writeTextFile(join(plugin, ".claude-plugin", "plugin.json"), '{ "name": "claude-thing" }\n');
    await Deno.writeTextFile(join(plugin, ".mcp.json"), '{\n  "mcpServers": {\n    "x": { "command": "x" ]\n  }\n}\n');
    const run = await runTern(sandbox, ["-c", `extraPlugins=${JSON.stringify([plugin])}`, "doctor"]);
    assertStringIncludes(
      run.stdout,
      `${join(plugin, ".mcp.json")}:3:27: Cannot parse JSON: expected ","; its servers are not loaded`,
    );
  });
});

Deno.test("tern hooks test --input names the line and column of a syntax error", async () => {
  await withSandbox(async (sandbox) => {
    const input = join(sandbox.workspace, "input.json");
    await Deno.writeTextFile(input, '{\n  "hook_event_name": "Stop"\n  "cwd": "."\n}\n');
    const run = await runTern(sandbox, ["hooks", "test", "--input", input]);
    assertEquals(run.code, 2);
    assertStringIncludes(run.stdout, `${input}:3:3: Cannot parse hook input: expected ","`);
  });
});
