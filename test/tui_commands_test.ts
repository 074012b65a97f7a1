/**
 * The interactive session's commands, forms, queue and status line (issue #15): `/fork`, `/skills`,
 * `/mcp`, `/hooks`, `/plugins`, `/init`, MCP elicitation and permission forms, editing the queue,
 * and the context left. Driven as tui_test.ts drives the session: the real binary in a real
 * pseudo-terminal, the screen read through a headless terminal, the scripted model.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { skipWhen } from "./support/skip.ts";
import { EVERYTHING_STDIO } from "./support/mcp_servers.ts";
import { HAS_SCRIPT, Keys, openTerminal, type TernTerminal } from "./support/terminal.ts";
import { rolloutOf, rollouts, scripted, send, withSession } from "./support/tui_session.ts";
import { makeSandbox } from "./support/tern_process.ts";

const ignore = skipWhen(
  !HAS_SCRIPT,
  "test/tui_commands_test.ts: the terminal UI tests: no util-linux `script` for a PTY",
);

Deno.test({
  name: "the status line shows the reasoning effort beside the model, and the context left after a turn",
  ignore,
  fn: () =>
    withSession(
      scripted([[{ say: "counted" }]], ['model_reasoning_effort="high"', "scripted.contextWindow=1000"]),
      async (term) => {
        await term.waitFor("gpt-5.1-codex high · workspace-write");
        assert(!term.screen().includes("context left"), "no figure before the model has reported usage");
        await send(term, "count the tokens", "• counted");
        await term.waitFor(/gpt-5\.1-codex high · \d+% context left · workspace-write/);
        const left = Number(term.screen().match(/(\d+)% context left/)![1]);
        assert(left > 0 && left < 100, `a request used part of the 1000-token window: ${left}%`);
      },
    ),
});

Deno.test({
  name: "/fork copies the thread into a new one; the next message continues the fork, with the history",
  ignore,
  fn: () =>
    withSession(
      scripted([[{ say: "remember OSPREY" }], [{ say: "forked reply" }]]),
      async (term, sandbox) => {
        await send(term, "a bird please", "• remember OSPREY");
        // `/fo` lists the command with its description; Enter runs it.
        await term.type("/fo");
        await term.waitFor(/\/fork +copy this thread into a new one/);
        await send(term, "", /Forked thread \S+ into \S+/);
        const [, from, to] = term.screen().match(/Forked thread (\S+) into (\S+)/)!;
        assert(from !== to, "a new thread");
        await send(term, "and then?", "• forked reply");
        await term.type("/quit" + Keys.enter);
        assertEquals(await term.exited(), 0);
        assertStringIncludes(term.screen(), `Thread ${to} saved`);
        // The fork's own rollout holds the first exchange (copied) and the message sent after the fork.
        const fork = await rolloutOf(sandbox, to);
        assertStringIncludes(fork, "a bird please");
        assertStringIncludes(fork, "and then?");
        assert(!(await rolloutOf(sandbox, from)).includes("and then?"), "the original thread did not get it");
      },
    ),
});

Deno.test({
  name: "/skills lists the workspace's skills; /hooks lists hooks and their load warnings",
  ignore,
  fn: () => {
    const hooks = {
      Stop: [{ hooks: [{ type: "command", command: "true", statusMessage: "checking the wards" }] }],
      NoSuchEvent: [{ hooks: [{ type: "command", command: "true" }] }],
    };
    return withSession(
      scripted([], [`hooks=${JSON.stringify(hooks)}`]),
      async (term) => {
        await term.type("/sk");
        await term.waitFor(/\/skills +list the workspace's skills/);
        await send(term, "", "• Skills (1)");
        assertMatch(term.screen(), /\$tidy-up .*repo/);
        assertStringIncludes(term.screen(), "Tidies the workspace before a commit");
        await term.type("/ho");
        await term.waitFor(/\/hooks +list the hooks and their load warnings/);
        await send(term, "", "• Hooks (2)");
        assertMatch(term.screen(), /Stop true/);
        assertStringIncludes(term.screen(), "checking the wards");
        assertMatch(term.screen(), /⚠ .*NoSuchEvent/);
      },
      {
        prepare: async (sandbox) => {
          const dir = join(sandbox.workspace, ".agents/skills/tidy-up");
          await Deno.mkdir(dir, { recursive: true });
          await Deno.writeTextFile(
            join(dir, "SKILL.md"),
            "---\nname: tidy-up\ndescription: Tidies the workspace before a commit\n---\n\nTidy.\n",
          );
        },
      },
    );
  },
});

const KERNEL = new URL("../kernel/mod.ts", import.meta.url).href;

/** A plugin `greeter` (version 1.2.0) registering the tool `greet_${suffix}`. */
const greeterEntry = (suffix: string) => `
import { z } from "zod";
import { definePlugin, tool } from "${KERNEL}";
export default definePlugin({
  name: "greeter",
  setup(api) {
    api.tools.register(tool({ name: "greet_${suffix}", description: "Greets", parameters: z.object({}),
      execute: async () => ({ output: "hi" }) }));
  },
});`;

