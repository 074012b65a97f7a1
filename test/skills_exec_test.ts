/**
 * @module
 * The skills plugin end to end: the real `tern` command with the example skills of
 * `examples/skills` as an extra root, the mock model server recording what the model is sent,
 * and the example skills' scripts run in a real git repository.
 */
import { assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { fromFileUrl, join } from "@std/path";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox, runTern } from "./support/tern_process.ts";

const root = fromFileUrl(new URL("..", import.meta.url));
const EXAMPLES = join(root, "examples/skills");
const WITH_SKILLS = [
  "-c",
  `skills.extraRoots=${JSON.stringify([EXAMPLES])}`,
];

// deno-lint-ignore no-explicit-any
type Input = any[];
const textOf = (item: { content?: { text?: string }[] }) => (item.content ?? []).map((c) => c.text ?? "").join("");

Deno.test("tern exec lists the skills, injects a $mentioned one and asks before its script runs", async () => {
  const script = join(EXAMPLES, "commit-message/scripts/staged_summary.sh");
  const mock = await startMockModelServer({
    responses: [
      turnOf(
        ev.functionCall("call_plain", "shell_command", { command: "echo plain command" }),
        ev.functionCall("call_skill", "shell_command", { command: `sh ${script}` }),
      ),
      turnOf(ev.assistantMessage("msg_1", "Nothing to commit yet.")),
    ],
  });
  const sandbox = await makeSandbox();
  try {
    const run = await runTern(sandbox, [
      ...WITH_SKILLS,
      "exec",
      "--json",
      "-s",
      "danger-full-access",
      "-c",
      `openai_base_url=${JSON.stringify(mock.url)}`,
      "Write a $commit-message for my change",
    ]);
    assertEquals(run.code, 0, run.stderr);
    const input: Input = mock.requests[0].body.input;
    const listing = input.find((i) => textOf(i).startsWith("<skills_instructions>"));
    assertEquals(listing?.role, "developer");
    assertStringIncludes(textOf(listing), `- commit-message: Writes a Conventional Commits message`);
    assertStringIncludes(textOf(listing), `(file: ${join(EXAMPLES, "release-notes/SKILL.md")})`);
    const prompt = input.findIndex((i) => i.role === "user" && textOf(i).includes("$commit-message"));
    const injected = input[prompt + 1];
    assertEquals(injected.role, "developer", "the skill follows the prompt");
    assertMatch(textOf(injected), /^<skill>\n<name>commit-message<\/name>\n<path>.*SKILL.md<\/path>\n---\n/);
    assertStringIncludes(textOf(injected), "# Commit message");

    const outputs: Input = mock.requests[1].body.input.filter((i: { type: string }) =>
      i.type === "function_call_output"
    );
    const output = (id: string) => String(outputs.find((o) => o.call_id === id)?.output);
    assertStringIncludes(output("call_plain"), "plain command", "an ordinary command runs without asking");
    assertStringIncludes(output("call_skill"), "declined", "the skill script asked; nobody could approve it");
  } finally {
    await mock.close();
    await sandbox.cleanup();
  }
});

Deno.test("tern skills list prints the example skills, and --json the skills/list response", async () => {
  const sandbox = await makeSandbox();
  try {
    const human = await runTern(sandbox, [...WITH_SKILLS, "-c", 'skills.disabled=["release-notes"]', "skills", "list"]);
    assertEquals(human.code, 0, human.stderr);
    assertEquals(human.stdout.split("\n").filter((l) => l.startsWith("  ") && !l.startsWith("    ")), [
      `  commit-message  extra   ${join(EXAMPLES, "commit-message/SKILL.md")}`,
      `  release-notes   extra   ${join(EXAMPLES, "release-notes/SKILL.md")} (disabled)`,
    ]);
    const json = await runTern(sandbox, [...WITH_SKILLS, "skills", "list", "--json"]);
    const data = JSON.parse(json.stdout).data;
    assertEquals(data[0].cwd, await Deno.realPath(sandbox.workspace));
    type Listed = { name: string; scope: string; origin: string };
    assertEquals(data[0].skills.map((s: Listed) => [s.name, s.scope, s.origin]), [
      ["commit-message", "user", "extra"],
      ["release-notes", "user", "extra"],
    ]);
    assertEquals(data[0].errors, []);
  } finally {
    await sandbox.cleanup();
  }
});

