/**
 * Claude Code plugins load unchanged: `examples/claude_plugin` (a `.claude-plugin/plugin.json`
 * folder with a skill, a `hooks/hooks.json` hook using `${CLAUDE_PLUGIN_ROOT}`, and a `.mcp.json`
 * server from npm) runs in a real `tern exec --json` turn against the mock model, and
 * `tern doctor` shows what it contributed and what Tern could not load.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { fromFileUrl, join } from "@std/path";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox, runTern } from "./support/tern_process.ts";

const EXAMPLE = fromFileUrl(new URL("../examples/claude_plugin", import.meta.url));
const WITH_PLUGIN = ["-c", `extraPlugins=${JSON.stringify([EXAMPLE])}`];
/** The real HOME, so that npx finds the packages it has already downloaded. */
const REAL_HOME = Deno.env.get("HOME") ?? "/root";

// deno-lint-ignore no-explicit-any
type Input = any[];
const textOf = (item: { content?: { text?: string }[] }) => (item.content ?? []).map((c) => c.text ?? "").join("");

Deno.test("a Claude Code plugin runs unchanged: its skill is injected, its hook blocks a force push, its MCP server's tools reach the model", async () => {
  const mock = await startMockModelServer({
    responses: [
      turnOf(
        ev.functionCall("call_push", "shell_command", { command: "touch pushed && git push --force origin main" }),
      ),
      turnOf(ev.assistantMessage("msg_1", "I did not force-push.")),
    ],
  });
  const sandbox = await makeSandbox();
  try {
    const run = await runTern(sandbox, [
      ...WITH_PLUGIN,
      "-c",
      `openai_base_url=${JSON.stringify(mock.url)}`,
      "exec",
      "--json",
      "-s",
      "danger-full-access",
      "Release v1.2.0 with $git-guard:release-checklist, then force-push main",
    ], { env: { HOME: REAL_HOME } });
    assertEquals(run.code, 0, run.stderr);

    const first = mock.requests[0].body;
    const input: Input = first.input;
    const listing = input.find((i) => textOf(i).startsWith("<skills_instructions>"));
    assertStringIncludes(textOf(listing), "- git-guard:release-checklist: Walks through the team's release checklist");
    const prompt = input.findIndex((i) => i.role === "user" && textOf(i).includes("$git-guard:release-checklist"));
    assertStringIncludes(textOf(input[prompt + 1]), "<name>git-guard:release-checklist</name>");
    assertStringIncludes(textOf(input[prompt + 1]), "# Release checklist");

    const tools: string[] = first.tools.map((t: { name: string }) => t.name);
    assert(tools.includes("mcp__policy__read_text_file"), `the plugin's MCP server's tools: ${tools.join(", ")}`);

    const output = mock.requests[1].body.input.find((i: { type: string; call_id?: string }) =>
      i.type === "function_call_output" && i.call_id === "call_push"
    )?.output;
    assertStringIncludes(String(output), `git-guard (${EXAMPLE}): force pushes are not allowed`);
    assertEquals(await Deno.stat(join(sandbox.workspace, "pushed")).then(() => true, () => false), false);
  } finally {
    await mock.close();
    await sandbox.cleanup();
  }
});

Deno.test("tern doctor lists what a Claude Code plugin contributed, the tools its hook fires for, and the parts it could not load", async () => {
  const sandbox = await makeSandbox();
  try {
    const run = await runTern(sandbox, [...WITH_PLUGIN, "doctor", "--json"]);
    assertEquals(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    // deno-lint-ignore no-explicit-any
    const plugin = report.plugins.find((p: any) => p.name === "git-guard");
    assertEquals([plugin.status, plugin.format, plugin.manifest], [
      "loaded",
      "claude",
      join(EXAMPLE, ".claude-plugin/plugin.json"),
    ]);
    assertEquals(plugin.contributed.skills, ["./skills"]);
    assertEquals(plugin.contributed.hooksFiles, ["./hooks/hooks.json"]);
    assertEquals(plugin.contributed.mcpServers, ["policy"]);
    assertEquals(plugin.contributed.promptCommands, ["./commands"]);
    // deno-lint-ignore no-explicit-any
    const hook = report.hooks.hooks.find((h: any) => h.event === "PreToolUse");
    assertEquals([hook.file, hook.line, hook.plugin], [join(EXAMPLE, "hooks/hooks.json"), 8, "git-guard"]);
    // deno-lint-ignore no-explicit-any
    assertEquals(report.hooks.byTool.find((t: any) => t.tool === "shell_command").PreToolUse, [hook.displayOrder]);
    // deno-lint-ignore no-explicit-any
    assertEquals(report.skills.skills.map((s: any) => s.name), ["git-guard:release-checklist"]);
    assertEquals(report.mcp.servers[0].file, join(EXAMPLE, ".mcp.json"));
    // deno-lint-ignore no-explicit-any
    assertEquals(report.unmapped.map((u: any) => [u.field, u.file, u.line]), [
      ["hooks.Notification", join(EXAMPLE, "hooks/hooks.json"), 16],
      ["agents/", join(EXAMPLE, "agents"), null],
    ]);
    assertEquals(report.errors, 0);

    const human = await runTern(sandbox, [...WITH_PLUGIN, "doctor"]);
    assertStringIncludes(human.stdout, "git-guard           loaded");
    assertStringIncludes(human.stdout, "[claude plugin]");
    assertStringIncludes(human.stdout, "shell_command: PreToolUse #");
    assertStringIncludes(human.stdout, "prompt commands: ./commands");
    assertStringIncludes(human.stdout, `git-guard: agents/  ${join(EXAMPLE, "agents")}`);
  } finally {
    await sandbox.cleanup();
  }
});
