/**
 * @module
 * Tests for the skill-script approval interceptor: which shell calls ask, and the outcome's shape.
 */
import { assertEquals } from "@std/assert";
import type { Tool, ToolContext } from "../../kernel/mod.ts";
import { skillMd, tree } from "./_testing.ts";
import { SkillsManager } from "./manager.ts";
import { createScriptApproval } from "./script_approval.ts";

const files = {
  "ws/.agents/skills/notes/SKILL.md": skillMd({ description: "Notes" }),
  "ws/.agents/skills/notes/scripts/notes_info.sh": "#!/bin/sh\necho notes\n",
  "ws/.agents/skills/notes/references/guide.md": "guide",
};

function setup(t: { path(...p: string[]): string }) {
  const manager = new SkillsManager({ ternHome: t.path("home"), home: null, watch: false });
  const before = createScriptApproval(manager, { home: null });
  const call = (name: string, args: Record<string, unknown>) =>
    before(
      { callId: "c1", name, input: JSON.stringify(args), kind: "function", tool: {} as Tool },
      { cwd: t.path("ws") } as ToolContext,
    );
  return { manager, call };
}

Deno.test("a shell call running a skill's script asks, with skillMetadata and a per-script session key", async () => {
  await using t = await tree(files);
  const { call } = setup(t);
  const script = t.path("ws/.agents/skills/notes/scripts/notes_info.sh");
  const expected = {
    ask: 'the command runs scripts/notes_info.sh of the skill "notes"; skill scripts always ask before they run',
    approval: {
      metadata: { skillMetadata: { pathToSkillsMd: t.path("ws/.agents/skills/notes/SKILL.md") } },
      cacheKey: `skill-script:${script}`,
    },
  };
  assertEquals(await call("shell_command", { command: ".agents/skills/notes/scripts/notes_info.sh" }), expected);
  assertEquals(
    await call("shell_command", { command: "./scripts/notes_info.sh", workdir: ".agents/skills/notes" }),
    expected,
  );
  assertEquals(await call("exec_command", { cmd: `cd .agents/skills/notes && bash scripts/notes_info.sh` }), expected);
  assertEquals(await call("shell", { command: ["sh", script] }), expected, "Codex's argv form");
});

Deno.test("a shell call that only reads a skill's files, or runs other programs, is left alone", async () => {
  await using t = await tree(files);
  const { call } = setup(t);
  assertEquals(await call("shell_command", { command: "cat .agents/skills/notes/scripts/notes_info.sh" }), undefined);
  assertEquals(await call("shell_command", { command: "ls -la && git status" }), undefined);
  assertEquals(await call("shell_command", { command: "./.agents/skills/notes/references/guide.md" }), undefined);
  assertEquals(await call("apply_patch", { command: ".agents/skills/notes/scripts/notes_info.sh" }), undefined);
});

Deno.test("a skill script reached through a symlinked path is still recognised", async () => {
  await using t = await tree(files);
  await Deno.symlink(t.path("ws/.agents/skills/notes"), t.path("ws/notes-link"));
  const { call } = setup(t);
  const outcome = await call("shell_command", { command: "notes-link/scripts/notes_info.sh" });
  assertEquals(outcome?.approval?.cacheKey, `skill-script:${t.path("ws/.agents/skills/notes/scripts/notes_info.sh")}`);
});
