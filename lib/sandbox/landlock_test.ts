import { assert, assertEquals } from "@std/assert";
import { join } from "@std/path";
import { bwrapArgs } from "./bwrap.ts";
import { FS, handledFsAccess, planLandlock } from "./landlock.ts";
import { resolvePaths } from "./protected_paths.ts";
import { seccompProgram } from "./seccomp.ts";

async function tempDir(): Promise<string> {
  return await Deno.realPath(await Deno.makeTempDir({ prefix: "tern-landlock-" }));
}

Deno.test("`planLandlock()` reads everywhere and grants a root without protected entries whole", async () => {
  const root = await tempDir();
  const plan = planLandlock(resolvePaths([root]), { abi: 7, networkAccess: false });
  assertEquals(plan.rules[0], { path: "/", access: FS.EXECUTE | FS.READ_FILE | FS.READ_DIR });
  assertEquals(plan.rules.at(-1), { path: root, access: handledFsAccess(7) });
  assertEquals(plan.handledNet, 3n); // TCP bind and connect handled, no rule grants them
  assertEquals(plan.scoped, 3n); // signals and abstract Unix sockets stay inside the sandbox
  const online = planLandlock(resolvePaths([root]), { abi: 7, networkAccess: true });
  assertEquals([online.handledNet, online.scoped], [0n, 2n]);
});

Deno.test("`planLandlock()` splits a root around `.git`, `.tern` and Tern's home, recursively", async () => {
  const root = await tempDir();
  await Deno.mkdir(join(root, ".git"));
  await Deno.mkdir(join(root, ".tern"));
  await Deno.mkdir(join(root, "src"));
  await Deno.mkdir(join(root, "deep", "home"), { recursive: true });
  await Deno.mkdir(join(root, "deep", "other"));
  await Deno.writeTextFile(join(root, "README.md"), "");
  await Deno.symlink("/etc", join(root, "etc-link"));
  const paths = resolvePaths([root], { readOnlyPaths: [join(root, "deep", "home")] });
  assertEquals(paths.readOnlyPaths, [join(root, ".git"), join(root, ".tern"), join(root, "deep", "home")]);
  const plan = planLandlock(paths, { abi: 7, networkAccess: false });
  const granted = new Map(plan.rules.map((r) => [r.path, r.access]));
  assertEquals(granted.has(root), false, "the root itself would cover .git");
  assertEquals(granted.get(join(root, "src")), handledFsAccess(7));
  assertEquals(granted.get(join(root, "deep", "other")), handledFsAccess(7));
  assertEquals(granted.get(join(root, "README.md")), FS.EXECUTE | FS.WRITE_FILE | FS.READ_FILE | FS.TRUNCATE);
  for (const path of [".git", ".tern", "deep", "deep/home", "etc-link"]) {
    assertEquals(granted.has(join(root, path)), false, path);
  }
});

Deno.test("`handledFsAccess()` handles only the rights the kernel's ABI knows", () => {
  assertEquals(handledFsAccess(1) & FS.REFER, 0n);
  assertEquals(handledFsAccess(2) & FS.TRUNCATE, 0n);
  assert((handledFsAccess(3) & FS.TRUNCATE) !== 0n);
});

Deno.test("`seccompProgram()` refuses sockets only without network, and always the terminal-injection ioctls", () => {
  const words = (bytes: Uint8Array) => {
    const view = new DataView(bytes.buffer);
    return Array.from({ length: bytes.length / 8 }, (_, i) => view.getUint32(i * 8 + 4, true));
  };
  const offline = words(seccompProgram("x86_64", { denyNetwork: true }));
  const online = words(seccompProgram("x86_64", { denyNetwork: false }));
  assert(offline.includes(41) && !online.includes(41), "socket(2) is x86_64 call 41");
  assert(offline.includes(0x5412) && online.includes(0x5412), "TIOCSTI");
  // In bubblewrap's network namespace IP and netlink stay inside it: three families allowed, the rest not.
  const isolated = words(seccompProgram("x86_64", { denyNetwork: true, isolatedNetwork: true }));
  assertEquals(isolated.length, offline.length + 3);
  assert(words(seccompProgram("aarch64", { denyNetwork: true })).includes(198), "socket(2) is aarch64 call 198");
});

Deno.test("`bwrapArgs()` binds the root read-only, then the writable roots, then their protected entries", async () => {
  const root = await tempDir();
  await Deno.mkdir(join(root, ".git"));
  const args = bwrapArgs(resolvePaths([root, "/does/not/exist"]), ["ls"], { cwd: root, networkAccess: false });
  const at = (...seq: string[]) => args.findIndex((_, i) => seq.every((s, j) => args[i + j] === s));
  assert(at("--ro-bind", "/", "/") < at("--bind", root, root), args.join(" "));
  assert(at("--bind", root, root) < at("--ro-bind", join(root, ".git"), join(root, ".git")), args.join(" "));
  assertEquals(at("--bind", "/does/not/exist"), -1);
  assert(at("--unshare-net") > 0 && at("--die-with-parent") >= 0 && at("--unshare-pid") > 0);
  assertEquals(args.slice(-4), ["--chdir", root, "--", "ls"]);
  const withNet = bwrapArgs(resolvePaths([root]), ["ls"], { cwd: root, networkAccess: true });
  assertEquals(withNet.includes("--unshare-net"), false);
});
