/**
 * @module
 * The interactive session's arguments: `[resume|fork [--last | THREAD_ID]] [--remote ws://HOST:PORT]
 * [--remote-auth-token-env VAR] [PROMPT...]`. The words of the prompt are joined with spaces.
 */

/** What `tern [PROMPT]` was asked for. */
export interface TuiArgs {
  prompt: string | null;
  /** `--remote`: attach to a running `tern app-server --listen ws://...` instead of an in-process one. */
  remote: string | null;
  /** `--remote-auth-token-env VAR`: the environment variable holding the WebSocket's bearer token. */
  tokenEnv: string | null;
  help: boolean;
  /**
   * `resume --last`, `resume THREAD_ID`, or `resume` alone (a picker): open a saved thread instead
   * of a new one.
   */
  resume: { last: true } | { threadId: string } | { pick: true } | null;
  /** `fork ...`: the saved thread (`resume` says which) is copied into a new one (`thread/fork`), opened in its place. */
  fork: boolean;
}

export const TUI_HELP = `Usage: tern [GLOBAL OPTIONS] [--remote ws://HOST:PORT] [PROMPT]
       tern [GLOBAL OPTIONS] resume [--last | THREAD_ID] [PROMPT]   (no argument: pick a saved thread)
       tern [GLOBAL OPTIONS] fork [--last | THREAD_ID] [PROMPT]     (a copy of a saved thread; no argument: pick)

Opens the interactive session in the workspace; a prompt given is submitted at once.

Options:
  --remote URL                 attach to a running \`tern app-server --listen ws://HOST:PORT\`
  --remote-auth-token-env VAR  send the bearer token held in the environment variable VAR
  -h, --help                   show this help

Keys: Enter submits, Ctrl+J (or Shift+Enter) inserts a newline, Up/Down recall history,
Esc interrupts the running turn, Ctrl+C interrupts (twice on an empty composer quits),
Ctrl+D on an empty composer quits. See docs/tui.md.`;

/** Parses the arguments; throws `TypeError` naming a bad option or a missing value. */
export function parseTuiArgs(argv: string[]): TuiArgs {
  const args: TuiArgs = { prompt: null, remote: null, tokenEnv: null, help: false, resume: null, fork: false };
  const words: string[] = [];
  let start = 0;
  if (argv[0] === "resume" || argv[0] === "fork") {
    start = 1;
    args.fork = argv[0] === "fork";
    if (argv[1] === "--last") args.resume = { last: true };
    else if (argv[1] && !argv[1].startsWith("-")) args.resume = { threadId: argv[1] };
    if (args.resume) start = 2;
    else args.resume = { pick: true };
  }
  for (let i = start; i < argv.length; i++) {
    const raw = argv[i];
    const value = (flag: string) => {
      const v = argv[++i];
      if (v === undefined) throw new TypeError(`Cannot parse arguments: ${flag} needs a value`);
      return v;
    };
    if (raw === "--") {
      words.push(...argv.slice(i + 1));
      break;
    } else if (raw === "--remote") args.remote = value(raw);
    else if (raw.startsWith("--remote=")) args.remote = raw.slice("--remote=".length);
    else if (raw === "--remote-auth-token-env") args.tokenEnv = value(raw);
    else if (raw === "-h" || raw === "--help") args.help = true;
    else if (raw.startsWith("-") && raw !== "-") {
      throw new TypeError(`Unknown option "${raw}" (see "tern --help")`);
    } else words.push(raw);
  }
  if (args.remote !== null && !/^wss?:\/\/[^/]+/.test(args.remote)) {
    throw new TypeError(`Cannot use --remote "${args.remote}": give a WebSocket URL, ws://HOST:PORT`);
  }
  args.prompt = words.length ? words.join(" ") : null;
  return args;
}
