import { assertEquals } from "@std/assert";
import { isKnownSafeCommand, splitPlainCommands } from "./command_safety.ts";

const safe = (...commands: string[]) => {
  for (const command of commands) assertEquals(isKnownSafeCommand(command), true, `expected safe: ${command}`);
};
const unsafe = (...commands: string[]) => {
  for (const command of commands) assertEquals(isKnownSafeCommand(command), false, `expected unsafe: ${command}`);
};

Deno.test("`isKnownSafeCommand()` accepts Codex's read-only commands with any arguments", () => {
  safe("ls -la", "cat src/main.ts", "pwd", "wc -l a.txt b.txt", "grep -rn 'TODO' src", "echo hello", "head -n 5 x");
  safe("which deno", "uname -a", "stat README.md", "seq 1 10", "tac log.txt", "true", "cd src");
});

Deno.test("`isKnownSafeCommand()` refuses commands that write, delete or run others", () => {
  unsafe("rm -rf build", "touch x", "mkdir d", "npm install", "python3 script.py", "deno run main.ts", "xargs cat");
  unsafe("curl https://example.com", "env", "sudo ls", "FOO=1 ls", "", "   ");
});

Deno.test("`isKnownSafeCommand()` refuses find, rg and base64 options that run programs or write files", () => {
  safe("find . -name '*.ts' -type f", "rg -n foo src", "rg --files", "base64 README.md");
  unsafe("find . -name x -delete", "find . -exec rm {} ;", "find . -fprint out.txt", "find . -execdir ls");
  unsafe("rg --pre ./script foo", "rg --pre=./script foo", "rg -z foo", "rg --search-zip foo");
  unsafe("base64 -o out.b64 x", "base64 --output=out.b64 x");
});

Deno.test("`isKnownSafeCommand()` accepts only read-only git subcommands", () => {
  safe("git status", "git log --oneline -5", "git diff HEAD~1", "git show HEAD", "git branch", "git branch -a -v");
  unsafe("git commit -m x", "git push", "git checkout main", "git branch new-feature", "git branch -D old");
  unsafe("git -C /tmp status", "git diff --output=patch.txt", "git -c core.pager=sh log", "git log --ext-diff");
  unsafe("git", "git reset --hard");
});

Deno.test("`isKnownSafeCommand()` accepts sed -n with a line print only", () => {
  safe("sed -n 10p file.txt", "sed -n 1,20p file.txt");
  unsafe("sed -i s/a/b/ file.txt", "sed -n 1,20p a b c", "sed 's/a/b/' file.txt", "sed -n 1w/tmp/x file");
});

Deno.test("`isKnownSafeCommand()` accepts a list of safe commands joined by &&, ||, ; and pipes", () => {
  safe("ls && pwd", "cat a.txt | grep foo | wc -l", "git status; git diff", "ls || echo none", "ls\npwd\n");
  unsafe("ls && rm x", "cat a | sh", "ls; touch y", "ls &&", "&& ls", "ls ; ; pwd", "ls |");
});

Deno.test("`isKnownSafeCommand()` looks inside bash -lc and sh -c scripts", () => {
  safe(`bash -lc "ls -la && git status"`, "bash -c 'cat a | wc -l'", "zsh -lc 'pwd'", "sh -c 'echo ok'");
  unsafe(`bash -lc "rm -rf /"`, "bash -lc 'ls > out'", "bash script.sh", "bash", "bash -lc ls extra");
});

Deno.test("`isKnownSafeCommand()` refuses redirections, substitutions, globs, background jobs and subshells", () => {
  unsafe("echo hi > out.txt", "cat < in.txt", "ls 2>&1", "cat x >> y", "echo $(rm -rf x)", "echo `id`");
  unsafe("echo $HOME", 'echo "$HOME"', 'echo "`id`"', "ls *.ts", "ls file?", "sleep 1 &", "(ls)", "{ ls; }");
  unsafe("ls # comment", "! ls", "ls |& cat", "echo 'unclosed", 'echo "unclosed');
  safe("echo '$HOME > x'", 'echo "a > b"', "echo \\$HOME", 'echo "\\$HOME"', "grep -n 'a|b' f");
});

Deno.test("`splitPlainCommands()` honours quotes and backslashes and splits at operators", () => {
  assertEquals(splitPlainCommands(`echo 'a b' "c d"e\\ f && ls`), [["echo", "a b", "c de f"], ["ls"]]);
  assertEquals(splitPlainCommands("cat x | grep y"), [["cat", "x"], ["grep", "y"]]);
  assertEquals(splitPlainCommands("ls &&\n  pwd"), [["ls"], ["pwd"]]);
  assertEquals(splitPlainCommands("ls > x"), undefined);
});
