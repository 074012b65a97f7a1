import { assertEquals } from "@std/assert";
import { findUserShell } from "./user_shell.ts";

const files = (...paths: string[]) => (path: string) => paths.includes(path);

Deno.test("`findUserShell()` uses $SHELL when it names an existing file", () => {
  assertEquals(findUserShell({ shellEnv: "/usr/bin/zsh", isFile: files("/usr/bin/zsh", "/bin/bash") }), "/usr/bin/zsh");
});

Deno.test("`findUserShell()` falls back to bash, then sh, when $SHELL is unset or missing", () => {
  assertEquals(findUserShell({ shellEnv: undefined, isFile: files("/bin/bash", "/bin/sh") }), "/bin/bash");
  assertEquals(findUserShell({ shellEnv: "/opt/gone/fish", isFile: files("/bin/bash") }), "/bin/bash");
  assertEquals(findUserShell({ shellEnv: "zsh", isFile: files("zsh", "/bin/sh") }), "/bin/sh");
  assertEquals(findUserShell({ shellEnv: undefined, isFile: files("/bin/sh") }), "/bin/sh");
});

Deno.test("`findUserShell()` finds a real shell on this machine", () => {
  const shell = findUserShell();
  assertEquals(Deno.statSync(shell).isFile, true);
});