Deno.test({
  name: "/plugins lists plugins with status and contributions; /plugins reload reloads an edited one",
  ignore,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "tern-tui-plugin-" });
    await Deno.writeTextFile(
      join(dir, "plugin.jsonc"),
      JSON.stringify({
        name: "greeter",
        version: "1.2.0",
        description: "Says hello",
        contributes: { tools: ["greet_one", "greet_two"] },
      }),
    );
    await Deno.writeTextFile(join(dir, "mod.ts"), greeterEntry("one"));
    try {
      await withSession(scripted([], [`extraPlugins=${JSON.stringify([dir])}`]), async (term) => {
        await term.type("/pl");
        await term.waitFor(/\/plugins +list the plugins and what they add/);
        await send(term, "", /• Plugins \(\d+\)/);
        await term.waitFor(/greeter 1\.2\.0 loaded/);
        await term.waitFor(/Says hello\n +tools: greet_one/);
        // The built-ins the config leaves out, from `plugin/list`.
        await term.waitFor("not enabled (built in): request-permissions");
        await Deno.writeTextFile(join(dir, "mod.ts"), greeterEntry("two"));
        await send(term, "/plugins reload", /• Plugins \(\d+\), reloaded/);
        await term.waitFor(/greeter 1\.2\.0 loaded · reloaded \(generation 2\)\n.*Says hello\n +tools: greet_two/);
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "/init asks the model to write AGENTS.md, and the model's file lands in the workspace",
  ignore,
  fn: () =>
    withSession(
      scripted([
        [{
          custom: "apply_patch",
          input: "*** Begin Patch\n*** Add File: AGENTS.md\n+# Project notes\n+Run deno task test.\n*** End Patch\n",
        }],
        [{ say: "Wrote AGENTS.md" }],
      ], ['approval_policy="never"']),
      async (term, sandbox) => {
        await term.type("/in");
        await term.waitFor(/\/init +ask the model to write a starter AGENTS\.md/);
        await send(term, "", "• Wrote AGENTS.md");
        assertMatch(term.screen(), /› \/init[\s\S]*• Edited AGENTS\.md \+2 -0/);
        assertEquals(
          await Deno.readTextFile(join(sandbox.workspace, "AGENTS.md")),
          "# Project notes\nRun deno task test.\n",
        );
        assertMatch(await rollouts(sandbox), /Write a starter AGENTS\.md/, "the model got the /init request");
      },
    ),
});

Deno.test({
  name: "/init over an existing AGENTS.md asks first: n keeps the file and sends nothing, y lets the model rewrite it",
  ignore,
  fn: () =>
    withSession(
      scripted([[{
        custom: "apply_patch",
        input: "*** Begin Patch\n*** Update File: AGENTS.md\n@@\n-old notes\n+new notes\n*** End Patch\n",
      }], [{ say: "Rewrote it" }]], ['approval_policy="never"']),
      async (term, sandbox) => {
        const file = join(sandbox.workspace, "AGENTS.md");
        await send(term, "/init", "AGENTS.md exists in");
        assertStringIncludes(term.screen(), "[y] Yes, let the model rewrite it");
        await term.type("n");
        await term.waitFor("• /init: kept AGENTS.md as it is");
        assertEquals(await Deno.readTextFile(file), "old notes\n");
        assert(!term.screen().includes("› /init"), "nothing was sent to the model");
        await send(term, "/init", /AGENTS\.md exists in[\s\S]*\[y\]/);
        await term.type("y");
        await term.waitFor("• Rewrote it");
        assertEquals(await Deno.readTextFile(file), "new notes\n");
        assertMatch(await rollouts(sandbox), /agreed to replace it/);
      },
      { prepare: (sandbox) => Deno.writeTextFile(join(sandbox.workspace, "AGENTS.md"), "old notes\n") },
    ),
});

const ALT_UP = "\x1b[1;3A";

Deno.test({
  name: "queued messages can be selected (Up), moved (Alt+Up), deleted (d) and edited (e); they run in the new order",
  ignore,
  fn: () =>
    withSession(
      scripted([
        [{ say: "busy" }, { sleepMs: 6000 }, { say: "first done" }],
        [{ say: "next: {{input}}" }],
        [{ say: "next: {{input}}" }],
      ]),
      async (term) => {
        await term.type("first task" + Keys.enter);
        await term.waitFor(/busy[\s\S]*esc to interrupt/);
        for (const text of ["alpha", "bravo", "charlie"]) {
          await term.type(text + Keys.tab);
          await term.waitFor(`↳ queued: ${text}`);
        }
        // Up on the empty composer selects the last queued message; Alt+Up moves it up one.
        await term.type(Keys.up);
        await term.waitFor(/›↳ queued: charlie\n.*alt\+↑↓ move · e edit · d delete/);
        await term.type(ALT_UP);
        await term.waitFor(/↳ queued: alpha\n›↳ queued: charlie\n ↳ queued: bravo/);
        // Up selects alpha; d deletes it.
        await term.type(Keys.up);
        await term.waitFor("›↳ queued: alpha");
        await term.type("d");
        await term.waitFor(/›↳ queued: charlie\n ↳ queued: bravo/);
        assert(!term.screen().includes("queued: alpha"));
        // e puts charlie in the composer; Enter saves the edit in its place.
        await term.type("e");
        await term.waitFor("queued: charlie (editing)");
        await term.type(" edited" + Keys.enter);
        await term.waitFor(/ ↳ queued: charlie edited\n ↳ queued: bravo/);
        await term.waitFor("• next: bravo", 30_000);
        const screen = term.screen();
        assertMatch(screen, /• first done[\s\S]*• next: charlie edited[\s\S]*• next: bravo/);
        assert(!screen.includes("next: alpha"), "the deleted message never ran");
      },
    ),
});

Deno.test({
  name: "a queued message survives quitting: `tern resume --last` shows it and runs it",
  ignore,
  fn: async () => {
    const sandbox = await makeSandbox();
    const first = openTerminal(sandbox, scripted([[{ say: "long job" }, { sleepMs: 60_000 }]]));
    let second: TernTerminal | null = null;
    try {
      await first.waitFor("enter send");
      await first.type("start the job" + Keys.enter);
      await first.waitFor(/long job[\s\S]*esc to interrupt/);
      await first.type("then write the report" + Keys.tab);
      await first.waitFor("↳ queued: then write the report");
      // Quit while the turn runs: the queued message stays in the thread's store.
      await first.type(Keys.ctrlD);
      assertEquals(await first.exited(), 0);
      second = openTerminal(sandbox, [
        // Both processes' scripts start at response 1: the answer streams into a cell of its own,
        // not into the replayed "long job" message's (item ids are unique across processes).
        ...scripted([[{ say: "report for: {{input}}" }]]),
        "resume",
        "--last",
      ]);
      await second.waitFor("• report for: then write the report");
      assertMatch(second.screen(), /• long job[\s\S]*› then write the report\n[\s\S]*• report for/);
    } finally {
      await first.close();
      await second?.close();
      await sandbox.cleanup();
    }
  },
});

const ELICIT = { call: "mcp__everything__trigger-elicitation-request", args: {} };

Deno.test({
  name:
    "/mcp lists the MCP servers and tools; an MCP elicitation shows as a form from its schema: accept sends the values, Ctrl+D declines",
  ignore,
  fn: () =>
    withSession(
      scripted([[ELICIT], [{ say: "thanks" }], [ELICIT], [{ say: "fine" }]], ['approval_policy="never"']),
      async (term) => {
        await term.type("/mc");
        await term.waitFor(/\/mcp +list the MCP servers, their status and tools/);
        await send(term, "", "• MCP servers (1)");
        await term.waitFor(/everything ready · 1 tools\n +trigger-elicitation-request/);

        await term.type("ask me" + Keys.enter);
        await term.waitFor(/everything asks\n +Please provide inputs[\s\S]*esc cancel/);
        const form = term.screen();
        assertMatch(form, /› String\*: ▏/, "the required field first, empty");
        assertMatch(form, /Your full, legal name/, "the selected field's description");
        assertStringIncludes(form, "Boolean: [ ]");
        assertStringIncludes(form, "String with default: It was a dark and stormy night.");
        assertStringIncludes(form, "Integer: 42");
        assertMatch(form, /Untitled Single Select Enum: Monica +Rachel/);
        // A required field left empty: Enter says so and the form stays.
        await term.type(Keys.enter);
        await term.waitFor("String: required");
        await term.type("Ada");
        await term.type(Keys.down);
        await term.type(" ");
        await term.waitFor("› Boolean: [x]");
        await term.type(Keys.enter);
        await term.waitFor("• thanks");
        assertMatch(
          term.screen(),
          /User provided the requested information[\s\S]*Name: Ada[\s\S]*Agreed to terms: true/,
        );
        assert(!term.screen().includes("everything asks"), "the form is gone once answered");

        await term.type("again" + Keys.enter);
        await term.waitFor(/everything asks[\s\S]*esc cancel/);
        await term.type(Keys.ctrlD);
        await term.waitFor("• fine");
        assertStringIncludes(term.screen(), "User declined to provide the requested information");
      },
      {
        prepare: async (sandbox) => {
          const config = {
            mcpServers: { everything: { ...EVERYTHING_STDIO, enabledTools: ["trigger-elicitation-request"] } },
          };
          await Deno.writeTextFile(join(sandbox.ternHome, "config.jsonc"), JSON.stringify(config));
        },
      },
    ),
});

const askToWrite = (folder: string) => ({
  call: "request_permissions",
  args: { reason: "to write the report", permissions: { file_system: { write: [folder] } } },
});
const addReport = (path: string) => ({
  custom: "apply_patch",
  input: `*** Begin Patch\n*** Add File: ${path}\n+the report\n*** End Patch\n`,
});

Deno.test({
  name:
    "request_permissions asks with item/permissions/requestApproval: y grants the folder (a write there needs no approval), n grants nothing",
  ignore,
  fn: () =>
    withSession(
      scripted(
        [
          [askToWrite("out")],
          [addReport("out/report.txt")],
          [{ say: "report written" }],
          [askToWrite("elsewhere")],
          [{ say: "result: {{output}}" }],
        ],
        ['extraPlugins=["builtin:request-permissions"]', 'sandbox_mode="read-only"'],
      ),
      async (term, sandbox) => {
        await term.type("write the report" + Keys.enter);
        await term.waitFor("No, and stop the turn");
        const prompt = term.screen();
        assertStringIncludes(prompt, "Grant these permissions?");
        assertStringIncludes(prompt, `write: ${join(sandbox.workspace, "out")}`);
        assertStringIncludes(prompt, "Reason: to write the report");
        assertStringIncludes(prompt, "[y] Yes, for this turn");
        assertStringIncludes(prompt, "[a] Yes, for the rest of this session");
        await term.type("y");
        // The read-only sandbox now lets the patch write in out/: no file-change approval is asked.
        await term.waitFor("• report written");
        assert(!term.screen().includes("Make these file changes?"), "the grant covered the write");
        assertEquals(await Deno.readTextFile(join(sandbox.workspace, "out/report.txt")), "the report\n");

        await term.type("and elsewhere" + Keys.enter);
        await term.waitFor("No, and stop the turn");
        await term.type("n" + Keys.enter);
        await term.waitFor("• result: Not granted: the user declined");
      },
    ),
});
