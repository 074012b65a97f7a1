/**
 * The sandbox escape suite: the same commands, under every backend this machine has (bubblewrap,
 * Landlock + seccomp, Seatbelt), through `shell_command` as the model calls it, under each approval
 * policy (under `untrusted` the user approves each command, which still runs sandboxed). A backend this machine lacks is skipped with
 * its reason printed; the CI run without bubblewrap and the one with it between them cover Linux.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import dgram from "node:dgram";
import type { AskForApproval, SandboxPolicy } from "../../kernel/mod.ts";
import {
  type AvailableSandbox,
  closeConfinement,
  detectSandbox,
  type SandboxBackendChoice,
} from "../../lib/sandbox/mod.ts";
import { fakeContext } from "./_fake_context.ts";
import { denoShellOperations, type ShellOperations } from "./operations.ts";
import { createShellCommandTool } from "./shell_command.ts";
import { processesLeft, SANDBOX_DENIED } from "../../test/support/processes.ts";
import { skipWhen } from "../../test/support/skip.ts";

const backends: { choice: SandboxBackendChoice; support: AvailableSandbox | undefined; reason?: string }[] = [];
for (const choice of ["bwrap", "landlock", "seatbelt"] as const) {
  const support = await detectSandbox(choice);
  backends.push(support.kind === "none" ? { choice, support: undefined, reason: support.reason } : { choice, support });
}

async function tempDir(prefix = "tern-sandbox-"): Promise<string> {
  return await Deno.realPath(await Deno.makeTempDir({ prefix }));
}

const workspaceWrite = (roots: string[], networkAccess = false): SandboxPolicy => ({
  mode: "workspace-write",
  writableRoots: roots,
  networkAccess,
});

const exists = (path: string) => Deno.lstat(path).then(() => true, () => false);

for (const { choice, support, reason } of backends) {
  const operations: ShellOperations = { ...denoShellOperations, sandbox: () => Promise.resolve(support!) };
  const ignore = skipWhen(support === undefined, `sandbox_test.ts: the ${choice} tests: ${reason}`);
  const test = (name: string, fn: () => Promise<void>) =>
    Deno.test({ name: `[${choice}] ${name}`, ignore, sanitizeOps: false, sanitizeResources: false, fn });

  /** Runs `command` with shell_command in bash under `sandbox`. */
  const run = async (
    command: string,
    sandbox: SandboxPolicy,
    options: { cwd?: string; approvalPolicy?: AskForApproval; timeoutMs?: number } = {},
  ) => {
    const fake = fakeContext({
      cwd: options.cwd ?? sandbox.writableRoots[0] ?? "/",
      sandbox,
      approvalPolicy: options.approvalPolicy ?? "never",
      // "untrusted" asks before running: the user accepts (it still runs sandboxed). "on-failure" and
      // "untrusted" ask to re-run a denied command without the sandbox: the user says no.
      answers: (params) => String(params.reason ?? "").includes("sandbox denied it") ? "decline" : "accept",
    });
    const tool = createShellCommandTool({ shell: "/bin/bash", operations });
    const result = await tool.execute({ command, timeout_ms: options.timeoutMs }, fake.ctx);
    return { ...result, output: result.output as string, fake };
  };

  test("ordinary commands work: read anywhere, write in the workspace, pipes, git, deno", async () => {
    const workspace = await tempDir();
    await new Deno.Command("git", { args: ["init", "-q", workspace] }).output();
    await Deno.mkdir(join(workspace, "src"));
    const result = await run(
      `ls / > /dev/null && head -c 5 /etc/hostname > /dev/null && echo made > src/a.txt && cat src/a.txt | tr a-z A-Z ` +
        `&& git status --short && "${Deno.execPath()}" --version | head -1`,
      workspaceWrite([workspace]),
    );
    assertEquals(result.success, true, result.output);
    assertStringIncludes(result.output, "MADE\n");
    assertStringIncludes(result.output, "?? src/\n");
    assertStringIncludes(result.output, "deno ");
    assertEquals(await Deno.readTextFile(join(workspace, "src", "a.txt")), "made\n");
  });

  for (const approvalPolicy of ["never", "on-request", "on-failure", "untrusted"] as const) {
    test(`approval "${approvalPolicy}": writes outside the writable roots are refused, the workspace stays writable`, async () => {
      const workspace = await tempDir();
      const outside = await tempDir("tern-outside-");
      await Deno.mkdir(join(workspace, "sub"));
      await Deno.symlink(outside, join(workspace, "sub", "link"));
      const home = Deno.env.get("HOME") ?? "/root";
      const marker = `tern-escape-${crypto.randomUUID()}`;
      const targets = [
        join(outside, "made.txt"),
        join(workspace, "sub", "link", "via-symlink.txt"),
        join(home, marker),
        `/var/tmp/${marker}`,
        `/usr/local/${marker}`,
      ];
      for (const target of targets) {
        const denied = await run(`echo no > ${target}`, workspaceWrite([workspace]), { approvalPolicy });
        assertEquals(denied.success, false, `${target}: ${denied.output}`);
        assertEquals(await exists(target), false, `${target} was written`);
      }
      const inside = await run(`echo ok > sub/made.txt`, workspaceWrite([workspace]), { approvalPolicy });
      assertEquals(inside.success, true, inside.output);
    });
  }

  test("a read-only sandbox lets a command read the workspace but write nowhere", async () => {
    const workspace = await tempDir();
    await Deno.writeTextFile(join(workspace, "notes.txt"), "readable\n");
    const policy: SandboxPolicy = { mode: "read-only", writableRoots: [], networkAccess: false };
    const read = await run(`cat ${workspace}/notes.txt`, policy, { cwd: workspace });
    assertStringIncludes(read.output, "Output:\nreadable\n");
    const write = await run(`touch ${workspace}/new.txt`, policy, { cwd: workspace });
    assertMatch(write.output, SANDBOX_DENIED);
    assertEquals(await exists(join(workspace, "new.txt")), false);
  });

  test("`.git` and `.tern` inside a writable root stay read-only: config, hooks, new files", async () => {
    const workspace = await tempDir();
    await Deno.mkdir(join(workspace, ".git", "hooks"), { recursive: true });
    await Deno.mkdir(join(workspace, ".tern"));
    await Deno.mkdir(join(workspace, "src"));
    await Deno.writeTextFile(join(workspace, ".git", "config"), "[core]\n");
    const policy = workspaceWrite([workspace]);
    const git = await run(`echo "  fsmonitor = evil" >> .git/config`, policy);
    assertMatch(git.output, SANDBOX_DENIED);
    assertEquals(await Deno.readTextFile(join(workspace, ".git", "config")), "[core]\n");
    const hook = await run(`printf '#!/bin/sh\\necho pwned' > .git/hooks/pre-commit`, policy);
    assertEquals(hook.success, false, hook.output);
    assertEquals(await exists(join(workspace, ".git", "hooks", "pre-commit")), false);
    const removed = await run(`rm -rf .git`, policy);
    assertEquals(removed.success, false, removed.output);
    assertEquals(await exists(join(workspace, ".git", "config")), true);
    const tern = await run(`echo {} > .tern/config.jsonc`, policy);
    assertMatch(tern.output, SANDBOX_DENIED);
    assertEquals(await exists(join(workspace, ".tern", "config.jsonc")), false);
    const plain = await run(`echo fine > src/code.txt`, policy);
    assertEquals(plain.success, true, plain.output);
    // Landlock cannot carve .git out of the workspace, so the workspace itself takes no new entries,
    // and the model reads why; the other backends carve it out and allow them.
    const top = await run(`touch new-at-top.txt`, policy);
    if (choice === "landlock") {
      assertEquals(top.success, false, top.output);
      assertStringIncludes(top.output, "takes no new files or folders directly in it");
    } else assertEquals(top.success, true, top.output);
  });

  test("Tern's home is never writable by a sandboxed command, even inside a writable root", async () => {
    const parent = await tempDir();
    const ternHome = join(parent, "tern-home");
    const workspace = join(parent, "ws");
    await Deno.mkdir(ternHome);
    await Deno.mkdir(workspace);
    // The runtime puts Tern's home in every policy it builds (`sandboxPolicyFor()`'s `readOnlyPaths`).
    const policy = { ...workspaceWrite([workspace, parent]), readOnlyPaths: [ternHome] };
    const planted = await run(`echo '{"hooks":{}}' > ${ternHome}/hooks.json`, policy);
    assertEquals(planted.success, false, planted.output);
    assertEquals(await exists(join(ternHome, "hooks.json")), false);
    const inside = await run(`echo ok > ${workspace}/made.txt`, policy);
    assertEquals(inside.success, true, inside.output);
  });

  test("a `.git` pointer file and the git directory it names stay read-only (worktrees)", async () => {
    const parent = await tempDir();
    await Deno.mkdir(join(parent, "ws"));
    await Deno.mkdir(join(parent, "real-git"));
    await Deno.writeTextFile(join(parent, "ws", ".git"), "gitdir: ../real-git\n");
    // The workspace is a root, and so is the directory around it (as /tmp is for a workspace in /tmp).
    const policy = workspaceWrite([join(parent, "ws"), parent]);
    const target = await run(`echo x > ${parent}/real-git/HEAD`, policy);
    assertMatch(target.output, SANDBOX_DENIED);
    const pointer = await run(`echo "gitdir: /elsewhere" > ${parent}/ws/.git`, policy);
    assertMatch(pointer.output, SANDBOX_DENIED);
    assertEquals(await Deno.readTextFile(join(parent, "ws", ".git")), "gitdir: ../real-git\n");
  });

  test("no network unless the policy allows it: TCP to loopback, UDP (DNS), a host Unix socket", async () => {
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, () => new Response("hi"));
    // A DNS-like UDP listener on loopback, counting what reaches it.
    const udp = dgram.createSocket("udp4");
    let datagrams = 0;
    udp.on("message", () => datagrams++);
    await new Promise<void>((resolve) => udp.bind(0, "127.0.0.1", resolve));
    const udpPort = (udp.address() as { port: number }).port;
    const socketDir = await tempDir("tern-sock-");
    const socketPath = join(socketDir, "agent.sock");
    const unix = Deno.listen({ transport: "unix", path: socketPath });
    const accepting = (async () => {
      for await (const conn of unix) conn.close();
    })();
    try {
      const port = server.addr.port;
      const tcp = `exec 3<>/dev/tcp/127.0.0.1/${port} && echo connected`;
      const workspace = await tempDir();
      const offline = await run(tcp, workspaceWrite([workspace]));
      assert(!offline.output.includes("connected\n"), offline.output);
      // Refused (Landlock), or sent into bubblewrap's empty network namespace: either way it never arrives.
      const udpSend = `echo query > /dev/udp/127.0.0.1/${udpPort}`;
      await run(udpSend, workspaceWrite([workspace]));
      const python =
        "import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); print('unix-connected')";
      const hostSocket = await run(
        `command -v python3 >/dev/null || { echo no-python; exit 0; }; python3 -c "${python}" ${socketPath}`,
        workspaceWrite([workspace]),
      );
      assert(!hostSocket.output.includes("unix-connected"), hostSocket.output);
      if (hostSocket.output.includes("no-python")) {
        console.log("sandbox_test.ts: no python3 here, the Unix socket probe was skipped");
      }
      const pairs = await run(`echo piped | cat | tr a-z A-Z`, workspaceWrite([workspace]));
      assertStringIncludes(pairs.output, "PIPED\n");
      // A short wait, so a datagram that did get out would have arrived.
      await new Promise((r) => setTimeout(r, 50));
      assertEquals(datagrams, 0, "a UDP datagram left the sandbox");
      const online = await run(tcp, workspaceWrite([workspace], true));
      assertStringIncludes(online.output, "connected\n");
      await run(udpSend, workspaceWrite([workspace], true));
      for (let i = 0; i < 50 && datagrams === 0; i++) await new Promise((r) => setTimeout(r, 10));
      assertEquals(datagrams, 1, "with network allowed, the same datagram arrives");
      const flag = await run(
        "echo net=$TERN_SANDBOX_NETWORK_DISABLED sandbox=$TERN_SANDBOX",
        workspaceWrite([workspace]),
      );
      assertStringIncludes(flag.output, `net=1 sandbox=${choice}\n`);
    } finally {
      udp.close();
      unix.close();
      await accepting.catch(() => {});
      await server.shutdown();
    }
  });

  test("a background child does not outlive the command, and a timeout kills the whole sandbox", async () => {
    const workspace = await tempDir();
    const marker = `31.${Math.floor(Math.random() * 1e6)}`;
    const background = await run(`sleep ${marker} > /dev/null 2>&1 & echo started`, workspaceWrite([workspace]));
    assertStringIncludes(background.output, "started\n");
    assertEquals(await processesLeft(`sleep ${marker}`), [], `processes "sleep ${marker}" outlived the command`);
    const marker2 = `32.${Math.floor(Math.random() * 1e6)}`;
    const timedOut = await run(`sleep ${marker2} & sleep ${marker2}`, workspaceWrite([workspace]), { timeoutMs: 500 });
    assertStringIncludes(timedOut.output, "command timed out after 500 milliseconds");
    assertEquals(await processesLeft(`sleep ${marker2}`), [], `processes "sleep ${marker2}" outlived the command`);
  });
}

Deno.test({
  name: "the sandbox tests leave no idle worker behind",
  sanitizeOps: false,
  sanitizeResources: false,
  fn() {
    closeConfinement();
  },
});
