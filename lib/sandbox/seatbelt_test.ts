import { assert, assertEquals, assertNotEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { join } from "@std/path";
import { skipWhen } from "../../test/support/skip.ts";
import { SANDBOX_EXEC, seatbeltArgs, type SeatbeltPolicy, seatbeltProfile } from "./seatbelt.ts";

const onMac = Deno.build.os === "darwin";
const notOnMac = skipWhen(
  !onMac,
  "seatbelt_test.ts: the real Seatbelt tests: not macOS (sandbox-exec exists only there)",
);

const policy = (overrides: Partial<SeatbeltPolicy> = {}): SeatbeltPolicy => ({
  writableRoots: [],
  readOnlyPaths: [],
  networkAccess: false,
  ...overrides,
});

/** The top-level forms of an SBPL text, comments dropped; throws on unbalanced parentheses. */
function topLevelForms(profile: string): string[] {
  const forms: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < profile.length; i++) {
    const char = profile[i];
    if (char === ";") {
      while (i < profile.length && profile[i] !== "\n") i++;
    } else if (char === '"') {
      for (i++; profile[i] !== '"'; i++) {
        if (i >= profile.length) throw new SyntaxError("Unterminated string in profile");
        if (profile[i] === "\\") i++;
      }
    } else if (char === "(") {
      if (depth++ === 0) start = i;
    } else if (char === ")") {
      if (--depth < 0) throw new SyntaxError(`Unbalanced ")" at offset ${i}`);
      if (depth === 0) forms.push(profile.slice(start, i + 1));
    }
  }
  assertEquals(depth, 0, "unbalanced parentheses in profile");
  return forms;
}

