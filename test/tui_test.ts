/**
 * The interactive session (`tern` bare), driven as a person would: the real binary in a real
 * pseudo-terminal, keys typed, the screen read through a headless terminal emulator
 * (test/support/terminal.ts). The scripted model drives every turn.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { fromFileUrl, join } from "@std/path";
import { delay } from "../kernel/mod.ts";
import { skipWhen } from "./support/skip.ts";
import { HAS_SCRIPT, Keys, openTerminal, type TernTerminal } from "./support/terminal.ts";
import { makeSandbox, runTern } from "./support/tern_process.ts";
import { writeLongThread } from "./support/long_thread.ts";
import { spawnWsServer } from "./support/app_server_process.ts";
import { rollouts, scripted, send, shell, withSession } from "./support/tui_session.ts";
import { EVERYTHING_STDIO } from "./support/mcp_servers.ts";

const ignore = skipWhen(!HAS_SCRIPT, "test/tui_test.ts: the terminal UI tests: no util-linux `script` for a PTY");

Deno.test({
  name: "tern opens the session: header, then a submitted prompt and the streamed answer rendered as Markdown",
  ignore,
  fn: () =>
    withSession(
      // Two messages with a pause between them: the first shows while the turn still runs.
      scripted([[{ say: "First **part**" }, { sleepMs: 600 }, { say: "and `the rest`." }]]),
      async (term, sandbox) => {
        assertStringIncludes(term.screen(), "Tern");
        assertStringIncludes(term.screen(), sandbox.workspace);
        await term.type("hello tern" + Keys.enter);
        await term.waitFor("› hello tern");
        // The first delta is on screen while the turn still runs.
        await term.waitFor(/• First part[\s\S]*Working/);
        await term.waitFor("• and the rest.");
        await term.waitFor(/Worked for/);
        assert(!term.screen().includes("**"), "Markdown is rendered, not shown raw");
      },
    ),
});

Deno.test({
  name: "the composer takes several lines (Ctrl+J) and Up recalls the last message sent",
  ignore,
  fn: () =>
    withSession(scripted([[{ say: "got: {{input}}" }], [{ say: "again" }]]), async (term) => {
      await term.type("line one" + Keys.ctrlJ + "line two" + Keys.enter);
      await term.waitFor(/› line one\n {2}line two/);
      await term.waitFor("• got: line one");
      await term.waitFor(/Worked for/);
      await term.type(Keys.up);
      await term.type(Keys.enter);
      await term.waitFor("• again");
      assertEquals(term.screen().match(/› line one\n {2}line two/g)?.length, 2);
    }),
});

Deno.test({
  name: "code blocks in the agent's message are highlighted when colour is on",
  ignore,
  fn: () =>
    withSession(
      [...scripted([[{ sleepMs: 1500 }, { say: "Here:\n\n```ts\nconst answer = 42;\n```\n" }]]), "show code"],
      async (term) => {
        await term.waitFor("const answer = 42;");
        const esc = String.fromCharCode(27);
        // highlight.js's keyword colour (magenta) on `const`, its number colour (yellow) on `42`.
        assertStringIncludes(term.raw(), `${esc}[35mconst${esc}[39m`);
        assertStringIncludes(term.raw(), `${esc}[33m42${esc}[39m`);
      },
      { env: { NO_COLOR: "" } },
    ),
});

Deno.test({
  name: "tern PROMPT submits the prompt at once, and a command cell shows the command, cwd, exit status and output",
  ignore,
  fn: () =>
    withSession(
      [...scripted([[shell("echo cell-output-42")], [{ say: "done" }]], ['approval_policy="never"']), "run echo"],
      async (term, sandbox) => {
        await term.waitFor("• done");
        const screen = term.screen();
        assertStringIncludes(screen, "› run echo");
        assertMatch(screen, /• Ran echo cell-output-42/);
        assertMatch(screen, new RegExp(`cwd ${sandbox.workspace} · exit 0 · \\d`));
        assertMatch(screen, /^ {4}cell-output-42$/m);
      },
    ),
});

Deno.test({
  name: "a file change shows as a diff of the file, its path relative to the workspace",
  ignore,
  fn: () =>
    withSession(
      [
        ...scripted([
          [{
            custom: "apply_patch",
            input: "*** Begin Patch\n*** Add File: notes.txt\n+first line\n+second line\n*** End Patch\n",
          }],
          [{ say: "patched" }],
        ], ['approval_policy="never"']),
        "add notes",
      ],
      async (term, sandbox) => {
        await term.waitFor("• patched");
        const screen = term.screen();
        assertMatch(screen, /• Edited notes\.txt \+2 -0/);
        assertMatch(screen, /^ {4}\+first line$/m);
        assertMatch(screen, /^ {4}\+second line$/m);
        assertEquals(await Deno.readTextFile(join(sandbox.workspace, "notes.txt")), "first line\nsecond line\n");
      },
    ),
});

Deno.test({
  name: "a reasoning summary shows collapsed to its first line, and a plan update as a checklist",
  ignore,
  fn: () =>
    withSession(
      [
        ...scripted([
          [
            { reasoning: "Reading the layout first\nthen the rest of the details" },
            {
              call: "update_plan",
              args: {
                explanation: "Two steps",
                plan: [{ step: "read the code", status: "completed" }, { step: "fix the bug", status: "in_progress" }],
              },
            },
          ],
          [{ say: "planned" }],
        ]),
        "plan it",
      ],
      async (term) => {
        await term.waitFor("• planned");
        const screen = term.screen();
        assertStringIncludes(screen, "• Reading the layout first");
        assert(!screen.includes("then the rest of the details"), "collapsed to its first line");
        assertMatch(screen, /• Updated plan\n {2}Two steps\n {2}✔ read the code\n {2}□ fix the bug/);
      },
    ),
});

Deno.test({
  name: "a hook run shows as it runs, then its outcome",
  ignore,
  fn: () => {
    const hooks = { Stop: [{ hooks: [{ type: "command", command: "true", statusMessage: "checking the wards" }] }] };
    return withSession(
      [...scripted([[{ say: "answered" }]], [`hooks=${JSON.stringify(hooks)}`]), "go"],
      async (term) => {
        await term.waitFor("Stop hook (completed)");
        assertMatch(
          term.screen(),
          /• answered[\s\S]*• Running Stop hook: checking the wards[\s\S]*Stop hook \(completed\)/,
        );
      },
    );
  },
});

Deno.test({
  name: "an MCP tool call shows its server, tool, arguments and result",
  ignore,
  fn: async () => {
    const sandbox = await makeSandbox();
    const config = { mcpServers: { everything: { ...EVERYTHING_STDIO, enabledTools: ["echo"] } } };
    await Deno.writeTextFile(join(sandbox.ternHome, "config.jsonc"), JSON.stringify(config));
    const term = openTerminal(sandbox, [
      ...scripted(
        [[{ call: "mcp__everything__echo", args: { message: "ping-42" } }], [{ say: "echoed" }]],
        ['approval_policy="never"'],
      ),
      "echo it",
    ]);
    try {
      await term.waitFor("• echoed", 60_000);
      assertMatch(term.screen(), /• Called everything\.echo\(\{"message":"ping-42"\}\)\n {2}└ Echo: ping-42/);
    } finally {
      await term.close();
      await sandbox.cleanup();
    }
  },
});

Deno.test({
  name: "a command approval offers the request's decisions; y runs the command",
  ignore,
  fn: () =>
    withSession(
      scripted([[shell("touch out/approved.txt")], [{ say: "touched" }]], ['approval_policy="untrusted"']),
      async (term, sandbox) => {
        await term.type("make the file" + Keys.enter);
        // The prompt's last line: the whole prompt is drawn (a frame may be read half written).
        await term.waitFor("Cancel (stop the turn)");
        const screen = term.screen();
        assertStringIncludes(screen, "$ touch out/approved.txt");
        assertStringIncludes(screen, "[y] Yes, run it");
        assertStringIncludes(screen, "[n] No, and tell the model");
        await term.type("y");
        await term.waitFor("• touched");
        assertMatch(term.screen(), /• Ran touch out\/approved.txt/);
        assert(!term.screen().includes("Run this command?"), "the prompt is gone once answered");
        await Deno.stat(join(sandbox.workspace, "out", "approved.txt"));
      },
    ),
});

/**
 * Declines the approval of `touch FILE` with `n`, typing `note` before Enter; the model's next
 * answer echoes the latest user message, so it shows the note when there is one.
 */
