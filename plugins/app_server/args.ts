/**
 * @module
 * The arguments of `tern app-server`: `--listen stdio://` (the default) or
 * `--listen ws://HOST:PORT`, and `--ws-token-file PATH`. A WebSocket bind to an address other than
 * loopback needs a token file (every connection must then present the token); that rule is
 * checked here, so a mistake stops the command before it listens.
 */

/** Where the server listens. */
export type Listen = { kind: "stdio" } | { kind: "ws"; host: string; port: number };

/** Parsed arguments. */
export interface AppServerArgs {
  listen: Listen;
  /** File holding the bearer token WebSocket clients must present. */
  wsTokenFile?: string;
  help: boolean;
}

/** `tern app-server --help`. */
export const APP_SERVER_HELP = `Usage: tern app-server [--listen URL] [--ws-token-file PATH]

Serves Codex's app-server JSON-RPC protocol (v2).

Options:
  --listen URL          stdio:// (default): newline-delimited JSON on stdin/stdout
                        ws://HOST:PORT: WebSocket, one message per text frame (PORT 0 picks a free port;
                        the bound address is printed on stderr), with GET /readyz and GET /healthz
  --ws-token-file PATH  a file holding a token WebSocket clients must send (Authorization: Bearer);
                        required when HOST is not a loopback address
  -h, --help            show this help
`;

/** Parses the command's arguments. Throws `TypeError` naming the bad argument. */
export function parseAppServerArgs(argv: readonly string[]): AppServerArgs {
  const args: AppServerArgs = { listen: { kind: "stdio" }, help: false };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    const eq = raw.startsWith("--") ? raw.indexOf("=") : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const value = () => {
      if (eq > 0) return raw.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new TypeError(`Cannot parse arguments: ${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "--listen":
        args.listen = parseListen(value());
        break;
      case "--stdio":
        args.listen = { kind: "stdio" };
        break;
      case "--ws-token-file":
        args.wsTokenFile = value();
        break;
      case "-h":
      case "--help":
        args.help = true;
        break;
      default:
        throw new TypeError(`Cannot parse arguments: unknown argument "${raw}" (see "tern app-server --help")`);
    }
  }
  if (args.listen.kind === "ws" && !isLoopback(args.listen.host) && !args.wsTokenFile) {
    throw new TypeError(
      `Cannot listen on ${formatListen(args.listen)}: a non-loopback address needs --ws-token-file`,
    );
  }
  return args;
}

/** Parses `stdio://` or `ws://HOST:PORT`. */
export function parseListen(text: string): Listen {
  if (text === "stdio://" || text === "stdio") return { kind: "stdio" };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`Cannot parse --listen "${text}": expected stdio:// or ws://HOST:PORT`);
  }
  if (url.protocol !== "ws:" || (url.pathname !== "" && url.pathname !== "/") || !url.hostname) {
    throw new TypeError(`Cannot parse --listen "${text}": expected stdio:// or ws://HOST:PORT`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return { kind: "ws", host, port: url.port === "" ? 80 : Number(url.port) };
}

/** True for loopback addresses (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** `ws://HOST:PORT`, with IPv6 hosts in brackets. */
export function formatListen(listen: Extract<Listen, { kind: "ws" }>): string {
  const host = listen.host.includes(":") ? `[${listen.host}]` : listen.host;
  return `ws://${host}:${listen.port}`;
}
