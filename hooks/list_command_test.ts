import { assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { makeSandbox, runTern } from "../test/support/tern_process.ts";
import { HookEngine } from "./engine.ts";
import { type HookListing, runHooksCommand } from "./list_command.ts";
import { group } from "./_testing.ts";

const TOOLS = [
  { name: "shell_command", kind: "function" as const },
  { name: "apply_patch", kind: "freeform" as const },
  { name: "mcp__docs__search", kind: "function" as const },
];

function engineWith(hooks: Record<string, unknown[]>) {
  return new HookEngine({
    declarations: [
      { source: "user", sourcePath: "/home/me/.tern/hooks.json", hooks: hooks as never },
    ],
  });
}

Deno.test("`tern hooks list --json` shows each hook's source, matcher and the registered tools it matches", async () => {
  const engine = engineWith({
    PreToolUse: [group("guard.sh", {}, "Bash"), group("edits.sh", { timeout: 30 }, "Edit|Write")],
    PostToolUse: [group("all.sh")],
    Stop: [group("stop.sh", { statusMessage: "checking tests" })],
    PreCompact: [group("compact.sh")],
    SubagentStop: [group("sub.sh")],
    SessionStart: [{ hooks: [{ type: "prompt", prompt: "summarise" }] }],
  });
  const out: string[] = [];
  assertEquals(await runHooksCommand(["list", "--json"], { engine, tools: TOOLS, write: (l) => out.push(l) }), 0);
  const { hooks, warnings } = JSON.parse(out.join("\n")) as { hooks: HookListing[]; warnings: string[] };
  assertEquals(hooks.map((h) => [h.displayOrder, h.event, h.matcher, h.matchesTools, h.skipped]), [
    [0, "PreToolUse", "Bash", ["shell_command"], null],
    [1, "PreToolUse", "Edit|Write", ["apply_patch"], null],
    [2, "PostToolUse", null, ["shell_command", "apply_patch", "mcp__docs__search"], null],
    [3, "Stop", null, null, null],
    [4, "PreCompact", null, null, null],
    [5, "SubagentStop", null, null, 'Tern has no "SubagentStop" event'],
    [6, "SessionStart", null, null, "prompt hooks are not supported yet"],
  ]);
  assertEquals(hooks[1].timeoutSec, 30);
  assertEquals(hooks[3].statusMessage, "checking tests");
  assertEquals([hooks[0].source, hooks[0].sourcePath, hooks[0].command], [
    "user",
    "/home/me/.tern/hooks.json",
    "guard.sh",
  ]);
  assertEquals(warnings.length, 2);
});

Deno.test("`tern hooks list` prints a readable list, and usage for anything else", async () => {
  const engine = engineWith({ PreToolUse: [group("guard.sh", {}, "Bash")] });
  const out: string[] = [];
  await runHooksCommand(["list"], { engine, tools: TOOLS, write: (l) => out.push(l) });
  assertEquals(
    out.join("\n"),
    [
      '#0 PreToolUse [matcher "Bash"]',
      "    command: guard.sh (timeout 600s)",
      "    from: user (/home/me/.tern/hooks.json)",
      "    matches tools: shell_command",
    ].join("\n"),
  );
  const usage: string[] = [];
  assertEquals(await runHooksCommand(["lst"], { engine, tools: TOOLS, write: (l) => usage.push(l) }), 2);
  assertEquals(usage, [
    "Usage: tern hooks list [--json]\n       tern hooks test [--event NAME]... [--bash CMD] [--prompt TEXT] [--input FILE|-] [--json]",
  ]);
});

Deno.test("the real `tern hooks list` names the config file and line of hooks from the config key", async () => {
  const sandbox = await makeSandbox();
  try {
    await Deno.writeTextFile(
      join(sandbox.ternHome, "config.jsonc"),
      `{\n  "hooks": {\n    "PreToolUse": [\n      { "matcher": "Bash", "hooks": [{ "type": "command", "command": "./guard.sh" }] }\n    ]\n  }\n}\n`,
    );
    const run = await runTern(sandbox, ["hooks", "list"]);
    assertEquals(run.code, 0, run.stderr);
    assertStringIncludes(run.stdout, '#0 PreToolUse [matcher "Bash"]');
    assertStringIncludes(run.stdout, `from: config (${join(sandbox.ternHome, "config.jsonc")}:4)`);
    assertStringIncludes(run.stdout, "matches tools: shell_command");
  } finally {
    await sandbox.cleanup();
  }
});
