/**
 * @module
 * The seccomp BPF filter a confined command runs under on Linux, as bytes ready for
 * `prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)`. Without network it refuses `socket()` for
 * every address family (IP, and Unix sockets that reach host services such as an ssh-agent or the
 * docker socket; `socketpair()` stays allowed, so pipes between a command's own processes work) and
 * `io_uring_setup()` (io_uring can open and connect sockets without the `socket` system call). It
 * always refuses the terminal-injection ioctls (`TIOCSTI`, `TIOCLINUX`) and system calls of a foreign
 * architecture (32-bit calls on x86_64 would otherwise slip past the numbers below).
 * Inside bubblewrap's own network namespace (`isolatedNetwork`), IP and netlink sockets reach only
 * that empty namespace (bwrap sets up its loopback device through them), so only the families that
 * cross namespaces stay refused: Unix sockets (a host service's socket file is visible through the
 * read-only `/`) and everything else but IP and netlink (vsock reaches a VM's host).
 * Refused calls fail with EPERM; nothing is killed. This module only builds bytes: applying them is
 * `confine_worker.ts`'s job.
 */

/** CPU architectures the filter knows the system call numbers of. */
export type SeccompArch = "x86_64" | "aarch64";

/** What the filter refuses. */
export interface SeccompOptions {
  /** Refuse socket creation (the policy has no network). */
  denyNetwork: boolean;
  /**
   * The command runs in a network namespace of its own (bubblewrap's `--unshare-net`): allow the
   * socket families confined to it (IP, netlink). @default false
   */
  isolatedNetwork?: boolean;
}

const ARCHES: Record<SeccompArch, { audit: number; socket: number; ioctl: number; ioUringSetup: number }> = {
  x86_64: { audit: 0xc000003e, socket: 41, ioctl: 16, ioUringSetup: 425 },
  aarch64: { audit: 0xc00000b7, socket: 198, ioctl: 29, ioUringSetup: 425 },
};

const AF_INET = 2;
const AF_INET6 = 10;
const AF_NETLINK = 16;
const TIOCSTI = 0x5412;
const TIOCLINUX = 0x541c;
/** x32 system calls on x86_64 carry this bit. */
const X32_SYSCALL_BIT = 0x40000000;

// BPF opcodes (linux/filter.h) and seccomp return values (linux/seccomp.h).
const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGE_K = 0x35;
const RET_K = 0x06;
const RET_ALLOW = 0x7fff0000;
const RET_EPERM = 0x00050000 | 1;
// Offsets in struct seccomp_data.
const NR = 0;
const ARCH = 4;
const ARG0_LOW = 16;
const ARG1_LOW = 24;

/** The architecture Deno runs on, when the filter knows it. */
export function currentSeccompArch(): SeccompArch | undefined {
  const arch = Deno.build.arch;
  return arch === "x86_64" || arch === "aarch64" ? arch : undefined;
}

type Instruction =
  | { op: "ld"; offset: number }
  | { op: "jeq" | "jge"; value: number; then: string; else?: string }
  | { op: "ret"; value: number }
  | { op: "label"; name: string };

/**
 * The filter program: `struct sock_filter` entries, 8 bytes each, little-endian.
 *
 * @example
 * ```ts
 * const program = seccompProgram("x86_64", { denyNetwork: true });
 * program.length % 8; // 0
 * ```
 */
export function seccompProgram(arch: SeccompArch, options: SeccompOptions): Uint8Array {
  const nr = ARCHES[arch];
  const code: Instruction[] = [
    { op: "ld", offset: ARCH },
    { op: "jeq", value: nr.audit, then: "native", else: "deny" },
    { op: "label", name: "native" },
    { op: "ld", offset: NR },
  ];
  if (arch === "x86_64") code.push({ op: "jge", value: X32_SYSCALL_BIT, then: "deny" });
  if (options.denyNetwork) {
    code.push(
      { op: "jeq", value: nr.socket, then: "socket" },
      { op: "jeq", value: nr.ioUringSetup, then: "deny" },
    );
  }
  code.push(
    { op: "jeq", value: nr.ioctl, then: "ioctl" },
    { op: "ret", value: RET_ALLOW },
    { op: "label", name: "ioctl" },
    { op: "ld", offset: ARG1_LOW },
    { op: "jeq", value: TIOCSTI, then: "deny" },
    { op: "jeq", value: TIOCLINUX, then: "deny" },
    { op: "ret", value: RET_ALLOW },
  );
  if (options.denyNetwork) {
    code.push({ op: "label", name: "socket" }, { op: "ld", offset: ARG0_LOW });
    if (options.isolatedNetwork) {
      for (const family of [AF_INET, AF_INET6, AF_NETLINK]) code.push({ op: "jeq", value: family, then: "allow" });
    }
    code.push({ op: "ret", value: RET_EPERM });
  }
  code.push({ op: "label", name: "deny" }, { op: "ret", value: RET_EPERM });
  code.push({ op: "label", name: "allow" }, { op: "ret", value: RET_ALLOW });
  return assemble(code);
}

/** Resolves labels to relative jumps and encodes each instruction. */
function assemble(code: Instruction[]): Uint8Array {
  const labels = new Map<string, number>();
  let index = 0;
  for (const instruction of code) {
    if (instruction.op === "label") labels.set(instruction.name, index);
    else index++;
  }
  const bytes = new Uint8Array(index * 8);
  const view = new DataView(bytes.buffer);
  index = 0;
  const offsetTo = (label: string | undefined) => {
    if (label === undefined) return 0;
    const target = labels.get(label);
    if (target === undefined) throw new RangeError(`Cannot assemble seccomp filter: no label "${label}"`);
    const jump = target - index - 1;
    if (jump < 0 || jump > 255) throw new RangeError(`Cannot assemble seccomp filter: jump to "${label}" is ${jump}`);
    return jump;
  };
  for (const instruction of code) {
    if (instruction.op === "label") continue;
    let opcode: number, jt = 0, jf = 0, k: number;
    if (instruction.op === "ld") [opcode, k] = [LD_W_ABS, instruction.offset];
    else if (instruction.op === "ret") [opcode, k] = [RET_K, instruction.value];
    else {
      opcode = instruction.op === "jeq" ? JEQ_K : JGE_K;
      k = instruction.value;
      jt = offsetTo(instruction.then);
      jf = offsetTo(instruction.else);
    }
    view.setUint16(index * 8, opcode, true);
    view.setUint8(index * 8 + 2, jt);
    view.setUint8(index * 8 + 3, jf);
    view.setUint32(index * 8 + 4, k >>> 0, true);
    index++;
  }
  return bytes;
}
