import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import type { SandboxPolicy } from "../../kernel/mod.ts";
import { fakeContext, type FakeContextOptions } from "./_fake_context.ts";
import { bwrapArgs, detectSandbox, findOnPath } from "./sandbox.ts";
import { createShellCommandTool } from "./shell_command.ts";

// CI installs bubblewrap; only a machine without it skips the tests that need a real sandbox.
const ignore = findOnPath("bwrap") === undefined;
if (ignore) console.warn("sandbox_test.ts: bubblewrap (bwrap) is not installed, so the sandbox tests are ignored");

async function tempDir(): Promise<string> {
  return await Deno.realPath(await Deno.makeTempDir({ prefix: "tern-sandbox-" }));
}

const workspaceWrite = (roots: string[], networkAccess = false): SandboxPolicy => ({
  mode: "workspace-write",
  writableRoots: roots,
  networkAccess,
});

/** Runs `command` with shell_command in bash under `sandbox`, policy `never` unless told. */
async function run(command: string, sandbox: SandboxPolicy, options: Partial<FakeContextOptions> = {}) {
  const fake = fakeContext({ cwd: sandbox.writableRoots[0] ?? "/", sandbox, ...options });
  const result = await createShellCommandTool({ shell: "/bin/bash" }).execute({ command }, fake.ctx);
  return { ...result, output: result.output as string, fake };
}

const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

Deno.test("`bwrapArgs()` binds the root read-only, then the writable roots, then their protected entries", async () => {
  const root = await tempDir();
  await Deno.mkdir(join(root, ".git"));
  const args = bwrapArgs(workspaceWrite([root, "/does/not/exist"]), ["ls"], { cwd: root });
  const at = (...seq: string[]) => args.findIndex((_, i) => seq.every((s, j) => args[i + j] === s));
  assert(at("--ro-bind", "/", "/") < at("--bind", root, root), args.join(" "));
  assert(at("--bind", root, root) < at("--ro-bind", join(root, ".git"), join(root, ".git")), args.join(" "));
  assertEquals(at("--bind", "/does/not/exist"), -1);
  assert(at("--unshare-net") > 0 && at("--die-with-parent") >= 0 && at("--unshare-pid") > 0);
  assertEquals(args.slice(-4), ["--chdir", root, "--", "ls"]);
  const withNet = bwrapArgs(workspaceWrite([root], true), ["ls"], { cwd: root });
  assertEquals(withNet.includes("--unshare-net"), false);
});

Deno.test({
  name: "`detectSandbox()` finds a working bubblewrap on this machine",
  ignore,
  async fn() {
    const support = await detectSandbox();
    assertEquals(support.kind, "bwrap", support.kind === "none" ? support.reason : "");
  },
});

Deno.test({
  name: "a sandboxed command writes inside the workspace but not outside the writable roots",
  ignore,
  async fn() {
    const workspace = await tempDir();
    const outside = await tempDir();
    const inside = await run(`echo ok > ${workspace}/made.txt`, workspaceWrite([workspace]));
    assertEquals(inside.success, true, inside.output);
    assertEquals(await Deno.readTextFile(join(workspace, "made.txt")), "ok\n");

    const denied = await run(`echo no > ${outside}/made.txt`, workspaceWrite([workspace]));
    assertEquals(denied.success, false);
    assertStringIncludes(denied.output, "Read-only file system");
    assertEquals(await exists(join(outside, "made.txt")), false);
  },
});

Deno.test({
  name: "a read-only sandbox lets a command read the workspace but write nowhere",
  ignore,
  async fn() {
    const workspace = await tempDir();
    await Deno.writeTextFile(join(workspace, "notes.txt"), "readable\n");
    const policy: SandboxPolicy = { mode: "read-only", writableRoots: [], networkAccess: false };
    const read = await run(`cat ${workspace}/notes.txt`, policy, { cwd: workspace });
    assertStringIncludes(read.output, "Output:\nreadable\n");
    const write = await run(`touch ${workspace}/new.txt`, policy, { cwd: workspace });
    assertStringIncludes(write.output, "Read-only file system");
    assertEquals(await exists(join(workspace, "new.txt")), false);
  },
});

