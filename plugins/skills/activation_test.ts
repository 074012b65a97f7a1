/**
 * @module
 * Tests for skill activation: `$name` mentions and `skill` input items in the `userPromptSubmit`
 * handler, the model reading a `SKILL.md` (the `afterCall` observer), and `skill/activated`.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import type { LifecycleInput, Tool, ToolContext, ToolResult, UserInput } from "../../kernel/mod.ts";
import { recorder, skillMd, tree } from "./_testing.ts";
import { Activations, createPromptSubmitHandler, createReadObserver } from "./activation.ts";
import { EnvDependencies } from "./env_deps.ts";
import { SkillsManager } from "./manager.ts";

const COMMIT = skillMd({ description: "Writes commit messages" }, "# Commit messages\nUse the imperative mood.");

async function setup(files: Record<string, string>, options: { disabled?: string[] } = {}) {
  const t = await tree(files);
  const manager = new SkillsManager({ ternHome: t.path("home"), home: null, watch: false, ...options });
  const shared = { manager, env: new EnvDependencies(), activations: new Activations(), home: null };
  const rec = recorder();
  const submit = (input: UserInput[], turnId = "turn-1") =>
    createPromptSubmitHandler(shared)({
      threadId: "thread-1",
      turnId,
      cwd: t.path("ws"),
      model: "m",
      transcriptPath: null,
      approvalPolicy: "on-request",
      signal: new AbortController().signal,
      emit: rec.emit,
      request: rec.request,
      prompt: input.map((i) => (i.type === "text" ? i.text : "")).join("\n"),
      input,
    } as LifecycleInput<"userPromptSubmit">);
  const after = createReadObserver(shared);
  const shell = (command: string, turnId = "turn-1", result: ToolResult = { output: "ok" }) =>
    after(
      {
        callId: "call-1",
        name: "shell_command",
        input: JSON.stringify({ command }),
        kind: "function",
        tool: {} as Tool,
      },
      result,
      {
        threadId: "thread-1",
        turnId,
        callId: "call-1",
        cwd: t.path("ws"),
        emit: rec.emit,
        request: rec.request,
      } as ToolContext,
    );
  return { t, rec, submit, shell, [Symbol.asyncDispose]: () => t[Symbol.asyncDispose]() };
}

const text = (t: string): UserInput => ({ type: "text", text: t, text_elements: [] });

Deno.test("a $name mention injects the whole skill after the prompt and announces it as a mention", async () => {
  await using s = await setup({ "ws/.agents/skills/commit-message/SKILL.md": COMMIT });
  const out = await s.submit([text("Commit this with $commit-message.")]);
  const path = s.t.path("ws/.agents/skills/commit-message/SKILL.md");
  assertEquals(out, {
    context: [`<skill>\n<name>commit-message</name>\n<path>${path}</path>\n${COMMIT.trimEnd()}\n</skill>`],
  });
  assertEquals(s.rec.emitted("skill/activated"), [
    { threadId: "thread-1", turnId: "turn-1", name: "commit-message", path, reason: "mention" },
  ]);
});

Deno.test("a skill input item injects that skill, even outside the roots, and announces it as an input item", async () => {
  await using s = await setup({
    "ws/.agents/skills/commit-message/SKILL.md": COMMIT,
    "elsewhere/ad-hoc/SKILL.md": skillMd({ name: "ad-hoc", description: "One-off" }),
  });
  const known = s.t.path("ws/.agents/skills/commit-message/SKILL.md");
  const outside = s.t.path("elsewhere/ad-hoc/SKILL.md");
  const out = await s.submit([
    { type: "skill", name: "commit-message", path: known },
    { type: "skill", name: "ad-hoc", path: s.t.path("elsewhere/ad-hoc") },
    text("also $commit-message"),
  ]);
  assertEquals(out?.context?.length, 2, "the mention of an item's skill adds nothing");
  assertEquals(s.rec.emitted("skill/activated").map((e) => [e.name, e.path, e.reason]), [
    ["commit-message", known, "inputItem"],
    ["ad-hoc", outside, "inputItem"],
  ]);
});

Deno.test("a disabled skill is neither injected by a mention nor by an input item", async () => {
  await using s = await setup({ "ws/.agents/skills/commit-message/SKILL.md": COMMIT }, {
    disabled: ["commit-message"],
  });
  const path = s.t.path("ws/.agents/skills/commit-message/SKILL.md");
  assertEquals(
    await s.submit([text("use $commit-message"), { type: "skill", name: "commit-message", path }]),
    undefined,
  );
  assertEquals(s.rec.emitted("skill/activated"), []);
  assertStringIncludes(s.rec.emitted("warning")[0].message, "is disabled");
});

Deno.test("a skill with a missing variable gets a note beside its text, and the client is asked", async () => {
  await using s = await setup({
    "ws/.agents/skills/deploy/SKILL.md": skillMd(
      { description: "Deploys" },
      "Run scripts/deploy.sh",
    ).replace("---\n\n", "metadata:\n  env: [TERN_SKILLS_TEST_SURELY_UNSET_VAR]\n---\n\n"),
  });
  const out = await s.submit([text("$deploy please")]);
  assertEquals(out?.context?.length, 2);
  assertStringIncludes(out!.context![1], "TERN_SKILLS_TEST_SURELY_UNSET_VAR, which is not set");
  assertEquals(s.rec.requests().map((r) => r.method), ["item/tool/requestUserInput"]);
});

Deno.test("the model reading a SKILL.md through the shell announces the skill as read, once per turn", async () => {
  await using s = await setup({ "ws/.agents/skills/commit-message/SKILL.md": COMMIT });
  await s.shell("cat .agents/skills/commit-message/SKILL.md");
  await s.shell("sed -n 1,50p .agents/skills/commit-message/SKILL.md");
  await s.shell("cat .agents/skills/commit-message/SKILL.md", "turn-2");
  await s.shell("cat .agents/skills/commit-message/SKILL.md", "turn-3", { output: "no such file", success: false });
  await s.shell("cat README.md", "turn-4");
  assertEquals(s.rec.emitted("skill/activated").map((e) => [e.turnId, e.name, e.reason]), [
    ["turn-1", "commit-message", "read"],
    ["turn-2", "commit-message", "read"],
  ]);
});

Deno.test("a prompt without mentions or skill items loads nothing and adds nothing", async () => {
  await using s = await setup({ "ws/.agents/skills/commit-message/SKILL.md": COMMIT });
  assertEquals(await s.submit([text("just a question, costs $5")]), undefined);
  assertEquals(s.rec.log, []);
});
