/**
 * Tests for plugins' prompt commands in the composer: which `/` text names one, and the message
 * its arguments expand it to.
 */
import { assertEquals } from "@std/assert";
import { expandPromptCommand, matchPromptCommand, type PromptCommand } from "./prompt_commands.ts";

const command = (plugin: string, name: string): PromptCommand => ({
  name,
  plugin,
  path: `/plugins/${plugin}/commands/${name}.md`,
  description: null,
  argumentHint: null,
  content: `${plugin} ${name}: $ARGUMENTS`,
});

Deno.test("matchPromptCommand() takes /plugin:name, and /name only when no built-in and no other plugin has it", () => {
  const commands = [command("a", "review"), command("b", "review"), command("a", "ship"), command("a", "new")];
  const builtins = ["new", "status"];
  assertEquals(matchPromptCommand("/b:review x.ts  now", commands, builtins)?.command.plugin, "b");
  assertEquals(matchPromptCommand("/b:review x.ts  now", commands, builtins)?.args, "x.ts  now");
  assertEquals(matchPromptCommand("/review x.ts", commands, builtins), null, "two plugins have `review`");
  assertEquals(matchPromptCommand("/ship 1.0", commands, builtins)?.command.name, "ship");
  assertEquals(matchPromptCommand("/new", commands, builtins), null, "the built-in /new wins");
  assertEquals(matchPromptCommand("/a:new", commands, builtins)?.command.name, "new");
  assertEquals(matchPromptCommand("/c:ship", commands, builtins), null);
  assertEquals(matchPromptCommand("ship it", commands, builtins), null);
});

Deno.test("expandPromptCommand() fills $ARGUMENTS and $1..$9, and appends the arguments to a body that uses neither", () => {
  assertEquals(expandPromptCommand("Release $ARGUMENTS now", "v1.2 today"), "Release v1.2 today now");
  assertEquals(expandPromptCommand("Fix $1 in $2 ($3)", "bug main.ts"), "Fix bug in main.ts ()");
  assertEquals(expandPromptCommand("Review the diff", "carefully"), "Review the diff\n\nARGUMENTS: carefully");
  assertEquals(expandPromptCommand("Review the diff", ""), "Review the diff");
});
