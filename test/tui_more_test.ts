/**
 * The interactive session's later parts (issue #15): `tern fork`, reasoning effort in `/model`,
 * skill activation cells, the diff in a file-change approval, and plugins and MCP servers in
 * `/status` and `/plugins`. Driven as tui_test.ts drives the session: the real binary in a real
 * pseudo-terminal, the screen read through a headless terminal, the scripted model.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { skipWhen } from "./support/skip.ts";
import { HAS_SCRIPT, Keys, openTerminal } from "./support/terminal.ts";
import { makeSandbox, runTern } from "./support/tern_process.ts";
import { rolloutOf, rollouts, scripted, send, shell, withSession } from "./support/tui_session.ts";

const ignore = skipWhen(!HAS_SCRIPT, "test/tui_more_test.ts: the terminal UI tests: no util-linux `script` for a PTY");

Deno.test({
  name: "tern fork picks a saved thread and opens a copy of it: its transcript, then the next message in the copy only",
  ignore,
  fn: async () => {
    const sandbox = await makeSandbox();
    try {
      const first = await runTern(sandbox, [...scripted([[{ say: "Saved answer." }]]), "exec", "saved question"]);
      assertEquals(first.code, 0, first.stderr);
      const term = openTerminal(sandbox, [...scripted([[{ say: "Continued: {{input}}" }]]), "fork"]);
      try {
        await term.waitFor("Fork a thread");
        await term.waitFor(/→ saved question\s+just now/);
        await term.type(Keys.enter);
        await term.waitFor(/› saved question[\s\S]*• Saved answer\.[\s\S]*Forked thread (\S+) into (\S+)/);
        const [, from, to] = term.screen().match(/Forked thread (\S+) into (\S+)/)!;
        assert(from !== to, "a new thread");
        await send(term, "next one", "• Continued: next one");
        await term.type(Keys.ctrlD);
        assertEquals(await term.exited(), 0);
        assertStringIncludes(term.screen(), `Thread ${to} saved`);
        assertStringIncludes(await rolloutOf(sandbox, to), "next one");
        assert(!(await rolloutOf(sandbox, from)).includes("next one"), "the original thread did not get it");
      } finally {
        await term.close();
      }
      // `tern fork --last` copies the latest thread (the fork just made): its history included.
      const again = openTerminal(sandbox, [...scripted([]), "fork", "--last"]);
      try {
        await again.waitFor(/› next one[\s\S]*• Continued: next one[\s\S]*Forked thread/);
      } finally {
        await again.close();
      }
    } finally {
      await sandbox.cleanup();
    }
  },
});

Deno.test("tern --help names tern fork", async () => {
  const sandbox = await makeSandbox();
  try {
    const run = await runTern(sandbox, ["--help"]);
    assertEquals(run.code, 0);
    assertMatch(run.stdout, /tern \[GLOBAL OPTIONS\] fork \[--last \| ID\]/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test({
  name: "/model offers the picked model's reasoning efforts; the effort picked runs the next turn",
  ignore,
  fn: () =>
    withSession(scripted([[{ say: "Done." }]]), async (term, sandbox) => {
      await send(term, "/model", "Choose the model");
      await term.waitFor("→ gpt-5.1-codex (current)");
      await term.type(Keys.enter);
      await term.waitFor("Choose the reasoning effort for gpt-5.1-codex");
      await term.waitFor(/low[\s\S]*medium \(default\)[\s\S]*high/);
      await term.type("high" + Keys.enter);
      await term.waitFor("• Model set to gpt-5.1-codex (high effort) for the next turns");
      await term.waitFor("gpt-5.1-codex high · workspace-write");
      await send(term, "go", "• Done.");
      await send(term, "/status", /Model:\s+gpt-5\.1-codex \(scripted, high\)/);
      assertMatch(await rollouts(sandbox), /"turn_context".*"effort":"high"/, "the turn ran with the effort picked");
    }),
});

Deno.test({
  name: "a file-change approval shows the diff, capped; y makes the change",
  ignore,
  fn: () => {
    const lines = Array.from({ length: 25 }, (_, i) => `line ${i + 1}`);
    const patch = `*** Begin Patch\n*** Add File: notes.txt\n${lines.map((l) => `+${l}\n`).join("")}*** End Patch\n`;
    return withSession(
      [
        ...scripted([[{ custom: "apply_patch", input: patch }], [{ say: "patched" }]], ['approval_policy="untrusted"']),
      ],
      async (term, sandbox) => {
        // Typed once the session is idle (`withSession` waits for that), as the approval keeps the turn running.
        await send(term, "add notes", "Make these file changes?");
        // 20 lines of the diff (its `new file` and `@@` lines, then 18 added), then what is left out.
        await term.waitFor(/• Edit notes\.txt \+25 -0\n[\s\S]* {4}\+line 1\n[\s\S]* {4}\+line 18\n {4}… 7 more lines/);
        const overlay = term.screen().slice(term.screen().indexOf("Make these file changes?"));
        assert(!overlay.includes("+line 19"), "the approval's diff is capped");
        await term.waitFor("[y] Yes, make these changes");
        await term.type("y");
        await term.waitFor("• patched");
        assertEquals(await Deno.readTextFile(join(sandbox.workspace, "notes.txt")), lines.join("\n") + "\n");
      },
    );
  },
});

Deno.test({
  name: "a skill activation shows as a cell: picked with $, and read by the model",
  ignore,
  fn: () =>
    withSession(
      scripted([
        [{ say: "greeted" }],
        [shell("cat .tern/skills/deploy-app/SKILL.md")],
        [{ say: "read it" }],
      ], ['approval_policy="never"']),
      async (term) => {
        await term.type("please $greet");
        await term.waitFor("Greets the user warmly");
        await term.type(Keys.enter);
        await term.type("now" + Keys.enter);
        await term.waitFor(
          /• Skill greet-user activated \(picked with \$\)\n {2}└ \.tern\/skills\/greet-user\/SKILL\.md/,
        );
        await term.waitFor("• greeted");
        await send(term, "deploy it", "• read it");
        assertMatch(
          term.screen(),
          /• Skill deploy-app activated \(the model read its SKILL\.md\)\n {2}└ \.tern\/skills\/deploy-app\/SKILL\.md/,
        );
      },
      {
        prepare: async (sandbox) => {
          for (const [name, description] of [["greet-user", "Greets the user warmly"], ["deploy-app", "Deploys"]]) {
            const dir = join(sandbox.workspace, ".tern", "skills", name);
            await Deno.mkdir(dir, { recursive: true });
            await Deno.writeTextFile(
              join(dir, "SKILL.md"),
              `---\nname: ${name}\ndescription: ${description}\n---\n\nBody.\n`,
            );
          }
        },
      },
    ),
});

Deno.test({
  name: "/status lists the plugins by state and the MCP servers with theirs",
  ignore,
  fn: () =>
    withSession(
      scripted([]),
      async (term) => {
        await send(term, "/status", "• Status");
        await term.waitFor(/Plugins: +loaded: [^\n]*\bscripted\b/);
        assertMatch(term.screen(), /Plugins: +loaded: [\s\S]*deferred: [^\n]*\bexec\b/);
        await term.waitFor(/MCP servers: +[\s\S]*broken failed \([\s\S]*off disabled/);
      },
      {
        prepare: async (sandbox) => {
          const config = {
            mcpServers: {
              broken: { command: "/nonexistent/tern-test-mcp-server" },
              off: { command: "/nonexistent/never-started", enabled: false },
            },
          };
          await Deno.writeTextFile(join(sandbox.ternHome, "config.jsonc"), JSON.stringify(config));
        },
      },
    ),
});
