/**
 * @module
 * Parses `tern exec` arguments, spelled as `codex exec` spells them. Global flags (`-c`, `-m`,
 * `-s`, `-C`, `--profile`) are taken by `main.ts` before this runs; whatever is left is ours.
 * Unknown flags are an error that names the flag.
 */

/** Parsed `tern exec` arguments. */
export interface ExecArgs {
  json: boolean;
  skipGitRepoCheck: boolean;
  outputSchema?: string;
  outputLastMessage?: string;
  images: string[];
  ephemeral: boolean;
  /** `resume` subcommand: a thread id, or "last". */
  resume?: { id: string } | { last: true };
  /** The prompt argument; "-" or absent means stdin. */
  prompt?: string;
  fullAuto: boolean;
  bypass: boolean;
  help: boolean;
  /** `--record FILE`: write the session to FILE as a cassette for `@tern/testing`. */
  record?: string;
  /** Why flags Tern accepts but cannot honour were left out (shown as warnings). */
  ignored: string[];
  /** `--color`: colour the transcript always, never, or (auto) when stderr is a terminal and NO_COLOR is unset. */
  color: "always" | "never" | "auto";
}

/**
 * `codex exec` flags Tern has nothing for. `--cyber-access-program` asks for an access the run
 * cannot have, so it is refused: a script that relies on it must not run without it.
 * `--thread-source` only labels a new thread (the Codex SDK's `threadSource`), so the run goes on
 * with a warning that the label is not recorded.
 */
const REFUSED_FLAGS: Record<string, string> = {
  "--cyber-access-program": "Tern has no access programs to opt into",
};
const IGNORED_FLAGS: Record<string, string> = {
  "--thread-source": 'Tern records every exec thread with source "exec"',
};

const COLOR_CHOICES = ["always", "never", "auto"] as const;

/** Parses exec's own arguments. Throws `TypeError` naming a bad flag. */
export function parseExecArgs(argv: string[]): ExecArgs {
  const args: ExecArgs = {
    json: false,
    skipGitRepoCheck: false,
    images: [],
    ephemeral: false,
    fullAuto: false,
    bypass: false,
    help: false,
    color: "auto",
    ignored: [],
  };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    const eq = raw.startsWith("--") ? raw.indexOf("=") : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const value = (): string => {
      if (eq > 0) return raw.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new TypeError(`Cannot parse "tern exec" arguments: ${flag} needs a value`);
      return v;
    };
    if (flag === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    switch (flag) {
      case "--json":
      case "--experimental-json":
        args.json = true;
        break;
      case "--skip-git-repo-check":
        args.skipGitRepoCheck = true;
        break;
      case "--output-schema":
        args.outputSchema = value();
        break;
      case "-o":
      case "--output-last-message":
        args.outputLastMessage = value();
        break;
      case "-i":
      case "--image":
        args.images.push(...value().split(","));
        break;
      case "--ephemeral":
        args.ephemeral = true;
        break;
      case "--full-auto":
        args.fullAuto = true;
        break;
      case "--dangerously-bypass-approvals-and-sandbox":
      case "--yolo":
        args.bypass = true;
        break;
      case "--record":
        args.record = value();
        break;
      case "--last":
        args.resume = { last: true };
        break;
      case "--color": {
        const color = value();
        if (!(COLOR_CHOICES as readonly string[]).includes(color)) {
          throw new TypeError(
            `Cannot parse "tern exec" arguments: --color "${color}" is not one of ${COLOR_CHOICES.join(", ")}`,
          );
        }
        args.color = color as ExecArgs["color"];
        break;
      }
      case "-h":
      case "--help":
        args.help = true;
        break;
      default:
        if (flag in REFUSED_FLAGS) {
          throw new TypeError(`Cannot use "tern exec ${flag}": ${REFUSED_FLAGS[flag]} (leave the flag out)`);
        } else if (flag in IGNORED_FLAGS) {
          args.ignored.push(`tern exec ignores ${flag} ${JSON.stringify(value())}: ${IGNORED_FLAGS[flag]}`);
        } else if (flag.startsWith("-") && flag !== "-") {
          throw new TypeError(`Cannot parse "tern exec" arguments: unknown flag "${flag}" (see "tern exec --help")`);
        } else positional.push(raw);
    }
  }
  if (positional[0] === "resume") {
    positional.shift();
    if (!args.resume) {
      const id = positional.shift();
      if (!id) throw new TypeError('Cannot parse "tern exec resume": give a thread id or --last');
      args.resume = { id };
    }
  } else if (args.resume && "last" in args.resume) {
    throw new TypeError('Cannot parse "tern exec" arguments: --last goes with "resume"');
  }
  if (positional.length > 1) {
    throw new TypeError(`Cannot parse "tern exec" arguments: expected one prompt, got ${positional.length} (quote it)`);
  }
  args.prompt = positional[0];
  return args;
}

export const EXEC_HELP = `Usage: tern exec [OPTIONS] [PROMPT]
       tern exec [OPTIONS] resume (<THREAD_ID> | --last) [PROMPT]

Runs one turn non-interactively. PROMPT "-" or none reads the prompt from stdin.

Options:
  --json, --experimental-json   print JSONL events (the shape of "codex exec --json")
  -m, --model MODEL             model to use
  -s, --sandbox MODE            read-only | workspace-write | danger-full-access
  -C, --cd DIR                  workspace directory (default: where you ran the command)
  -c, --config KEY=VALUE        config override (dotted key; JSON or TOML value)
  -p, --profile NAME            config profile
  --output-schema FILE          JSON Schema the final answer must follow
  -o, --output-last-message FILE  also write the final answer to FILE
  -i, --image FILE[,FILE]       attach images to the prompt
  --add-dir DIR                 let workspace-write commands also write DIR (repeatable;
                                relative to the workspace; its .git and .tern stay read-only)
  --color always|never|auto     colour the transcript (auto: when stderr is a terminal and
                                NO_COLOR is unset)
  --skip-git-repo-check         run outside a git repository or trusted project
  --ephemeral                   do not persist the thread
  --record FILE                 record the session (model stream, tool calls, hook runs) as a
                                cassette that @tern/testing replays (see docs/plugins.md)
  --full-auto                   sandbox workspace-write, approvals on-request
  --dangerously-bypass-approvals-and-sandbox  no sandbox, no approvals

Codex flags Tern has nothing for: --cyber-access-program is refused (an error, exit 2);
--thread-source VALUE is ignored with a warning (the thread is recorded with source "exec").
`;
