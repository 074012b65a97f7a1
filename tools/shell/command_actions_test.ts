import { assertEquals } from "@std/assert";
import { parseCommandActions } from "./command_actions.ts";

const unknown = (command: string) => [{ type: "unknown", command }];

Deno.test("`parseCommandActions()` classifies a single-file cat, head, tail or sed -n as a read", () => {
  assertEquals(parseCommandActions("cat src/main.ts"), [
    { type: "read", command: "cat src/main.ts", name: "main.ts", path: "src/main.ts" },
  ]);
  assertEquals(parseCommandActions("head -n 20 README.md")[0], {
    type: "read",
    command: "head -n 20 README.md",
    name: "README.md",
    path: "README.md",
  });
  assertEquals(parseCommandActions("sed -n 10,40p 'a b.txt'")[0].type, "read");
  assertEquals(parseCommandActions("cat a.txt b.txt"), unknown("cat a.txt b.txt"));
});

Deno.test("`parseCommandActions()` classifies ls and rg --files as listing files", () => {
  assertEquals(parseCommandActions("ls -la"), [{ type: "listFiles", command: "ls -la", path: null }]);
  assertEquals(parseCommandActions("ls src"), [{ type: "listFiles", command: "ls src", path: "src" }]);
  assertEquals(parseCommandActions("rg --files tools"), [
    { type: "listFiles", command: "rg --files tools", path: "tools" },
  ]);
});

Deno.test("`parseCommandActions()` classifies rg and grep as a search with query and path", () => {
  assertEquals(parseCommandActions('rg -n "foo.*bar" src'), [
    { type: "search", command: 'rg -n "foo.*bar" src', query: "foo.*bar", path: "src" },
  ]);
  assertEquals(parseCommandActions("grep -r -e TODO ."), [
    { type: "search", command: "grep -r -e TODO .", query: "TODO", path: "." },
  ]);
  assertEquals(parseCommandActions("rg -g '*.ts' defineTool"), [
    { type: "search", command: "rg -g '*.ts' defineTool", query: "defineTool", path: null },
  ]);
});

Deno.test("`parseCommandActions()` leaves shell syntax and unknown programs as unknown", () => {
  for (
    const command of [
      "cat a.txt | head",
      "ls && pwd",
      "cat $HOME/x",
      'cat "$(pwd)/x"',
      "ls *.ts",
      "cat a > b",
      "cat 'unclosed",
      "npm test",
      "",
    ]
  ) {
    assertEquals(parseCommandActions(command), unknown(command), command);
  }
});