const writeRules = (profile: string) => topLevelForms(profile).filter((form) => /\(allow [^()]*file-write/.test(form));
const networkRules = (profile: string) =>
  topLevelForms(profile).filter((form) => /\(allow [^()]*(network|system-socket)/.test(form));

/** The `-D` parameters of an argv, as a map. */
function params(args: string[]): Map<string, string> {
  const end = args.indexOf("--");
  return new Map(
    args.slice(2, end).map((arg) => {
      const eq = arg.indexOf("=");
      return [arg.slice(2, eq), arg.slice(eq + 1)];
    }),
  );
}

Deno.test("`seatbeltProfile()` denies by default and, read-only, allows writes to devices only", () => {
  const profile = seatbeltProfile(policy());
  const forms = topLevelForms(profile);
  assertEquals(forms.slice(0, 2), ["(version 1)", "(deny default)"]);
  for (
    const rule of [
      "(allow process-exec)",
      "(allow process-fork)",
      "(allow signal (target same-sandbox))",
      "(allow file-read*)",
      "(allow pseudo-tty)",
    ]
  ) assert(forms.includes(rule), `missing ${rule}`);
  assertStringIncludes(profile, "(allow sysctl-read");
  assertStringIncludes(profile, "(allow mach-lookup");
  const writes = writeRules(profile);
  assert(writes.length > 0);
  for (const rule of writes) {
    assert(!rule.includes("file-write*"), rule);
    assert(!rule.includes("(param"), rule);
    const paths = [...rule.matchAll(/(?:literal "|regex #"\^)([^"]*)"/g)].map((match) => match[1]);
    assert(paths.length > 0 && paths.every((path) => path.startsWith("/dev/")), rule);
  }
  assertStringIncludes(profile, '(literal "/dev/null")');
  assertEquals(seatbeltArgs(policy({ readOnlyPaths: ["/src/.git"] }), ["true"]), ["-p", profile, "--", "true"]);
});

Deno.test("`seatbeltArgs()` passes writable roots as -D parameters, never in the profile text", () => {
  const odd = '/tmp/a"b(c';
  const args = seatbeltArgs(policy({ writableRoots: ["/Users/me/src", odd] }), ["ls"]);
  const profile = args[1];
  assert(!profile.includes("/Users/me"), "a path is in the profile text");
  assert(!profile.includes('a"b(c'), "a path is in the profile text");
  assertEquals(params(args), new Map([["WRITABLE_ROOT_0", "/Users/me/src"], ["WRITABLE_ROOT_1", odd]]));
  assert(args.includes(`-DWRITABLE_ROOT_1=${odd}`));
  const [write] = writeRules(profile).filter((rule) => rule.includes("file-write*"));
  assertStringIncludes(write, '(subpath (param "WRITABLE_ROOT_0"))');
  assertStringIncludes(write, '(subpath (param "WRITABLE_ROOT_1"))');
});

Deno.test("`seatbeltProfile()` keeps read-only paths and the directories above them unwritable", () => {
  const args = seatbeltArgs(
    policy({ writableRoots: ["/r"], readOnlyPaths: ["/r/.git", "/r/sub/.tern", "/elsewhere/.git"] }),
    ["true"],
  );
  assertEquals(
    params(args),
    new Map([
      ["WRITABLE_ROOT_0", "/r"],
      ["READ_ONLY_0", "/r/.git"],
      ["READ_ONLY_1", "/r/sub/.tern"],
      ["READ_ONLY_PARENT_0", "/r"],
      ["READ_ONLY_PARENT_1", "/r/sub"],
    ]),
  );
  const [write, ...more] = writeRules(args[1]).filter((rule) => rule.includes("file-write*"));
  assertEquals(more, []);
  assertStringIncludes(write, "(require-all");
  for (const name of ["READ_ONLY_0", "READ_ONLY_1"]) {
    assertStringIncludes(write, `(require-not (subpath (param "${name}")))`);
    assertStringIncludes(write, `(require-not (literal (param "${name}")))`);
  }
  for (const name of ["READ_ONLY_PARENT_0", "READ_ONLY_PARENT_1"]) {
    assertStringIncludes(write, `(require-not (literal (param "${name}")))`);
    assert(!write.includes(`(subpath (param "${name}"))`), "a parent is excluded with its contents");
  }
});

Deno.test("`seatbeltProfile()` with root `/` allows writes everywhere except the read-only paths", () => {
  const args = seatbeltArgs(policy({ writableRoots: ["/Users/me", "/"], readOnlyPaths: ["/Users/me/.tern"] }), [
    "true",
  ]);
  assertEquals(
    params(args),
    new Map([
      ["WRITABLE_ROOT_0", "/"],
      ["READ_ONLY_0", "/Users/me/.tern"],
      ["READ_ONLY_PARENT_0", "/Users/me"],
      ["READ_ONLY_PARENT_1", "/Users"],
      ["READ_ONLY_PARENT_2", "/"],
    ]),
  );
});

Deno.test("`seatbeltProfile()` allows the network only when the policy does", () => {
  assertEquals(networkRules(seatbeltProfile(policy({ writableRoots: ["/r"] }))), []);
  const open = seatbeltProfile(policy({ networkAccess: true }));
  assert(topLevelForms(open).includes("(allow network*)"));
  assertStringIncludes(open, "(allow system-socket (socket-domain AF_UNIX))");
});

Deno.test("`seatbeltArgs()` returns -p PROFILE, the -D parameters, `--`, then the command unchanged", () => {
  const p = policy({ writableRoots: ["/r/"], readOnlyPaths: ["/r//.git"] });
  const command = ["/bin/sh", "-c", 'echo "a b"', "--", "-Dx=y"];
  const args = seatbeltArgs(p, command);
  assertEquals(args[0], "-p");
  assertEquals(args[1], seatbeltProfile(p));
  assertEquals(args.slice(2, 5), ["-DWRITABLE_ROOT_0=/r", "-DREAD_ONLY_0=/r/.git", "-DREAD_ONLY_PARENT_0=/r"]);
  assertEquals(args[5], "--");
  assertEquals(args.slice(6), command);
});

Deno.test("`seatbeltArgs()` rejects a relative or unresolved path", () => {
  assertThrows(() => seatbeltArgs(policy({ writableRoots: ["src"] }), ["ls"]), TypeError, "not absolute");
  assertThrows(() => seatbeltArgs(policy({ writableRoots: ["/a/../etc"] }), ["ls"]), TypeError, "not resolved");
  assertThrows(() => seatbeltProfile(policy({ writableRoots: ["/a"], readOnlyPaths: ["./.git"] })), TypeError);
});

// Real sandbox runs (macOS only).

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `command` under `sandbox-exec` with `p`, giving up after 20 s. */
async function sandboxed(p: SeatbeltPolicy, command: string[]): Promise<Run> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 20_000);
  try {
    const out = await new Deno.Command(SANDBOX_EXEC, {
      args: seatbeltArgs(p, command),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: abort.signal,
    }).output();
    const text = new TextDecoder();
    return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
  } finally {
    clearTimeout(timer);
  }
}

/** `/bin/sh -c script` with `args` as `$1`...: no path is quoted into the script. */
const sh = (script: string, ...args: string[]): string[] => ["/bin/sh", "-c", script, "sh", ...args];

const exists = (path: string) => Deno.lstat(path).then(() => true, () => false);

async function tempDir(): Promise<string> {
  return await Deno.realPath(await Deno.makeTempDir({ prefix: "tern-seatbelt-" }));
}

/** A temporary writable root holding `.git/config` and `.git/hooks/`, removed after `fn`. */
async function withWorkspace(fn: (root: string) => Promise<void>): Promise<void> {
  const root = await tempDir();
  try {
    await Deno.mkdir(join(root, ".git", "hooks"), { recursive: true });
    await Deno.writeTextFile(join(root, ".git", "config"), "[core]\n");
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

/** Counts connections on `listener` (closing each at once) until `close()`. */
function countConnections(listener: Deno.Listener) {
  let accepted = 0;
  const loop = (async () => {
    for await (const conn of listener) {
      accepted++;
      conn.close();
    }
  })().catch(() => {});
  return {
    /** Connections accepted so far, after giving a pending one time to arrive. */
    async accepted(): Promise<number> {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return accepted;
    },
    async close(): Promise<void> {
      listener.close();
      await loop;
    },
  };
}

Deno.test({
  name: "Seatbelt lets a command write, create and delete inside a writable root",
  ignore: notOnMac,
  async fn() {
    await withWorkspace(async (root) => {
      const run = await sandboxed(
        policy({ writableRoots: [root], readOnlyPaths: [join(root, ".git")] }),
        sh('cd "$1" && echo ok > made.txt && mkdir -p a/b && echo x > a/b/c && rm a/b/c && mv made.txt kept.txt', root),
      );
      assertEquals(run.code, 0, run.stderr);
      assertEquals(await Deno.readTextFile(join(root, "kept.txt")), "ok\n");
      assertEquals(await exists(join(root, "a", "b", "c")), false);
    });
  },
});

Deno.test({
  name: "Seatbelt denies writes outside the writable roots (home, /usr/local, another temp dir)",
  ignore: notOnMac,
  async fn() {
    await withWorkspace(async (root) => {
      const other = await tempDir();
      const name = `tern-seatbelt-${crypto.randomUUID()}`;
      const home = await Deno.realPath(Deno.env.get("HOME") ?? "/Users");
      const targets = [join(other, name), join(home, name)];
      if (await exists("/usr/local")) targets.push(join(await Deno.realPath("/usr/local"), name));
      try {
        for (const target of targets) {
          const run = await sandboxed(policy({ writableRoots: [root] }), sh('echo no > "$1"', target));
          assertNotEquals(run.code, 0, `wrote ${target}`);
          assertEquals(await exists(target), false, `created ${target}`);
        }
        // The same write works unsandboxed, so the denial above is the sandbox's.
        const control = await new Deno.Command("/bin/sh", { args: sh('echo yes > "$1"', targets[0]).slice(1) })
          .output();
        assertEquals(control.code, 0);
      } finally {
        for (const target of targets) await Deno.remove(target).catch(() => {});
        await Deno.remove(other, { recursive: true });
      }
    });
  },
});

Deno.test({
  name: "Seatbelt keeps read-only paths inside a root unwritable, including creation and deletion",
  ignore: notOnMac,
  async fn() {
    await withWorkspace(async (root) => {
      const git = join(root, ".git");
      await Deno.writeTextFile(join(root, "pinned.txt"), "pinned\n");
      const p = policy({
        writableRoots: [root],
        readOnlyPaths: [git, join(root, ".tern"), join(root, "pinned.txt")],
      });
      const attempts = [
        sh('echo "[core] hooksPath = /tmp" >> "$1/.git/config"', root),
        sh('printf "#!/bin/sh\\n" > "$1/.git/hooks/pre-commit"', root),
        sh('rm -rf "$1/.git"', root),
        sh('mv "$1/.git" "$1/moved"', root),
        sh('mkdir "$1/.tern"', root),
        sh('echo changed > "$1/pinned.txt"', root),
        sh('rm -f "$1/pinned.txt"', root),
        sh('mv "$1/kept.txt" "$1/pinned.txt"', root),
      ];
      await Deno.writeTextFile(join(root, "kept.txt"), "kept\n");
      for (const command of attempts) {
        const run = await sandboxed(p, command);
        assertNotEquals(run.code, 0, `succeeded: ${command[2]}`);
      }
      assertEquals(await Deno.readTextFile(join(git, "config")), "[core]\n");
      assertEquals(await exists(join(git, "hooks", "pre-commit")), false);
      assertEquals(await exists(join(root, "moved")), false);
      assertEquals(await exists(join(root, ".tern")), false);
      assertEquals(await Deno.readTextFile(join(root, "pinned.txt")), "pinned\n");
    });
  },
});

Deno.test({
  name: "Seatbelt stops a read-only path from being swapped out by renaming a directory above it",
  ignore: notOnMac,
  async fn() {
    await withWorkspace(async (root) => {
      const sub = join(root, "sub");
      await Deno.mkdir(join(sub, ".git"), { recursive: true });
      await Deno.writeTextFile(join(sub, ".git", "config"), "[core]\n");
      const p = policy({ writableRoots: [root], readOnlyPaths: [join(root, ".git"), join(sub, ".git")] });
      const swap = await sandboxed(p, sh('mv "$1/sub" "$1/sub2" && mkdir -p "$1/sub/.git"', root));
      assertNotEquals(swap.code, 0, "renamed the directory above a read-only path");
      assertEquals(await Deno.readTextFile(join(sub, ".git", "config")), "[core]\n");
      // Files next to the protected entries can still be created and removed.
      const beside = await sandboxed(p, sh('echo a > "$1/sub/a.txt" && echo b > "$1/b.txt" && rm "$1/b.txt"', root));
      assertEquals(beside.code, 0, beside.stderr);
      assertEquals(await Deno.readTextFile(join(sub, "a.txt")), "a\n");
    });
  },
});

Deno.test({
  name: "Seatbelt runs ordinary read-only commands (`ls /`, `git --version`)",
  ignore: notOnMac,
  async fn() {
    const ls = await sandboxed(policy(), ["/bin/ls", "/"]);
    assertEquals(ls.code, 0, ls.stderr);
    assertStringIncludes(ls.stdout, "usr");
    const git = await sandboxed(policy(), ["git", "--version"]);
    assertEquals(git.code, 0, git.stderr);
    assertStringIncludes(git.stdout, "git version");
  },
});

Deno.test({
  name: "Seatbelt blocks TCP to a loopback listener unless the policy allows the network",
  ignore: notOnMac,
  async fn() {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const counter = countConnections(listener);
    const { port } = listener.addr as Deno.NetAddr;
    try {
      const nc = await sandboxed(policy(), ["/usr/bin/nc", "-z", "-w", "3", "127.0.0.1", String(port)]);
      assertNotEquals(nc.code, 0, "nc connected");
      const curl = await sandboxed(policy(), ["/usr/bin/curl", "-sS", "--max-time", "3", `http://127.0.0.1:${port}/`]);
      assertNotEquals(curl.code, 0, "curl connected");
      assertEquals(await counter.accepted(), 0);
      const allowed = await sandboxed(policy({ networkAccess: true }), [
        "/usr/bin/nc",
        "-z",
        "-w",
        "3",
        "127.0.0.1",
        String(port),
      ]);
      assertEquals(allowed.code, 0, allowed.stderr);
      assert(await counter.accepted() >= 1, "the allowed connection did not arrive");
    } finally {
      await counter.close();
    }
  },
});

Deno.test({
  name: "Seatbelt blocks Unix sockets, even inside a writable root, unless the policy allows the network",
  ignore: notOnMac,
  async fn() {
    await withWorkspace(async (root) => {
      const path = join(root, "agent.sock");
      const counter = countConnections(Deno.listen({ transport: "unix", path }));
      try {
        const denied = await sandboxed(policy({ writableRoots: [root] }), ["/usr/bin/nc", "-U", path]);
        assertNotEquals(denied.code, 0, "nc reached the socket");
        assertEquals(await counter.accepted(), 0);
        const allowed = await sandboxed(policy({ writableRoots: [root], networkAccess: true }), [
          "/usr/bin/nc",
          "-U",
          path,
        ]);
        assertEquals(allowed.code, 0, allowed.stderr);
        assert(await counter.accepted() >= 1, "the allowed connection did not arrive");
      } finally {
        await counter.close();
      }
    });
  },
});
