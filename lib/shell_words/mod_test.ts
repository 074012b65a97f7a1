import { assertEquals } from "@std/assert";
import { displayCommand, shellCommandLine, splitShellWords } from "./mod.ts";

// What Codex 0.169's app-server sent as `command` for these scripts (exec_command, bash as the shell).
const OBSERVED: [string, string][] = [
  ["touch a.txt", `/bin/bash -lc 'touch a.txt'`],
  [`echo 'it'"'"'s' $HOME > b.txt`, `/bin/bash -lc "echo 'it'\\"'\\"'s' "'$HOME > b.txt'`],
  ["ab=c,d%e~f#g", `/bin/bash -lc 'ab=c,d%e~f#g'`],
  ["echo a\\b{c}*[d]^ &&x", `/bin/bash -lc "echo a\\\\b{c}*[d]"'^ &&x'`],
];

Deno.test("shellCommandLine quotes a script as Codex does, and displayCommand takes the wrapper off again", () => {
  for (const [script, line] of OBSERVED) {
    assertEquals(shellCommandLine("/bin/bash", true, script), line);
    assertEquals(displayCommand(line), script);
  }
  assertEquals(shellCommandLine("/bin/zsh", false, "ls"), "/bin/zsh -c ls");
  assertEquals(displayCommand("/bin/zsh -c ls"), "ls");
  assertEquals(displayCommand(shellCommandLine("/bin/sh", false, "printf 'a\nb'")), "printf 'a\nb'");
});

Deno.test("displayCommand leaves what is not a shell wrapper as it is", () => {
  for (const command of ["touch a.txt", "python -c 'print(1)'", "bash -x -c ls", "bash -lc 'unclosed", "a | b"]) {
    assertEquals(displayCommand(command), command);
  }
  assertEquals(splitShellWords(`a "b c" 'd'e\\ f`), ["a", "b c", "de f"]);
  assertEquals(splitShellWords("a && b"), undefined);
});