function declineTouch(file: string, note: string, reply: string): Promise<void> {
  return withSession(
    scripted([[shell(`touch ${file}`)], [{ say: "heard: {{input}}" }]], ['approval_policy="untrusted"']),
    async (term, sandbox) => {
      await term.type("make the file" + Keys.enter);
      await term.waitFor("Run this command?");
      await term.type("n");
      await term.waitFor("Tell the model why or what to do instead");
      await term.type(note + Keys.enter);
      await term.waitFor(`• heard: ${reply}`);
      assertMatch(term.screen(), new RegExp(`Declined touch ${file}`));
      const made = await Deno.stat(join(sandbox.workspace, file)).then(() => true, () => false);
      assertEquals(made, false);
    },
  );
}

Deno.test({
  name: "a command approval answered n and Enter (no note) declines: the command does not run",
  ignore,
  fn: () => declineTouch("declined.txt", "", "make the file"),
});

Deno.test({
  name: "a note typed after n goes to the model with the declined command",
  ignore,
  fn: () => declineTouch("noted.txt", "name it other.txt instead", "name it other.txt instead"),
});

Deno.test({
  name: "a accepts a command for the session: the same command later runs without asking",
  ignore,
  fn: () =>
    withSession(
      scripted(
        [[shell("touch out/again.txt")], [shell("touch out/again.txt")], [{ say: "twice" }]],
        ['approval_policy="untrusted"'],
      ),
      async (term) => {
        await term.type("touch it twice" + Keys.enter);
        await term.waitFor("[a] Yes, and don't ask again this session");
        await term.type("a");
        await term.waitFor("• twice");
        assertEquals(term.screen().match(/Run this command\?/g)?.length ?? 0, 0, "asked once, then gone");
        assertEquals(term.screen().match(/• Ran touch out\/again\.txt/g)?.length, 2);
      },
    ),
});

