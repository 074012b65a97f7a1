/**
 * @module
 * The global flags every `tern` command accepts (`-c`, `-m`, `-s`, `-a`, `-p`, `-C`, `--debug`,
 * `--watch`, `--add-dir`), taken out of argv before the command sees it. Its own module, importing nothing, so
 * that the launcher (`tern.ts`) can tell before anything loads whether the interactive session
 * opens (`main.ts` re-exports it).
 */

/** Flags every command accepts, taken out of argv before the command sees it. */
export interface GlobalFlags {
  overrides: string[];
  profile?: string;
  cd?: string;
  debug: boolean;
  /** `--watch`: reload plugins when their files change (between turns). */
  watch?: boolean;
  /** `--add-dir DIR` (repeatable): more writable roots for `workspace-write`, as given (resolved later). */
  addDirs: string[];
  rest: string[];
}

/** Splits global flags from the command's own arguments. Throws `TypeError` on a missing value. */
export function parseGlobalFlags(argv: string[]): GlobalFlags {
  const flags: GlobalFlags = { overrides: [], debug: false, addDirs: [], rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    if (raw === "--") {
      flags.rest.push(...argv.slice(i));
      break;
    }
    const eq = raw.startsWith("--") ? raw.indexOf("=") : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const value = () => {
      if (eq > 0) return raw.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new TypeError(`Cannot parse arguments: ${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "-c":
      case "--config":
        flags.overrides.push(value());
        break;
      case "-m":
      case "--model":
        flags.overrides.push(`model=${JSON.stringify(value())}`);
        break;
      case "-s":
      case "--sandbox":
        flags.overrides.push(`sandbox_mode=${JSON.stringify(value())}`);
        break;
      case "-a":
      case "--ask-for-approval":
        flags.overrides.push(`approval_policy=${JSON.stringify(value())}`);
        break;
      case "-p":
      case "--profile":
        flags.profile = value();
        break;
      case "-C":
      case "--cd":
        flags.cd = value();
        break;
      case "--debug":
        flags.debug = true;
        break;
      case "--watch":
        flags.watch = true;
        break;
      case "--add-dir":
        flags.addDirs.push(value());
        break;
      default:
        flags.rest.push(raw);
    }
  }
  return flags;
}

/**
 * Whether `rest` (argv without its global flags) surely opens the interactive session: bare `tern`,
 * `tern resume ...`, `tern fork ...` and `tern --remote ...`, without `--help`. (`tern PROMPT` opens it too, but a
 * word may name a plugin's command, which only the loaded plugins can tell.)
 */
export function opensSession(rest: string[]): boolean {
  if (rest.some((a) => a === "-h" || a === "--help")) return false;
  return rest.length === 0 || rest[0] === "resume" || rest[0] === "fork" || rest[0].startsWith("--remote");
}
