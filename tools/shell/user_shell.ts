/**
 * @module
 * Finds the user's shell: `$SHELL` when it names an existing file, else `/bin/bash`, else
 * `/bin/sh`. The probe is injectable so tests need not touch the real environment. Windows is
 * out of scope for now: the fallback path simply fails to start, which is reported, not thrown.
 */

/** What `findUserShell` may consult; every field defaults to the real system. */
export interface FindUserShellOptions {
  /** The value of `$SHELL`. @default Deno.env.get("SHELL") */
  shellEnv?: string;
  /** Whether `path` is an existing file. @default a `Deno.statSync` probe */
  isFile?: (path: string) => boolean;
}

/**
 * Returns the absolute path of the shell to run commands in.
 *
 * @example
 * ```ts
 * findUserShell({ shellEnv: "/usr/bin/zsh", isFile: () => true }); // "/usr/bin/zsh"
 * ```
 */
export function findUserShell(options: FindUserShellOptions = {}): string {
  const shellEnv = "shellEnv" in options ? options.shellEnv : readShellEnv();
  const isFile = options.isFile ?? fileExists;
  const candidates = [shellEnv, "/bin/bash", "/bin/sh"];
  for (const candidate of candidates) {
    if (candidate && candidate.startsWith("/") && isFile(candidate)) return candidate;
  }
  return "/bin/sh";
}

function readShellEnv(): string | undefined {
  try {
    return Deno.env.get("SHELL");
  } catch {
    return undefined; // no env permission: fall back to the standard shells
  }
}

function fileExists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}