Deno.test({
  name: "Esc in an approval prompt cancels: the command does not run and the turn stops",
  ignore,
  fn: () =>
    withSession(
      scripted([[shell("touch cancelled.txt")], [{ say: "should not be reached" }]], ['approval_policy="untrusted"']),
      async (term, sandbox) => {
        await term.type("make the file" + Keys.enter);
        await term.waitFor("Run this command?");
        await term.type(Keys.esc);
        await term.waitFor(/Worked for/);
        assert(!term.screen().includes("should not be reached"), term.screen());
        const made = await Deno.stat(join(sandbox.workspace, "cancelled.txt")).then(() => true, () => false);
        assertEquals(made, false);
      },
    ),
});

/** The model's `request_user_input` call asking `questions`. */
const ask = (...questions: unknown[]) => ({ call: "request_user_input", args: { questions } });
const colourQuestion = {
  id: "colour",
  header: "Colour",
  question: "Which colour should the button be?",
  options: [
    { label: "Teal (Recommended)", description: "Matches the theme" },
    { label: "Orange", description: "Stands out" },
  ],
};

Deno.test({
  name: "request_user_input shows its questions as a form; a number picks an option, typing answers freely",
  ignore,
  fn: () =>
    withSession(
      scripted([
        [ask(colourQuestion, { id: "label", header: "Label", question: "What should the button say?" })],
        [{ say: "got {{output}}" }],
      ]),
      async (term) => {
        await term.type("style the button" + Keys.enter);
        await term.waitFor("esc decline");
        const screen = term.screen();
        assertStringIncludes(screen, "Colour (1/2)");
        assertStringIncludes(screen, "Which colour should the button be?");
        assertStringIncludes(screen, "1. Teal (Recommended)");
        assertStringIncludes(screen, "2. Orange");
        assertStringIncludes(screen, "Other:");
        await term.type("2");
        await term.waitFor("What should the button say?");
        await term.type("Buy now" + Keys.enter);
        await term.waitFor("got ");
        const answered = term.screen().replace(/\s+/g, " ");
        assertStringIncludes(answered, '"colour":{"answers":["Orange"]}');
        assertStringIncludes(answered, '"label":{"answers":["Buy now"]}');
        assert(!term.screen().includes("esc decline"), "the form is gone once answered");
      },
    ),
});

Deno.test({
  name: "request_user_input: arrows and Enter pick an option; Esc on a later form declines it",
  ignore,
  fn: () =>
    withSession(
      scripted([
        [ask(colourQuestion)],
        [{ say: "first {{output}}" }, ask({ ...colourQuestion, id: "again" })],
        [{ say: "second {{output}}" }],
      ]),
      async (term) => {
        await term.type("style the button" + Keys.enter);
        await term.waitFor("esc decline");
        await term.type(Keys.down);
        await term.type(Keys.up);
        await term.type(Keys.up);
        await term.type(Keys.up + Keys.enter);
        await term.waitFor(/first [\s\S]*esc decline/);
        assertStringIncludes(term.screen().replace(/\s+/g, " "), '"colour":{"answers":["Orange"]}');
        await term.type(Keys.esc);
        await term.waitFor(/second [\s\S]*Worked for/);
        assertMatch(term.screen(), /second The user could not be asked[\s\S]*declined to answer/);
      },
    ),
});

Deno.test({
  name: "Tab while a turn runs queues the message; it is listed, then runs as the next turn",
  ignore,
  fn: () =>
    withSession(
      scripted([[{ say: "working on it" }, { sleepMs: 2000 }, { say: "first done" }], [{ say: "next: {{input}}" }]]),
      async (term) => {
        await term.type("first task" + Keys.enter);
        await term.waitFor(/working on it[\s\S]*esc to interrupt/);
        await term.type("follow up" + Keys.tab);
        await term.waitFor("↳ queued: follow up");
        await term.waitFor("• next: follow up");
        const screen = term.screen();
        assert(!screen.includes("↳ queued:"), "the queue is empty once its turn started");
        assertMatch(screen, /• first done[\s\S]*› follow up[\s\S]*• next: follow up/);
      },
    ),
});

Deno.test({
  name: "Enter while a turn runs steers it: the model's next request sees the message",
  ignore,
  fn: () =>
    withSession(
      scripted(
        [[{ say: "step one" }, { sleepMs: 1500 }, shell("true")], [{ say: "heard: {{input}}" }]],
        ['approval_policy="never"'],
      ),
      async (term) => {
        await term.type("start" + Keys.enter);
        await term.waitFor(/step one[\s\S]*esc to interrupt/);
        await term.type("also this" + Keys.enter);
        await term.waitFor("• heard: also this");
        assertEquals(term.screen().match(/› also this/g)?.length, 1, "shown once");
        assertEquals(term.screen().match(/Worked for/g)?.length, 1, "one turn, steered");
      },
    ),
});

Deno.test({
  name: "Esc interrupts the running turn",
  ignore,
  fn: () =>
    withSession(
      scripted([[{ say: "thinking hard" }, { sleepMs: 60_000 }, { say: "never said" }]]),
      async (term) => {
        await term.type("take your time" + Keys.enter);
        await term.waitFor(/thinking hard[\s\S]*esc to interrupt/);
        const started = Date.now();
        await term.type(Keys.esc);
        await term.waitFor("Interrupted");
        assert(Date.now() - started < 10_000, "the interrupt is prompt");
        assert(!term.screen().includes("never said"));
        // The composer works again after the interrupt.
        await term.waitFor("enter send");
      },
    ),
});

