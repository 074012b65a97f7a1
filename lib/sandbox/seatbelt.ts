/**
 * @module
 * The macOS backend of the command sandbox: turns a `SeatbeltPolicy` into a Seatbelt (SBPL) profile
 * and the `sandbox-exec` argv that runs a command under it. It gives the guarantees of the Linux
 * backends: every file readable, writes only beneath the writable roots, the read-only paths inside
 * them unwritable (no edit, creation, deletion or rename, not even of a directory above them), no
 * network and no Unix sockets unless allowed. Deciding which calls run sandboxed, and spawning, is
 * left to the callers.
 *
 * Paths never enter the profile text: each one is passed as a `-D` parameter and referenced by name,
 * so a quote or parenthesis in a path cannot change the profile. Seatbelt matches the real path of a
 * file, so the caller must pass resolved paths (`Deno.realPath()`): on macOS `/tmp`, `/var` and
 * `/etc` are symlinks into `/private`, and a rule for `/tmp/x` would match nothing.
 */

/** What a Seatbelt profile enforces; every path absolute and already resolved (no symlinks). */
export interface SeatbeltPolicy {
  /** Directories where writes are allowed (may be empty: read-only). `["/"]` means full disk write. */
  writableRoots: string[];
  /**
   * Paths inside the writable roots that stay read-only (e.g. `<root>/.git`, `<root>/.tern`, the Tern
   * home). Each may be a directory or a file; a directory is protected with everything under it.
   */
  readOnlyPaths: string[];
  /** Whether the command may use the network (IP and Unix sockets). */
  networkAccess: boolean;
}

/** Absolute path of the sandbox-exec tool on macOS (never looked up on PATH, so it cannot be shadowed). */
export const SANDBOX_EXEC = "/usr/bin/sandbox-exec";

/**
 * The SBPL profile text for a policy. Paths are not in the text: they are `-D` parameters named
 * `WRITABLE_ROOT_<i>`, `READ_ONLY_<j>` and `READ_ONLY_PARENT_<k>` (see `seatbeltArgs()`).
 *
 * @example
 * ```ts
 * const profile = seatbeltProfile({ writableRoots: [], readOnlyPaths: [], networkAccess: false });
 * // "(version 1)\n(deny default)\n..."
 * ```
 */
export function seatbeltProfile(policy: SeatbeltPolicy): string {
  return compile(policy).profile;
}

/**
 * The full argv after the program: `["-p", profile, "-DNAME=value"..., "--", ...command]`.
 *
 * @example
 * ```ts
 * const args = seatbeltArgs({ writableRoots: ["/Users/me/src"], readOnlyPaths: [], networkAccess: false }, ["ls"]);
 * // ["-p", "(version 1)...", "-DWRITABLE_ROOT_0=/Users/me/src", "--", "ls"]
 * await new Deno.Command(SANDBOX_EXEC, { args }).output();
 * ```
 */
export function seatbeltArgs(policy: SeatbeltPolicy, command: string[]): string[] {
  const { profile, params } = compile(policy);
  return ["-p", profile, ...params.map(([name, value]) => `-D${name}=${value}`), "--", ...command];
}