Deno.test({
  name: "`.git` and `.tern` inside a writable root stay read-only in the sandbox",
  ignore,
  async fn() {
    const workspace = await tempDir();
    await Deno.mkdir(join(workspace, ".git"));
    await Deno.mkdir(join(workspace, ".tern"));
    await Deno.writeTextFile(join(workspace, ".git", "config"), "[core]\n");
    const git = await run(`echo evil >> .git/config`, workspaceWrite([workspace]));
    assertStringIncludes(git.output, "Read-only file system");
    assertEquals(await Deno.readTextFile(join(workspace, ".git", "config")), "[core]\n");
    const hooks = await run(`mkdir .git/hooks2`, workspaceWrite([workspace]));
    assertEquals(hooks.success, false);
    const tern = await run(`echo {} > .tern/config.jsonc`, workspaceWrite([workspace]));
    assertStringIncludes(tern.output, "Read-only file system");
    const plain = await run(`echo fine > src.txt`, workspaceWrite([workspace]));
    assertEquals(plain.success, true, plain.output);
  },
});

Deno.test({
  name: "a `.git` pointer file and the git directory it names stay read-only (worktrees)",
  ignore,
  async fn() {
    const parent = await tempDir();
    await Deno.mkdir(join(parent, "ws"));
    await Deno.mkdir(join(parent, "real-git"));
    await Deno.writeTextFile(join(parent, "ws", ".git"), "gitdir: ../real-git\n");
    // The workspace is a root, and so is the directory around it (as /tmp is for a workspace in /tmp).
    const policy = workspaceWrite([join(parent, "ws"), parent]);
    const target = await run(`echo x > ${parent}/real-git/HEAD`, policy);
    assertStringIncludes(target.output, "Read-only file system");
    const pointer = await run(`echo "gitdir: /elsewhere" > ${parent}/ws/.git`, policy);
    assertStringIncludes(pointer.output, "Read-only file system");
    assertEquals(await Deno.readTextFile(join(parent, "ws", ".git")), "gitdir: ../real-git\n");
  },
});

Deno.test({
  name: "a sandboxed command cannot reach the network unless the policy allows it",
  ignore,
  async fn() {
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, () => new Response("hi"));
    try {
      const port = server.addr.port;
      const connect = `exec 3<>/dev/tcp/127.0.0.1/${port} && echo connected`;
      const workspace = await tempDir();
      const offline = await run(connect, workspaceWrite([workspace]));
      assertEquals(offline.success, false);
      assert(!offline.output.includes("connected\n"), offline.output);
      const online = await run(connect, workspaceWrite([workspace], true));
      assertStringIncludes(online.output, "connected\n");
      const full = await run(connect, { mode: "danger-full-access", writableRoots: ["/"], networkAccess: true });
      assertStringIncludes(full.output, "connected\n");
      const flag = await run("echo net=$TERN_SANDBOX_NETWORK_DISABLED", workspaceWrite([workspace]));
      assertStringIncludes(flag.output, "net=1\n");
    } finally {
      await server.shutdown();
    }
  },
});

/** Pids of processes whose command line contains `marker`. */
function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const cmdline = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`).replaceAll("\0", " ");
      if (cmdline.includes(marker)) pids.push(Number(entry.name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

Deno.test({
  name: "a timeout kills every process in the sandbox, background children included",
  ignore,
  async fn() {
    const workspace = await tempDir();
    const marker = `31.${Math.floor(Math.random() * 1e6)}`;
    const fake = fakeContext({ cwd: workspace, sandbox: workspaceWrite([workspace]) });
    const tool = createShellCommandTool({ shell: "/bin/bash" });
    const result = await tool.execute({ command: `sleep ${marker} & sleep ${marker}`, timeout_ms: 500 }, fake.ctx);
    assertStringIncludes(result.output as string, "command timed out after 500 milliseconds");
    let left = processesWith(`sleep ${marker}`);
    for (let i = 0; i < 50 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      left = processesWith(`sleep ${marker}`);
    }
    assertEquals(left, [], "sandboxed processes survived the timeout");
  },
});