Deno.test({
  name: "Ctrl-D on an empty composer quits; the thread is saved and `tern exec resume --last` continues it",
  ignore,
  fn: async () => {
    const sandbox = await makeSandbox();
    const term = openTerminal(sandbox, scripted([[{ say: "remember the word PELICAN" }]]));
    try {
      await term.waitFor("enter send");
      await term.type("a word please" + Keys.enter);
      await term.waitFor("• remember the word PELICAN");
      await term.type(Keys.ctrlD);
      assertEquals(await term.exited(), 0);
      const saved = term.screen().match(/Thread (\S+) saved/);
      assert(saved, `the session says which thread it saved:\n${term.screen()}`);
      const resumed = await runTern(sandbox, [
        ...scripted([[{ say: "resumed: {{input}}" }]]),
        "exec",
        "--json",
        "resume",
        "--last",
        "and again",
      ]);
      assertEquals(resumed.code, 0, resumed.stderr);
      const started = resumed.events.find((e) => e.type === "thread.started");
      assertEquals(started?.thread_id, saved[1]);
    } finally {
      await term.close();
      await sandbox.cleanup();
    }
  },
});

Deno.test({
  name: "tern resume --last opens the saved thread with its transcript, and the next message continues it",
  ignore,
  fn: async () => {
    const sandbox = await makeSandbox();
    const first = openTerminal(sandbox, scripted([[{ say: "remember the word HERON" }]]));
    let second: TernTerminal | null = null;
    try {
      await first.waitFor("enter send");
      await first.type("a word please" + Keys.enter);
      await first.waitFor("• remember the word HERON");
      await first.type(Keys.ctrlD);
      assertEquals(await first.exited(), 0);
      const saved = first.screen().match(/Thread (\S+) saved/)?.[1];
      second = openTerminal(sandbox, [...scripted([[{ say: "continuing after: {{input}}" }]]), "resume", "--last"]);
      await second.waitFor(`Resumed thread ${saved}`);
      assertMatch(second.screen(), /› a word please[\s\S]*• remember the word HERON/);
      await second.type("and now?" + Keys.enter);
      await second.waitFor("• continuing after: and now?");
      await second.type(Keys.ctrlD);
      assertEquals(await second.exited(), 0);
      assertStringIncludes(second.screen(), `Thread ${saved} saved`);
    } finally {
      await first.close();
      await second?.close();
      await sandbox.cleanup();
    }
  },
});

Deno.test({
  name: "tern resume --last of a 1,000-turn thread draws only its last turns, says so, and continues it",
  ignore,
  fn: async () => {
    const sandbox = await makeSandbox();
    const { threadId } = await writeLongThread(sandbox, 1000);
    const term = openTerminal(sandbox, [...scripted([[{ say: "continuing the long one" }]]), "resume", "--last"]);
    try {
      await term.waitFor(`Resumed thread ${threadId}`);
      const screen = term.screen();
      assertMatch(screen, /Earlier turns are not shown here; the last 20 are/);
      assertMatch(screen, /› question 1000\n[\s\S]*• Answer 1000 with code\./);
      assertStringIncludes(screen, "› question 981\n");
      assert(!screen.includes("› question 980\n"), "turns before the last page are not drawn");
      await term.type("one more" + Keys.enter);
      await term.waitFor("• continuing the long one");
    } finally {
      await term.close();
      await sandbox.cleanup();
    }
  },
});

Deno.test({
  name: "once the session has drawn, nothing else writes to the terminal: Deno's progress bar never erases its lines",
  ignore,
  fn: () =>
    withSession(scripted([[{ say: "unused" }]]), async (term) => {
      // The session's background imports (the code highlighter, ...) load meanwhile.
      await delay(1500);
      const raw = term.raw();
      const session = raw.indexOf("\x1b[?2004h"); // the session's terminal starts with bracketed paste
      // Deno's progress bar clears its line and the rest of the screen (ESC[0G ESC[2K ESC[J), from wherever the cursor is.
      assertEquals(
        raw.slice(session).split("\x1b[0G\x1b[2K\x1b[J").length - 1,
        0,
        "a progress-bar clear after the session drew",
      );
      assertStringIncludes(term.screen(), "enter send");
    }),
});

Deno.test({
  name: "/ lists the slash commands; /status shows the thread, /new starts another, /quit leaves",
  ignore,
  fn: () =>
    withSession(scripted([[{ say: "hi" }]]), async (term, sandbox) => {
      await term.type("/");
      await term.waitFor(/\/status +thread, model, workspace/);
      assertMatch(term.screen(), /\/new +start a new thread/);
      // Typing filters the list; Enter runs the command picked.
      await term.type("st");
      await term.waitFor(/^(?![\s\S]*\/new +start)[\s\S]*\/status +thread/);
      await term.type(Keys.enter);
      await term.waitFor("• Status");
      const first = term.screen().match(/Thread: +(\S+)/)?.[1];
      assert(first, term.screen());
      assertMatch(term.screen(), new RegExp(`Workspace: +${sandbox.workspace}`));
      assertMatch(term.screen(), /Sandbox: +workspace-write/);
      await term.type("/new" + Keys.enter);
      await term.waitFor("New thread");
      const second = term.screen().match(/New thread (\S+)/)?.[1];
      assert(second && second !== first, "a different thread");
      await term.type("/quit" + Keys.enter);
      assertEquals(await term.exited(), 0);
      assertStringIncludes(term.screen(), `Thread ${second} saved`);
    }),
});