/** Everything a command needs whatever the policy: processes, system lookups, reads, devices. */
const BASE_RULES = `(version 1)
(deny default)

; Processes: run and fork programs (children inherit this profile), signal and inspect only
; processes inside this sandbox.
(allow process-exec)
(allow process-fork)
(allow signal (target same-sandbox))
(allow process-info* (target same-sandbox))

; Every file may be read; writes are granted further down.
(allow file-read*)

; System facts that runtimes and shells ask for. Hardware and kernel identity only: the process
; table and other processes' arguments (kern.procargs2, kern.proc.all) stay hidden.
(allow sysctl-read
  (sysctl-name-prefix "hw.")
  (sysctl-name-prefix "machdep.")
  (sysctl-name-prefix "user.")
  (sysctl-name-prefix "kern.proc.pid.")
  (sysctl-name-prefix "kern.proc.pgrp.")
  (sysctl-name-prefix "net.routetable.")
  (sysctl-name "kern.argmax")
  (sysctl-name "kern.boottime")
  (sysctl-name "kern.clockrate")
  (sysctl-name "kern.hostname")
  (sysctl-name "kern.hv_vmm_present")
  (sysctl-name "kern.iossupportversion")
  (sysctl-name "kern.maxfiles")
  (sysctl-name "kern.maxfilesperproc")
  (sysctl-name "kern.maxproc")
  (sysctl-name "kern.ngroups")
  (sysctl-name "kern.osproductversion")
  (sysctl-name "kern.osproductversioncompat")
  (sysctl-name "kern.osrelease")
  (sysctl-name "kern.ostype")
  (sysctl-name "kern.osvariant_status")
  (sysctl-name "kern.osversion")
  (sysctl-name "kern.secure_kernel")
  (sysctl-name "kern.usrstack64")
  (sysctl-name "kern.version")
  (sysctl-name "sysctl.proc_cputype")
  (sysctl-name "sysctl.proc_native")
  (sysctl-name "sysctl.proc_translated")
  (sysctl-name "vm.loadavg")
  (sysctl-name "vm.swapusage"))
; The JVM reads its CPU type through a sysctl call the kernel classifies as a write.
(allow sysctl-write (sysctl-name "kern.grade_cputype"))
; host_processor_info() and friends (os.cpus() in Node.js).
(allow mach-host*)

; Services ordinary commands reach through Mach: user and group lookups (getpwuid, ls -l), the
; per-user temporary directory, notifications, logging, and reading preferences. cfprefsd checks
; the caller's sandbox itself, so preference writes stay denied (no user-preference-write).
(allow mach-lookup
  (global-name "com.apple.system.opendirectoryd.libinfo")
  (global-name "com.apple.system.opendirectoryd.membership")
  (global-name "com.apple.bsd.dirhelper")
  (global-name "com.apple.system.notification_center")
  (global-name "com.apple.logd")
  (global-name "com.apple.cfprefsd.daemon")
  (global-name "com.apple.cfprefsd.agent")
  (local-name "com.apple.cfprefsd.agent"))
(allow user-preference-read)
(allow ipc-posix-shm-read* (ipc-posix-name-prefix "apple.cfprefs."))
; POSIX semaphores (Python multiprocessing locks).
(allow ipc-posix-sem)

; Devices a shell writes to: the null and zero devices, the controlling terminal, the process's
; own descriptors.
(allow file-write-data
  (literal "/dev/null")
  (literal "/dev/zero")
  (literal "/dev/tty")
  (literal "/dev/stdout")
  (literal "/dev/stderr")
  (regex #"^/dev/fd/[0-9]+$"))

; Pseudo-terminals: open new ones (openpty), use those, and ioctl the terminal the command was
; given (isatty, window size). Another user's terminal is not writable.
(allow pseudo-tty)
(allow file-read* file-write-data file-ioctl (literal "/dev/ptmx"))
(allow file-read* file-write-data file-ioctl
  (require-all
    (regex #"^/dev/ttys[0-9]+$")
    (extension "com.apple.sandbox.pty")))
(allow file-ioctl (literal "/dev/tty") (regex #"^/dev/ttys[0-9]+$"))
`;

/** Added only when the policy allows the network. */
const NETWORK_RULES = `
; Network: IP and Unix sockets, in and out, plus the services behind DNS, proxies and TLS.
(allow network*)
(allow system-socket (socket-domain AF_UNIX))
(allow system-socket (require-all (socket-domain AF_SYSTEM) (socket-protocol 2)))
(allow mach-lookup
  (global-name "com.apple.SystemConfiguration.configd")
  (global-name "com.apple.SystemConfiguration.DNSConfiguration")
  (global-name "com.apple.SystemConfiguration.SCNetworkReachability")
  (global-name "com.apple.networkd")
  (global-name "com.apple.SecurityServer")
  (global-name "com.apple.trustd")
  (global-name "com.apple.trustd.agent")
  (global-name "com.apple.ocspd"))
`;

