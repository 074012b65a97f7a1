/**
 * `tern exec` at a terminal shows each running command live (its last lines and the time so far)
 * and replaces that with the command's final cell; with stderr not a terminal, the transcript is
 * the plain one. Driven through the real binary, in a real pseudo-terminal (test/support/terminal.ts).
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { skipWhen } from "./support/skip.ts";
import { HAS_SCRIPT, openTerminal } from "./support/terminal.ts";
import { makeSandbox, runScriptedExec, scriptedModel } from "./support/tern_process.ts";

const ignore = skipWhen(!HAS_SCRIPT, "test/exec_live_tail_test.ts: exec's live command tail: no util-linux `script`");

/** A command printing `count` lines `NAME-i` followed by 100 x's, one per 200 ms. */
const ticker = (name: string, count: number) =>
  `for i in $(seq 1 ${count}); do echo "${name}-$i $(printf 'x%.0s' $(seq 1 100))"; sleep 0.2; done`;
const shell = (command: string) => ({ call: "shell_command", args: { command } });
const script = [[shell(ticker("tick", 10)), shell(ticker("tock", 6))], [{ say: "Both done." }]];
const config = ['approval_policy="never"', 'sandbox_mode="danger-full-access"'];

Deno.test({
  name: "exec at a terminal shows running commands' last lines and elapsed time, then their final cells",
  ignore,
  fn: async () => {
    const sandbox = await makeSandbox();
    const cols = 80;
    const term = openTerminal(sandbox, [...scriptedModel(script), ...config.flatMap((c) => ["-c", c]), "exec", "go"], {
      cols,
      rows: 40,
    });
    try {
      // Both commands run at once, each with its elapsed time and its latest output (in either order:
      // the two calls start together, and under load either may be first).
      await term.waitFor(
        /^(?=[\s\S]*running for i in \$\(seq 1 10\)[^\n]*· \d\.\d s\n)(?=[\s\S]*running for i in \$\(seq 1 6\))/,
        40_000,
      );
      await term.waitFor(/tick-\d x+…[\s\S]*tock-\d x+…/);
      await term.waitFor(/tick-7 x+…/);
      const running = term.screen();
      assertMatch(running, /⠿ running for i in \$\(seq 1 10\).*· [1-9]\.\d s/);
      assert(!running.includes("tick-1 "), `only the last lines show:\n${running}`);
      assert(!running.includes("tick-10"), "the first command has not finished yet");
      const rows = running.split("\n");
      const row = rows.findIndex((r) => r.includes("tick-7 x"));
      assert(
        rows[row].length < cols && !/^x/.test(rows[row + 1] ?? ""),
        `a long line is cut, not wrapped:\n${running}`,
      );
      assertEquals(await term.exited(), 0);
      const done = term.screen();
      assert(!done.includes("running"), `the live block is gone:\n${done}`);
      assertMatch(done, /exec for i in \$\(seq 1 6\)[\s\S]*?\n {2}tock-1 x+/);
      assertMatch(done, /tick-10 [x\n]+ {2}✓ exit 0 · \d+ ms/);
      assertMatch(done, /Both done\./);
      // NO_COLOR (set by the sandbox) holds for the live block too: no colour codes at all.
      // deno-lint-ignore no-control-regex
      assert(!/\x1b\[[\d;]*m/.test(term.raw()), "no SGR codes under NO_COLOR");
    } finally {
      await term.close();
      await sandbox.cleanup();
    }
  },
});

Deno.test({
  name: "exec at a terminal shows a command live after the user approved it at the prompt",
  ignore,
  fn: async () => {
    const sandbox = await makeSandbox();
    const args = [
      ...scriptedModel([[shell(ticker("tick", 8))], [{ say: "Done." }]]),
      "-c",
      'approval_policy="untrusted"',
    ];
    const term = openTerminal(sandbox, [...args, "exec", "go"], { cols: 80, rows: 40 });
    try {
      await term.waitFor("[y]es", 40_000);
      await term.type("y\r");
      await term.waitFor(/⠿ running for i in \$\(seq 1 8\).*· \d\.\d s\n {4}tick-\d x+…/);
      assertEquals(await term.exited(), 0);
      assert(!term.screen().includes("running"), `the live block is gone:\n${term.screen()}`);
    } finally {
      await term.close();
      await sandbox.cleanup();
    }
  },
});

Deno.test("exec with stderr piped writes the plain transcript: the command line first, its cell when it ends", async () => {
  const sandbox = await makeSandbox();
  try {
    const run = await runScriptedExec(sandbox, "go", [[shell(ticker("tick", 4))], [{ say: "Done." }]], config);
    assertEquals(run.code, 0, run.stderr);
    assertMatch(
      run.stderr,
      new RegExp(
        `\\nexec for i in \\$\\(seq 1 4\\).* in ${sandbox.workspace}\\n {2}tick-1 x{100}\\n {2}tick-2 x{100}\\n` +
          ` {2}tick-3 x{100}\\n {2}tick-4 x{100}\\n {2}✓ exit 0 · \\d+ ms\\n`,
      ),
    );
    assert(!run.stderr.includes("\x1b"), "no escape codes in a pipe");
    assert(!run.stderr.includes("running"), "no live block in a pipe");
    assertEquals(run.stdout, "Done.\n");
  } finally {
    await sandbox.cleanup();
  }
});