Deno.test({
  name:
    "a Claude Code plugin's commands/ are slash commands: listed in / with their description, /plugin:name and /name send the expanded prompt",
  ignore,
  fn: async () => {
    const plugin = await Deno.makeTempDir({ prefix: "tern-cmd-plugin-" });
    await Deno.mkdir(join(plugin, ".claude-plugin"));
    await Deno.mkdir(join(plugin, "commands"));
    await Deno.writeTextFile(join(plugin, ".claude-plugin/plugin.json"), JSON.stringify({ name: "reviewer" }));
    await Deno.writeTextFile(
      join(plugin, "commands/review.md"),
      "---\ndescription: Review a file carefully\nargument-hint: FILE [FOCUS]\n---\n\nReview $1 focusing on $2 (all: $ARGUMENTS).\n",
    );
    try {
      await withSession(
        scripted([[{ say: "got: {{input}}" }], [{ say: "again: {{input}}" }]], [
          `extraPlugins=${JSON.stringify([plugin])}`,
        ]),
        async (term) => {
          await term.type("/rev");
          await term.waitFor(/\/reviewer:review +Review a file carefully FILE \[FOCUS\]/);
          await term.type(Keys.ctrlC);
          await term.type("/reviewer:review main.ts speed" + Keys.enter);
          await term.waitFor("› /reviewer:review main.ts speed");
          await term.waitFor("• got: Review main.ts focusing on speed (all: main.ts speed).");
          await term.waitFor(/Worked for/);
          // No built-in command and no other plugin's command is called `review`: `/review` works too.
          await term.type("/review a.ts" + Keys.enter);
          await term.waitFor("• again: Review a.ts focusing on  (all: a.ts).");
        },
      );
    } finally {
      await Deno.remove(plugin, { recursive: true });
    }
  },
});

Deno.test({
  name: "Ctrl-C twice on an empty composer quits; the first says how",
  ignore,
  fn: () =>
    withSession(scripted([]), async (term) => {
      await term.type(Keys.ctrlC);
      await term.waitFor("Press Ctrl+C again to quit");
      await term.type(Keys.ctrlC);
      assertEquals(await term.exited(), 0);
    }),
});

Deno.test({
  name: "a 60-column terminal without colour still shows every part of the session",
  ignore,
  fn: () =>
    withSession(
      scripted([[{ say: "A long answer that has to wrap in a narrow terminal, word after word after word." }]]),
      async (term) => {
        await term.type("narrow" + Keys.enter);
        await term.waitFor(/Worked for/);
        const lines = term.screen().split("\n");
        assert(lines.every((line) => line.length <= 60), "no line is wider than the terminal");
        assertStringIncludes(term.screen(), "word after");
        // NO_COLOR (set by makeSandbox): no foreground colour is ever sent.
        const colour = new RegExp(`${String.fromCharCode(27)}\\[(3[0-7]|9[0-7]|38;)`);
        assert(!colour.test(term.raw()), "no colour codes under NO_COLOR");
      },
      { cols: 60 },
    ),
});

Deno.test({
  name: "a resized terminal is redrawn at its new width",
  ignore,
  fn: () =>
    withSession(
      scripted([[{ say: "A long answer that wraps differently once the terminal is narrower than it was before." }]]),
      async (term) => {
        await term.type("wrap" + Keys.enter);
        await term.waitFor(/Worked for/);
        assertMatch(term.screen(), /^• A long answer .* before\.\s*$/m, "one line at 100 columns");
        await term.resize(60, 30);
        // Drawn again at 60 columns: the answer wraps under its bullet, indented (an emulator's own reflow
        // of the old line would not indent it).
        await term.waitFor(/^• A long answer.*\n {2}[a-z].*before\.\s*$/m);
        await term.type("still typing");
        await term.waitFor("still typing");
        const composer = term.screen().split("\n").filter((line) => line.includes("still typing"));
        assert(composer.every((line) => line.length <= 60), composer.join("\n"));
      },
    ),
});

Deno.test({
  name: "deno task demo:tui opens the session on the scripted model, answers, and patches on the second message",
  ignore,
  fn: async () => {
    const sandbox = await makeSandbox();
    const demo = fromFileUrl(new URL("../examples/demo/tui.ts", import.meta.url));
    const term = openTerminal(sandbox, [], {
      command: [Deno.execPath(), "run", "-A", "--unstable-worker-options", "--no-check", demo],
    });
    try {
      await term.waitFor("Send any message and I'll fix it.");
      assertMatch(term.screen(), /• Ran grep -rn TODO src/);
      await term.type("fix it" + Keys.enter);
      await term.waitFor("greet() now trims the name");
      assertMatch(term.screen(), /• Edited src\/greet\.ts \+1 -2/);
      await term.type(Keys.ctrlD);
      assertEquals(await term.exited(), 0);
    } finally {
      await term.close();
      const workspace = term.screen().match(/Workspace: (\S+)/)?.[1];
      if (workspace) await Deno.remove(workspace, { recursive: true });
      await sandbox.cleanup();
    }
  },
});