async function git(cwd: string, ...args: string[]): Promise<string> {
  const out = await new Deno.Command("git", {
    args: ["-c", "user.name=Test", "-c", "user.email=test@example.com", ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`git ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  return new TextDecoder().decode(out.stdout);
}

async function runScript(cwd: string, script: string, ...args: string[]): Promise<string> {
  const out = await new Deno.Command("sh", { args: [join(EXAMPLES, script), ...args], cwd, stdout: "piped" }).output();
  assertEquals(out.code, 0);
  return new TextDecoder().decode(out.stdout);
}

Deno.test("the example skills' scripts summarise staged changes and list the commits since a tag", async () => {
  const repo = await Deno.makeTempDir({ prefix: "tern_skill_repo_" });
  try {
    await git(repo, "init", "-q");
    await Deno.mkdir(join(repo, "docs"));
    await Deno.writeTextFile(join(repo, "docs/a.md"), "one\ntwo\n");
    assertEquals(await runScript(repo, "commit-message/scripts/staged_summary.sh"), "Nothing is staged.\n");
    await git(repo, "add", ".");
    assertEquals(
      await runScript(repo, "commit-message/scripts/staged_summary.sh"),
      "Staged changes (+added -deleted):\n  +2 -0 docs/a.md\nSuggested type: docs\nSuggested scope: docs\n",
    );
    await git(repo, "commit", "-q", "-m", "docs: start the guide");
    await git(repo, "tag", "v1.0.0");
    await Deno.writeTextFile(join(repo, "x.ts"), "x\n");
    await git(repo, "add", ".");
    await git(repo, "commit", "-q", "-m", "feat(cli): add x");
    await Deno.writeTextFile(join(repo, "x.ts"), "y\n");
    await git(repo, "commit", "-q", "-am", "tidy up");
    const notes = await runScript(repo, "release-notes/scripts/changes_since_tag.sh");
    const lines = notes.trim().split("\n");
    assertEquals(lines[0], "Changes since v1.0.0:");
    assertEquals(lines.slice(1).map((l) => [l.split("\t")[0], l.split("\t")[2]]), [
      ["feat", "feat(cli): add x"],
      ["other", "tidy up"],
    ]);
  } finally {
    await Deno.remove(repo, { recursive: true });
  }
});

Deno.test("skills a plugin contributes in its manifest are listed as <plugin>:<skill>", async () => {
  const sandbox = await makeSandbox();
  try {
    const plugin = join(sandbox.root, "acme");
    await Deno.mkdir(join(plugin, "skills", "deploy"), { recursive: true });
    await Deno.writeTextFile(
      join(plugin, "plugin.jsonc"),
      JSON.stringify({ name: "acme", contributes: { skills: ["./skills"] } }),
    );
    await Deno.writeTextFile(
      join(plugin, "mod.ts"),
      `export default { name: "acme", setup() {} };\n`,
    );
    await Deno.writeTextFile(
      join(plugin, "skills", "deploy", "SKILL.md"),
      "---\nname: deploy\ndescription: Deploys the app with acme's tooling\n---\nRun acme deploy.\n",
    );
    const run = await runTern(sandbox, ["-c", `extraPlugins=${JSON.stringify([plugin])}`, "skills", "list", "--json"]);
    assertEquals(run.code, 0, run.stderr);
    const skills = JSON.parse(run.stdout).data[0].skills;
    assertEquals(skills.map((s: { name: string; scope: string; origin: string }) => [s.name, s.scope, s.origin]), [[
      "acme:deploy",
      "user",
      "plugin",
    ]]);
  } finally {
    await sandbox.cleanup();
  }
});
