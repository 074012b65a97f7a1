import { assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { configureHandlers, describeProblem, parseHooksText, pluginRootOf, readHooksFile } from "./discovery.ts";
import { withTempDir } from "./_testing.ts";

Deno.test("readHooksFile() reads the Codex / Claude Code shape and treats a missing file as no hooks", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "hooks.json");
    assertEquals(await readHooksFile(path), { hooks: null, warnings: [] });
    await Deno.writeTextFile(
      path,
      JSON.stringify({
        description: "Claude plugin hooks",
        hooks: { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "x", timeout: 5 }] }] },
      }),
    );
    const { hooks, warnings } = await readHooksFile(path);
    assertEquals(warnings, []);
    const [handler] = configureHandlers([{ source: "user", sourcePath: path, hooks: hooks! }]).handlers;
    assertEquals([handler.event, handler.command, handler.timeoutSec], ["PreToolUse", "x", 5]);
  });
});

Deno.test("parseHooksText() reads a file whose handler is invalid (configureHandlers reports it), and event keys without the wrapper", async () => {
  const text =
    `{\n  "hooks": {\n    "Stop": [\n      { "hooks": [{ "type": "command", "timeout": "soon", "command": "x" }] }\n    ]\n  }\n}`;
  const read = await parseHooksText(text, "/p/hooks.json");
  assertEquals(read.warnings, []);
  const { handlers, problems } = configureHandlers([{
    source: "project",
    sourcePath: "/p/hooks.json",
    hooks: read.hooks!,
  }]);
  assertEquals(handlers[0].broken, "Invalid input: expected number, received string");
  assertEquals(problems.map((p) => [p.event, p.keyPath.join("."), p.failClosed]), [[
    "Stop",
    "Stop.0.hooks.0.timeout",
    true,
  ]]);
  const bare = await parseHooksText(
    JSON.stringify({ Stop: [{ hooks: [{ type: "command", command: "x" }] }] }),
    "/p/h.json",
  );
  assertEquals(Object.keys(bare.hooks!), ["Stop"]);
  assertStringIncludes(bare.warnings[0], 'should sit under a top-level "hooks" key');
  const oops = await parseHooksText("{oops", "/p/h.json");
  assertEquals(oops.warnings[0], "/p/h.json:1:2: Cannot parse hooks file: unexpected character");
  assertEquals(oops.unreadable, oops.warnings[0]);
  assertEquals(
    (await parseHooksText('{\n  "hooks": {}\n  "x": 1\n}', "/p/h.json")).warnings[0],
    '/p/h.json:3:3: Cannot parse hooks file: expected ","',
  );
});

Deno.test("configureHandlers() loads the valid handlers beside an invalid one and names the bad one's event, position and field", () => {
  const { handlers, problems } = configureHandlers([{
    source: "project",
    sourcePath: "/p/.tern/hooks.json",
    hooks: {
      PreToolUse: [{
        matcher: "Bash",
        hooks: [{ type: "command", command: "guard.sh" }, { type: "command", command: "" }],
      }],
      Stop: [{ hooks: "nope" }],
      PostToolUse: { matcher: "x" },
    },
  }]);
  assertEquals(handlers.map((h) => [h.event, h.command, h.broken]), [
    ["PreToolUse", "guard.sh", null],
    ["PreToolUse", "", 'a "command" hook needs a non-empty "command"'],
  ]);
  assertEquals(problems.map((p) => [p.keyPath.join("."), p.message]), [
    ["PreToolUse.0.hooks.1.command", 'a "command" hook needs a non-empty "command"'],
    ["Stop.0.hooks", "Invalid input: expected array, received string"],
    ["PostToolUse", "expected a list of matcher groups"],
  ]);
  assertEquals(
    describeProblem(problems[0], { file: "/p/.tern/hooks.json", line: 7 }),
    'Cannot load the PreToolUse hook #1 of group #0 from /p/.tern/hooks.json:7 (key "hooks.PreToolUse.0.hooks.1.command"): a "command" hook needs a non-empty "command"; tool calls are refused until it is fixed (hooks.failClosed)',
  );
  const user = configureHandlers([{ source: "user", sourcePath: "/u/hooks.json", hooks: { Stop: [{ hooks: [{}] }] } }]);
  assertEquals(user.problems[0].failClosed, false, "only project hooks fail closed by default");
  assertEquals(
    configureHandlers([{ source: "user", sourcePath: "/u", hooks: { Stop: [{ hooks: [{}] }] } }], { failClosed: true })
      .problems[0].failClosed,
    true,
  );
});

Deno.test("configureHandlers() numbers handlers across sources and keeps skipped ones with the reason", () => {
  const { handlers, warnings } = configureHandlers([
    {
      source: "user",
      sourcePath: "/u/hooks.json",
      hooks: {
        PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "a" }, { type: "http", url: "x" }] }],
        Notification: [{ hooks: [{ type: "command", command: "b" }] }],
      },
    },
    {
      source: "config",
      sourcePath: "config",
      hooks: {
        Stop: [{ matcher: "((", hooks: [{ type: "command", command: "c", timeout: 0.2 }] }],
        PostToolUse: [{ hooks: [{ type: "command", command: "d", async: true }] }],
      },
    },
  ]);
  assertEquals(handlers.map((h) => [h.displayOrder, h.event, h.source, h.command, h.skipped]), [
    [0, "PreToolUse", "user", "a", null],
    [1, "PreToolUse", "user", null, "http hooks are not supported yet"],
    [2, "Notification", "user", "b", 'Tern has no "Notification" event'],
    [3, "Stop", "config", "c", null],
    [4, "PostToolUse", "config", "d", "async hooks are not supported yet"],
  ]);
  assertEquals(handlers[3].timeoutSec, 1, "the minimum timeout is 1 s");
  assertEquals(handlers[0].timeoutSec, 600);
  assertEquals(handlers[3].matcher?.matchesAny(["anything"]), true, "Stop ignores its (invalid) matcher");
  assertEquals(warnings.length, 3);
});

Deno.test("pluginRootOf() is the folder above hooks/, unless the plugin names its root", () => {
  assertEquals(pluginRootOf("/p/acme/hooks/hooks.json", null), "/p/acme");
  assertEquals(pluginRootOf("/p/acme/my-hooks.json", null), "/p/acme");
  assertEquals(pluginRootOf("/p/acme/hooks/hooks.json", "/elsewhere"), "/elsewhere");
});
