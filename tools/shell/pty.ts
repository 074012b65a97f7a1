/**
 * @module
 * A pseudo-terminal for `command/exec` with `tty`, without native code: util-linux's `script`
 * opens the pty and relays between it and our pipes (`script -qfe -c LINE /dev/null`), and the
 * line run on the pty sets its size (`stty cols C rows R`), then execs the (already sandboxed)
 * command. A resize finds the pty's device from outside (the standard input of `script`'s child,
 * `/proc/<pid>/fd/0`) and runs `stty -F <device> cols C rows R`, after which the kernel signals
 * `SIGWINCH` to the pty's foreground group. Under bubblewrap, `script` runs outside the sandbox
 * and the sandbox on the pty; under Landlock, `script` is confined too (Landlock lets it open
 * `/dev/ptmx`). Limits: Linux only (`/proc`); under bubblewrap the command runs in a session of
 * its own (`--new-session`), so it reads a new size when it next asks (`TIOCGWINSZ`) rather than
 * by `SIGWINCH`.
 */
import { delay } from "../../kernel/mod.ts";
import { findOnPath } from "../../lib/sandbox/mod.ts";
import { joinShellWords, quoteShellWord as quote } from "../../lib/shell_words/mod.ts";
import type { SpawnRequest } from "./operations.ts";

/** A size in character cells. */
export interface PtySize {
  rows: number;
  cols: number;
}

/** `request` rewritten to run on a new pty of `size`. */
export function onPty(request: SpawnRequest, size: PtySize): SpawnRequest {
  const script = Deno.build.os === "linux" ? findOnPath("script") : undefined;
  const stty = findOnPath("stty");
  if (!script || !stty) throw new Error("a pty needs the script and stty programs (util-linux, coreutils on Linux)");
  const shell = request.env?.SHELL ?? Deno.env.get("SHELL");
  const command = joinShellWords([request.program, ...request.args]);
  // `script` runs LINE with $SHELL: /bin/sh here, the command gets the user's SHELL back.
  const restore = shell ? `env SHELL=${quote(shell)}` : "env -u SHELL";
  const line = `${quote(stty)} cols ${size.cols} rows ${size.rows} 2>/dev/null; exec ${restore} ${command}`;
  return {
    ...request,
    program: script,
    args: ["-qfe", "-c", line, "/dev/null"],
    env: { ...request.env, SHELL: "/bin/sh" },
    stdin: "piped",
  };
}

/** The pty device of the `script` process `pid` started: its child's standard input. */
async function ptyDevice(pid: number): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const children = (await Deno.readTextFile(`/proc/${pid}/task/${pid}/children`).catch(() => "")).trim();
    for (const child of children.split(/\s+/).filter(Boolean)) {
      const device = await Deno.readLink(`/proc/${child}/fd/0`).catch(() => "");
      if (device.startsWith("/dev/pts/")) return device;
    }
    await delay(20);
  }
  throw new Error("cannot find the pty (the command may have ended)");
}

/** Changes the size of the pty of the `script` process `pid`. */
export async function resizePty(pid: number, size: PtySize): Promise<void> {
  const stty = findOnPath("stty") ?? "stty";
  const out = await new Deno.Command(stty, {
    args: ["-F", await ptyDevice(pid), "cols", String(size.cols), "rows", String(size.rows)],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`stty failed: ${new TextDecoder().decode(out.stderr).trim()}`);
}