interface Compiled {
  profile: string;
  params: [name: string, value: string][];
}

function compile(policy: SeatbeltPolicy): Compiled {
  const params: [string, string][] = [];
  const param = (name: string, value: string) => {
    params.push([name, value]);
    return `(param "${name}")`;
  };
  let profile = BASE_RULES + writeRules(policy, param);
  if (policy.networkAccess) profile += NETWORK_RULES;
  return { profile, params };
}

/**
 * One `file-write*` rule: beneath any writable root, and neither in a read-only path (nor the path
 * itself, which may not exist yet) nor on one of its ancestors inside a root. A denied ancestor
 * cannot be renamed or removed, so a read-only path cannot be moved out of the way and replaced;
 * files can still be created in that ancestor, only the directory node itself is fixed.
 */
function writeRules(policy: SeatbeltPolicy, param: (name: string, value: string) => string): string {
  let roots = unique(policy.writableRoots.map((path) => normalize(path, "writable root")));
  if (roots.length === 0) return "";
  if (roots.includes("/")) roots = ["/"];
  const insideRoot = (path: string) => roots.some((root) => isWithin(path, root));
  // A read-only path matters only where it meets a root: inside one, or holding one.
  const readOnly = unique(policy.readOnlyPaths.map((path) => normalize(path, "read-only path")))
    .filter((path) => insideRoot(path) || roots.some((root) => isWithin(root, path)));
  const parents = unique(readOnly.flatMap(ancestors))
    .filter((path) => insideRoot(path) && !readOnly.some((ro) => isWithin(path, ro)));

  const rootFilters = roots.map((root, i) => `(subpath ${param(`WRITABLE_ROOT_${i}`, root)})`);
  const exclusions = [
    ...readOnly.flatMap((path, j) => {
      const ref = param(`READ_ONLY_${j}`, path);
      return [`(require-not (literal ${ref}))`, `(require-not (subpath ${ref}))`];
    }),
    ...parents.map((path, k) => `(require-not (literal ${param(`READ_ONLY_PARENT_${k}`, path)}))`),
  ];
  const lines = [
    "",
    "; Writes: beneath the writable roots, except the read-only paths and the directories above them.",
    "(allow file-write*",
    "  (require-all",
    `    (require-any ${rootFilters.join(" ")})`,
    ...exclusions.map((filter) => `    ${filter}`),
    "  ))",
    "",
  ];
  return lines.join("\n");
}

/** `path` without a trailing or doubled slash; throws on a relative path or a `.`/`..` segment. */
function normalize(path: string, what: string): string {
  if (!path.startsWith("/")) throw new TypeError(`Cannot sandbox ${what} "${path}": the path is not absolute`);
  const segments = path.split("/").filter((segment) => segment !== "");
  if (segments.some((segment) => segment === "." || segment === "..")) {
    throw new TypeError(`Cannot sandbox ${what} "${path}": the path is not resolved`);
  }
  if (segments.some((segment) => segment.includes("\0"))) {
    throw new TypeError(`Cannot sandbox ${what} "${path}": the path contains a NUL character`);
  }
  return "/" + segments.join("/");
}

/** Every directory above `path`, nearest first, ending with `/`. */
function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let end = path.lastIndexOf("/"); path !== "/" && end >= 0; end = path.lastIndexOf("/", end - 1)) {
    out.push(end === 0 ? "/" : path.slice(0, end));
    if (end === 0) break;
  }
  return out;
}

function isWithin(path: string, dir: string): boolean {
  return dir === "/" || path === dir || path.startsWith(dir + "/");
}

function unique(paths: string[]): string[] {
  return [...new Set(paths)];
}
