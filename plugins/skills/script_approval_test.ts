/**
 * @module
 * Tests for the skill-script approval interceptor: which shell calls ask, the outcome's shape, and
 * the skill's environment variables checked before its script runs.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import type { Tool, ToolContext } from "../../kernel/mod.ts";
import { recorder, skillMd, tree } from "./_testing.ts";
import { EnvDependencies } from "./env_deps.ts";
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

Deno.test("a skill script run without reading SKILL.md first reports and asks for the skill's missing variable", async () => {
  const variable = `TERN_SKILLS_SCRIPT_${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
  await using t = await tree({
    ...files,
    "ws/.agents/skills/notes/SKILL.md": skillMd({ description: "Notes" }).replace(
      "---\n\n",
      `metadata:\n  env: [${variable}]\n---\n\n`,
    ),
  });
  const manager = new SkillsManager({ ternHome: t.path("home"), home: null, watch: false });
  const before = createScriptApproval(manager, { home: null, env: new EnvDependencies() });
  const rec = recorder();
  const run = () =>
    before(
      {
        callId: "c1",
        name: "shell_command",
        input: JSON.stringify({ command: ".agents/skills/notes/scripts/notes_info.sh" }),
        kind: "function",
        tool: {} as Tool,
      },
      {
        cwd: t.path("ws"),
        threadId: "t1",
        turnId: "u1",
        callId: "c1",
        emit: rec.emit,
        request: rec.request,
      } as ToolContext,
    );
  const outcome = await run();
  assertEquals(outcome?.approval?.metadata, {
    skillMetadata: { pathToSkillsMd: t.path("ws/.agents/skills/notes/SKILL.md") },
  });
  assertStringIncludes(outcome!.context![0], `${variable}, which is not set`);
  assertStringIncludes(
    rec.emitted("warning")[0].message,
    `The skill "notes" needs the environment variable ${variable}`,
  );
  assertEquals(rec.requests().map((r) => [r.method, (r.params as { itemId: string }).itemId]), [
    ["item/tool/requestUserInput", "c1"],
  ]);
  Deno.env.set(variable, "set");
  try {
    assertEquals((await run())?.context, undefined, "nothing to report once it is set");
  } finally {
    Deno.env.delete(variable);
  }
});
