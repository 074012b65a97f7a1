import { assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { configureHandlers, parseHooksText, pluginRootOf, readHooksFile } from "./discovery.ts";
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
    assertEquals(hooks!.PreToolUse[0].hooks[0].timeout, 5);
  });
});

Deno.test("parseHooksText() names the file and line of an invalid handler, and reads event keys without the wrapper", () => {
  const text =
    `{\n  "hooks": {\n    "Stop": [\n      { "hooks": [{ "type": "command", "timeout": "soon", "command": "x" }] }\n    ]\n  }\n}`;
  const broken = parseHooksText(text, "/p/hooks.json");
  assertEquals(broken.hooks, null);
  assertStringIncludes(broken.warnings[0], '/p/hooks.json:4 (key "hooks.Stop.0.hooks.0.timeout")');
  const bare = parseHooksText(JSON.stringify({ Stop: [{ hooks: [{ type: "command", command: "x" }] }] }), "/p/h.json");
  assertEquals(Object.keys(bare.hooks!), ["Stop"]);
  assertStringIncludes(bare.warnings[0], 'should sit under a top-level "hooks" key');
  assertStringIncludes(
    parseHooksText("{oops", "/p/h.json").warnings[0],
    "Cannot read hooks from /p/h.json:1: invalid JSON",
  );
  assertStringIncludes(
    parseHooksText('{\n  "hooks": {}\n  "x": 1\n}', "/p/h.json").warnings[0],
    "Cannot read hooks from /p/h.json:3: invalid JSON",
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
