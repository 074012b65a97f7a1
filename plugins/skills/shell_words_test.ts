/**
 * @module
 * Tests for the little shell parser: splitting, quoting, `cd`, and which files a command runs.
 */
import { assertEquals } from "@std/assert";
import { executedFiles, namedPaths, simpleCommands } from "./shell_words.ts";

const files = (script: string, cwd = "/repo") =>
  simpleCommands(script, cwd, "/home/me").flatMap((c) => executedFiles(c, "/home/me"));

Deno.test("simpleCommands() splits at operators, honours quotes and follows cd", () => {
  assertEquals(simpleCommands(`cd skills/x && ./scripts/a.sh 'one two' "three \\"3\\"" | tee out.txt; ls`, "/r"), [
    { words: ["./scripts/a.sh", "one two", 'three "3"'], cwd: "/r/skills/x" },
    { words: ["tee", "out.txt"], cwd: "/r/skills/x" },
    { words: ["ls"], cwd: "/r/skills/x" },
  ]);
});

Deno.test("simpleCommands() drops redirection targets and comments", () => {
  assertEquals(simpleCommands("cat SKILL.md 2>&1 > /dev/null # a comment", "/r"), [
    { words: ["cat", "SKILL.md"], cwd: "/r" },
  ]);
});

Deno.test("executedFiles() finds the program or an interpreter's script", () => {
  assertEquals(files("./scripts/a.sh --flag"), ["/repo/scripts/a.sh"]);
  assertEquals(files("bash -x scripts/a.sh"), ["/repo/scripts/a.sh"]);
  assertEquals(files("FOO=1 env -i python3 /abs/run.py arg"), ["/abs/run.py"]);
  assertEquals(files("deno run -A tools/x.ts"), ["/repo/tools/x.ts"]);
  assertEquals(files("timeout 10 node ~/bin/x.js"), ["/home/me/bin/x.js"]);
  assertEquals(files(`bash -lc "cd sub && ./go.sh"`), ["/repo/sub/go.sh"]);
  assertEquals(files("python3 -c 'print(1)'"), []);
  assertEquals(files("cat scripts/a.sh; git status"), []);
  assertEquals(files("echo $(./scripts/inner.sh)"), ["/repo/scripts/inner.sh"]);
});

Deno.test("namedPaths() resolves a command's arguments against its directory", () => {
  const [cmd] = simpleCommands("sed -n 1,200p .agents/skills/x/SKILL.md", "/repo");
  assertEquals(namedPaths(cmd), ["/repo/1,200p", "/repo/.agents/skills/x/SKILL.md"]);
});