Deno.test({
  name: "tern --remote attaches to a running tern app-server over WebSocket, presenting its token",
  ignore,
  fn: async () => {
    const sandbox = await makeSandbox();
    const tokenFile = join(sandbox.root, "token");
    await Deno.writeTextFile(tokenFile, "s3cret-token\n");
    const server = await spawnWsServer(sandbox, {
      config: ['model_provider="scripted"', `scripted.responses=${JSON.stringify([[{ say: "served remotely" }]])}`],
      args: ["--ws-token-file", tokenFile],
    });
    const term = openTerminal(
      sandbox,
      ["--remote", server.url, "--remote-auth-token-env", "TERN_TEST_TOKEN", "hello server"],
      { env: { TERN_TEST_TOKEN: "s3cret-token" } },
    );
    try {
      await term.waitFor("• served remotely");
      await term.type(Keys.ctrlD);
      assertEquals(await term.exited(), 0);
    } finally {
      await term.close();
      await server.stop();
      await sandbox.cleanup();
    }
  },
});

Deno.test({
  name: "tern --remote with a wrong token says it cannot connect",
  ignore,
  fn: async () => {
    const sandbox = await makeSandbox();
    const tokenFile = join(sandbox.root, "token");
    await Deno.writeTextFile(tokenFile, "right-token\n");
    const server = await spawnWsServer(sandbox, { args: ["--ws-token-file", tokenFile] });
    try {
      const term = openTerminal(sandbox, ["--remote", server.url, "--remote-auth-token-env", "T"], {
        env: { T: "wrong" },
      });
      try {
        assertEquals(await term.exited(), 1);
        assertStringIncludes(term.screen(), `Cannot connect to the app-server at ${server.url}`);
      } finally {
        await term.close();
      }
    } finally {
      await server.stop();
      await sandbox.cleanup();
    }
  },
});

