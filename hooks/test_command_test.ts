import { assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { trustProject } from "../kernel/mod.ts";
import { makeSandbox, runTern, type Sandbox } from "../test/support/tern_process.ts";
import { printJson, writeScript } from "./_testing.ts";

/** A trusted project whose `.tern/hooks.json` holds `hooks`. */
async function withProject(hooks: Record<string, unknown>, fn: (sandbox: Sandbox) => Promise<void>) {
  const sandbox = await makeSandbox();
  try {
    const ws = sandbox.workspace;
    await writeScript(
      join(ws, ".tern", "hooks"),
      "guard.sh",
      'input=$(cat)\ncase "$input" in *"rm -rf"*) echo "guard: no rm -rf here" >&2; exit 2;; esac',
    );
    await Deno.writeTextFile(join(ws, ".tern", "hooks.json"), JSON.stringify({ hooks }));
    await trustProject(ws, { ternHome: sandbox.ternHome });
    await fn(sandbox);
  } finally {
    await sandbox.cleanup();
  }
}

const guard = { type: "command", command: '"$TERN_PROJECT_DIR"/.tern/hooks/guard.sh' };

Deno.test("`tern hooks test` runs the team's hooks on sample events and prints each outcome, reason, exit code and duration", async () => {
  await withProject({
    PreToolUse: [{ matcher: "Bash", hooks: [guard] }],
    UserPromptSubmit: [{ hooks: [{ type: "command", command: printJson({ decision: "block", reason: "no" }) }] }],
    Stop: [{ hooks: [{ type: "command", command: "true" }] }],
  }, async (sandbox) => {
    const run = await runTern(sandbox, ["hooks", "test"]);
    assertEquals(run.code, 0, run.stdout + run.stderr);
    const file = join(sandbox.workspace, ".tern", "hooks.json");
    assertStringIncludes(run.stdout, "PreToolUse: 1 hook(s)\n  #0 DENY (exit 2, ");
    assertStringIncludes(run.stdout, ` ms) ${file}\n      feedback: guard: no rm -rf here`);
    assertStringIncludes(run.stdout, "UserPromptSubmit: 1 hook(s)\n  #1 BLOCK (exit 0, ");
    assertStringIncludes(run.stdout, "Stop: 1 hook(s)\n  #2 ALLOW (exit 0, ");

    const safe = await runTern(sandbox, ["hooks", "test", "--event", "PreToolUse", "--bash", "ls", "--json"]);
    assertEquals(safe.code, 0, safe.stderr);
    const { results } = JSON.parse(safe.stdout);
    assertEquals(
      results.map((r: { event: string; outcome: string; exitCode: number }) => [r.event, r.outcome, r.exitCode]),
      [
        ["PreToolUse", "allow", 0],
      ],
    );

    const custom = JSON.stringify({
      hook_event_name: "PreToolUse",
      tool_name: "Bash",
      tool_input: { command: "rm -rf ~" },
    });
    const piped = await runTern(sandbox, ["hooks", "test", "--input", "-"], { stdin: custom });
    assertEquals(piped.code, 0, piped.stderr);
    assertStringIncludes(piped.stdout, "#0 DENY (exit 2");
    assertEquals(piped.stdout.includes("UserPromptSubmit"), false, "only the given event runs");
  });
});

Deno.test("`tern hooks test` exits 1 and says why when a hook cannot run or could not be loaded", async () => {
  await withProject({
    PreToolUse: [{
      matcher: "Bash",
      hooks: [{ type: "command", command: '"$TERN_PROJECT_DIR"/.tern/hooks/missing.sh' }],
    }],
  }, async (sandbox) => {
    const run = await runTern(sandbox, ["hooks", "test"]);
    assertEquals(run.code, 1, run.stdout + run.stderr);
    assertStringIncludes(run.stdout, "#0 DENY (exit 127, ");
    assertStringIncludes(run.stdout, "cannot run: command not found (exit 127)");
    assertStringIncludes(run.stdout, "Some hooks cannot run");
  });
  await withProject({ Stop: [{ hooks: [{ type: "command", command: "" }] }] }, async (sandbox) => {
    const run = await runTern(sandbox, ["hooks", "test", "--event", "PreToolUse"]);
    assertEquals(run.code, 1, run.stdout + run.stderr);
    assertStringIncludes(run.stdout, "could not be fully loaded");
    assertStringIncludes(run.stdout, "Cannot load the Stop hook #0 of group #0 from");
  });
  const unknown = await makeSandbox();
  try {
    const run = await runTern(unknown, ["hooks", "test", "--event", "Nope"]);
    assertEquals(run.code, 2);
    assertStringIncludes(run.stdout, 'Unknown event "Nope"');
  } finally {
    await unknown.cleanup();
  }
});
