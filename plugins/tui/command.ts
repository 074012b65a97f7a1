/**
 * @module
 * `tern [PROMPT]`: checks that it runs in a terminal, opens a connection to the app-server (in
 * process, through the `app-server` plugin's service, or `--remote ws://HOST:PORT`), and runs the
 * session until the user quits; then restores the terminal and says how to resume the thread.
 */
import { type FrontEnd, importOnUse } from "../../kernel/mod.ts";
import { handOverFirstFrame, releaseFirstFrame } from "../../lib/first_frame/mod.ts";
import {
  APP_SERVER_SERVICE,
  AppServerClient,
  type AppServerLink,
  type AppServerService,
  connectWebSocket,
} from "../../lib/app_client/mod.ts";
import { parseTuiArgs, TUI_HELP, type TuiArgs } from "./args.ts";

/** Runs the session; resolves to the exit code. */
export async function runTui(argv: string[], runtime: FrontEnd): Promise<number> {
  let args: TuiArgs;
  try {
    args = parseTuiArgs(argv);
  } catch (error) {
    releaseFirstFrame();
    console.error((error as Error).message);
    return 2;
  }
  if (args.help) {
    releaseFirstFrame();
    console.log(TUI_HELP);
    return 0;
  }
  if (!Deno.stdin.isTerminal() || !Deno.stdout.isTerminal()) {
    const which = !Deno.stdin.isTerminal() ? "standard input" : "standard output";
    console.error(
      `tern: the interactive session needs a terminal, and ${which} is not one.\n` +
        `For scripts and pipes, run a turn with \`tern exec "PROMPT"\` (see \`tern exec --help\`).`,
    );
    return 1;
  }
  // The terminal library and the session load only now (a refusal or `--help` does not pay for
  // them), beside the connection.
  const modules = Promise.all([
    importOnUse<typeof import("@mariozechner/pi-tui")>("@mariozechner/pi-tui", import.meta.url),
    importOnUse<typeof import("./session.ts")>("./session.ts", import.meta.url),
    importOnUse<typeof import("./terminal.ts")>("./terminal.ts", import.meta.url),
  ]);
  modules.catch(() => {}); // awaited below; a failed connection returns first
  let link: AppServerLink;
  try {
    link = args.remote ? await connectWebSocket(args.remote, { token: remoteToken(args) }) : await (
      await runtime.service<AppServerService>(APP_SERVER_SERVICE)
    ).connect(runtime, "tui");
  } catch (error) {
    releaseFirstFrame();
    console.error(`Error: ${(error as Error).message}`);
    return 1;
  }
  const [{ TUI }, { Session }, { DenoTerminal }] = await modules;
  const client = new AppServerClient(link);
  await client.initialize({ name: "tern-tui", title: "Tern", version: runtime.cliVersion });
  // The launcher's first frame gives way to the session's own, drawn at once in its place, with
  // what was typed in it: the text in the editor, the keys after it (Enter, arrows, ...) applied next.
  const early = await handOverFirstFrame();
  const tui = new TUI(new DenoTerminal(early?.pending));
  const session = new Session(client, tui, { version: runtime.cliVersion, cwd: runtime.cwd, typed: early?.text });
  let code: number;
  try {
    code = await session.run(args.prompt, args.resume, args.fork);
  } catch (error) {
    code = 1;
    tui.stop();
    console.error(`Error: ${(error as Error).message}`);
  } finally {
    session.dispose();
    tui.stop();
    client.close();
  }
  if (session.threadId) {
    console.log(`Thread ${session.threadId} saved. Resume it with: tern exec resume --last "..."`);
  }
  return code;
}

function remoteToken(args: TuiArgs): string | undefined {
  if (!args.tokenEnv) return undefined;
  const token = Deno.env.get(args.tokenEnv);
  if (!token) throw new Error(`Cannot read the token: the environment variable ${args.tokenEnv} is not set`);
  return token;
}