Deno.test("tern with stdin not a terminal refuses and points to tern exec", async () => {
  const sandbox = await makeSandbox();
  try {
    const run = await runTern(sandbox, ["hello"], { stdin: "" });
    assertEquals(run.code, 1);
    assertStringIncludes(run.stderr, "needs a terminal");
    assertStringIncludes(run.stderr, "tern exec");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("tern --help still prints the help", async () => {
  const sandbox = await makeSandbox();
  try {
    const run = await runTern(sandbox, ["--help"]);
    assertEquals(run.code, 0);
    assertStringIncludes(run.stdout, "Usage: tern [GLOBAL OPTIONS] [PROMPT]");
    assertStringIncludes(run.stdout, "exec");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("tern exec leaves the session's plugin unloaded (it is deferred until tern opens a session)", async () => {
  const sandbox = await makeSandbox();
  try {
    const run = await runTern(sandbox, [...scripted([[{ say: "hi" }]]), "--debug", "exec", "hi"]);
    assertEquals(run.code, 0, run.stderr);
    assertMatch(run.stderr, /plugin tui: deferred/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test({
  name:
    "tern's composer is editable before the session has loaded: keys typed at once echo, and later reach the editor and are sent intact",
  ignore,
  fn: async () => {
    const sandbox = await makeSandbox();
    const term = openTerminal(sandbox, scripted([[{ say: "Got the early words." }]]));
    try {
      // The launcher's first frame: the composer's box and "starting", before the runtime and pi-tui load.
      for (let waited = 0; !term.raw().includes("starting · keys typed now are kept"); waited += 5) {
        assert(waited < 60_000, `no first frame; the terminal got:\n${term.raw()}`);
        await delay(5);
      }
      // Typed at once, with a typo corrected (Backspace) and a non-ASCII letter, then Enter.
      // The session's terminal turns on bracketed paste first thing when it starts.
      const sessionStarted = (raw: string) => raw.indexOf("\x1b[?2004h");
      const early = sessionStarted(term.raw()) < 0; // typed before the session took the terminal
      await term.type("tyx\x7fped early é");
      for (let waited = 0; !term.raw().includes("ped early é"); waited += 5) {
        assert(waited < 60_000, `the typed keys never showed; the terminal got:\n${term.raw()}`);
        await delay(5);
      }
      if (early) {
        // Echoed by the early composer, not by the session's editor once it was up.
        const raw = term.raw();
        const sessionAt = sessionStarted(raw);
        assert(sessionAt < 0 || raw.indexOf("ped early é") < sessionAt, `echoed only by the session's editor:\n${raw}`);
      } else console.log("tui_test.ts: the session drew its editor before the keys were typed this time");
      await term.type(Keys.enter);
      await term.waitFor("› typed early é");
      await term.waitFor("• Got the early words.");
      assert(!term.screen().includes("starting ·"), "the first frame gives way to the session's");
    } finally {
      await term.close();
      await sandbox.cleanup();
    }
  },
});

Deno.test({
  name: "Ctrl+C in the early composer quits at once, before the session opens",
  ignore,
  fn: async () => {
    const sandbox = await makeSandbox();
    const term = openTerminal(sandbox, scripted([[{ say: "unused" }]]));
    try {
      for (let waited = 0; !term.raw().includes("starting · keys typed now are kept"); waited += 5) {
        assert(waited < 60_000, `no first frame; the terminal got:\n${term.raw()}`);
        await delay(5);
      }
      if (term.raw().includes("\x1b[?2004h")) {
        console.log("tui_test.ts: the session took the terminal before Ctrl+C was typed this time; nothing to check");
        return;
      }
      await term.type(Keys.ctrlC);
      assert((await term.exited(10_000)) !== 0, "interrupted, not a clean exit");
      assert(!term.raw().includes("enter send"), "the session never opened");
    } finally {
      await term.close();
      await sandbox.cleanup();
    }
  },
});

Deno.test({
  name: "!cmd in the composer runs the command in the thread (thread/shellCommand) and shows its cell",
  ignore,
  fn: () =>
    withSession(scripted([[{ say: "unused" }]]), async (term, sandbox) => {
      await term.type("!echo bang-output-77" + Keys.enter);
      await term.waitFor(/• Ran echo bang-output-77/);
      await term.waitFor(/^ {4}bang-output-77$/m);
      assertMatch(term.screen(), new RegExp(`cwd ${sandbox.workspace} · exit 0`));
      assert(!term.screen().includes("› !echo"), "a shell command is not sent as a message");
    }),
});

Deno.test({
  name: "@ opens a fuzzy file picker over the workspace (.gitignore respected) and Enter puts the path in the message",
  ignore,
  fn: async () => {
    await withSession(scripted([[{ say: "got: {{input}}" }]]), async (term, sandbox) => {
      const write = async (path: string) => {
        await Deno.mkdir(join(sandbox.workspace, path, ".."), { recursive: true });
        await Deno.writeTextFile(join(sandbox.workspace, path), "");
      };
      await Deno.writeTextFile(join(sandbox.workspace, ".gitignore"), "dist/\n");
      await write("src/components/Button.tsx");
      await write("dist/bundle/Button.js");
      await term.type("look at @btn");
      await term.waitFor("src/components/Button.tsx");
      assert(!term.screen().includes("dist/bundle/Button.js"), `an ignored file is listed:\n${term.screen()}`);
      await term.type(Keys.enter);
      await term.type("please" + Keys.enter);
      await term.waitFor("• got: look at src/components/Button.tsx please");
    });
  },
});

Deno.test({
  name: "$ opens the workspace's skills filtered as you type; Enter mentions the skill and the turn injects it",
  ignore,
  fn: async () => {
    await withSession(scripted([[{ say: "got: {{input}}" }]]), async (term, sandbox) => {
      const skill = async (name: string, description: string, body: string) => {
        const dir = join(sandbox.workspace, ".tern", "skills", name);
        await Deno.mkdir(dir, { recursive: true });
        await Deno.writeTextFile(
          join(dir, "SKILL.md"),
          `---\nname: ${name}\ndescription: ${description}\n---\n\n${body}\n`,
        );
      };
      await skill("greet-user", "Greets the user warmly", "Say GREETING-SKILL-BODY first.");
      await skill("deploy-app", "Deploys the application", "Run DEPLOY-SKILL-BODY.");
      await term.type("please $");
      await term.waitFor("Deploys the application");
      assertStringIncludes(term.screen(), "Greets the user warmly");
      await term.type("gr");
      // The list narrows to the skill matching "gr".
      await term.waitFor(/^(?![\s\S]*Deploys the application)[\s\S]*Greets the user warmly/);
      await term.type(Keys.enter);
      await term.type("now" + Keys.enter);
      await term.waitFor("• got: please $greet-user now");
      const saved = await rollouts(sandbox);
      // The message carries the skill as an input item (as Codex's composer sends it), and the turn injects its text.
      assertStringIncludes(saved, '{"type":"skill","name":"greet-user","path":');
      assertStringIncludes(saved, "GREETING-SKILL-BODY");
      assert(!saved.includes("DEPLOY-SKILL-BODY"), "only the skill mentioned is injected");
    });
  },
});

const occurrences = (text: string, part: string) => text.split(part).length - 1;

Deno.test({
  name:
    "/rename names the thread; /resume lists saved threads (name or first message), filters as you type, reopens one",
  ignore,
  fn: () =>
    withSession(
      scripted([[{ say: "Answer one." }], [{ say: "Answer two." }]]),
      async (term) => {
        await send(term, "alpha message", "• Answer one.");
        await send(term, "/rename bugfix work", '• Thread renamed to "bugfix work"');
        await send(term, "/new", "New thread");
        await send(term, "beta message", "• Answer two.");
        await send(term, "/new", /New thread[\s\S]*New thread/);
        await send(term, "/resume", "Resume a thread");
        // Newest first: the second thread by its first message, then the renamed one by its name.
        await term.waitFor(/→ beta message\s+just now · [0-9a-f-]{36}\n\s+bugfix work\s+just now/);
        await term.type("bugf");
        await term.waitFor("search: bugf");
        await term.waitFor("→ bugfix work");
        assertEquals(occurrences(term.screen(), "beta message"), 1, "the filter hides the other thread");
        await term.type(Keys.enter);
        await term.waitFor(/Resumed thread [0-9a-f-]{36}/);
        assert(!term.screen().includes("Resume a thread"), "the picker closes");
        // The reopened thread's transcript is drawn again, and the next message continues it.
        assertMatch(
          term.screen(),
          /New thread [\s\S]*New thread [\s\S]*› alpha message\s+• Answer one\.[\s\S]*Resumed thread/,
        );
      },
    ),
});

Deno.test({
  name: "Esc closes the /resume picker without leaving the thread",
  ignore,
  fn: () =>
    withSession(scripted([[{ say: "Only answer." }]]), async (term) => {
      await send(term, "/resume", "No saved thread in");
      await term.type(Keys.esc);
      await term.waitFor(/enter send/);
      await new Promise((r) => setTimeout(r, 200));
      assert(!term.screen().includes("Resume a thread"), "the picker closes on Esc");
      await send(term, "still here", "• Only answer.");
    }),
});

Deno.test({
  name: "tern resume with no argument opens the picker over saved threads and reopens the one picked",
  ignore,
  fn: async () => {
    const sandbox = await makeSandbox();
    try {
      const first = await runTern(sandbox, [...scripted([[{ say: "Saved answer." }]]), "exec", "saved question"]);
      assertEquals(first.code, 0, first.stderr);
      const term = openTerminal(sandbox, [...scripted([[{ say: "Continued: {{input}}" }]]), "resume"]);
      try {
        await term.waitFor("Resume a thread");
        await term.waitFor(/→ saved question\s+just now/);
        await term.type(Keys.enter);
        await term.waitFor(/› saved question[\s\S]*• Saved answer\.[\s\S]*Resumed thread/);
        await send(term, "next one", "• Continued: next one");
      } finally {
        await term.close();
      }
    } finally {
      await sandbox.cleanup();
    }
  },
});

Deno.test({
  name: "/model lists the models (model/list); the one picked runs the next turns",
  ignore,
  fn: () =>
    withSession(scripted([[{ say: "Done." }]]), async (term, sandbox) => {
      await send(term, "/model", "Choose the model");
      await term.waitFor(/→ gpt-5\.1-codex \(current\)[\s\S]*scripted/);
      await term.type("scripted");
      await term.waitFor("→ scripted");
      await term.type(Keys.enter);
      await term.waitFor("• Model set to scripted for the next turns");
      await term.waitFor("scripted · workspace-write");
      await send(term, "go", "• Done.");
      await send(term, "/status", /Model:\s+scripted/);
      assertMatch(await rollouts(sandbox), /"model":"scripted"/, "the turn ran on the model picked");
    }),
});

Deno.test({
  name: "/approvals sets a preset: Full access runs a command the untrusted policy would have asked about",
  ignore,
  fn: () =>
    withSession(
      scripted([[shell("touch free.txt")], [{ say: "touched it" }]], ['approval_policy="untrusted"']),
      async (term, sandbox) => {
        await term.waitFor("approvals: untrusted");
        await send(term, "/approvals", "Choose what Tern may do without asking");
        await term.waitFor(/Read only[\s\S]*Auto[\s\S]*Full access/);
        await term.type("full");
        await term.waitFor("→ Full access");
        await term.type(Keys.enter);
        await term.waitFor("• Full access: sandbox danger-full-access, approvals never (from the next turn)");
        await term.waitFor("danger-full-access · approvals: never");
        await send(term, "make the file", "• touched it");
        assert(!term.screen().includes("Run this command?"), "no approval asked");
        await Deno.stat(join(sandbox.workspace, "free.txt"));
      },
    ),
});

Deno.test({
  name: "/diff shows the whole diff of the last turn that changed files (turn/diff/updated)",
  ignore,
  fn: () => {
    const add = (file: string, line: string) => ({
      custom: "apply_patch",
      input: `*** Begin Patch\n*** Add File: ${file}\n+${line}\n*** End Patch\n`,
    });
    return withSession(
      scripted([[add("a.txt", "alpha line")], [add("b.txt", "beta line")], [{ say: "two files" }]], [
        'approval_policy="never"',
      ]),
      async (term) => {
        await send(term, "/diff", "• No file changed in this thread's turns yet");
        await send(term, "write two files", "• two files");
        await send(term, "/diff", "• Diff of the last turn that changed files");
        const shown = term.screen().split("• Diff of the last turn that changed files")[1];
        // Both files of the turn, not only the last patch.
        assertMatch(shown, /a\.txt[\s\S]*\+alpha line[\s\S]*b\.txt[\s\S]*\+beta line/);
      },
    );
  },
});

Deno.test({
  name: "a config error while the first frame is up: the frame is erased and the error shows",
  ignore,
  fn: async () => {
    const sandbox = await makeSandbox();
    const term = openTerminal(sandbox, ["-c", 'sandbox_mode="bogus"']);
    try {
      assertEquals(await term.exited(), 1);
      assertMatch(term.screen(), /Error: .*sandbox_mode/);
      assert(!term.screen().includes("starting ·"), `the first frame is erased:\n${term.screen()}`);
      assert(!term.screen().includes("────"), `no box left behind:\n${term.screen()}`);
    } finally {
      await term.close();
      await sandbox.cleanup();
    }
  },
});
