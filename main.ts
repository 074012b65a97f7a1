/**
 * @module
 * The `tern` command: parses the global flags, loads the layered config, boots the kernel with
 * its plugins, and hands over to the command a plugin registered (`exec`, ...). `trust` and
 * `help` are handled here because they must work even when plugins do not load.
 *
 * Start-up discipline, for this file and every module a run loads: paths come from the kernel's
 * `path.ts` (a `node:` import boots Deno's Node layer, ~8 ms; the npm mirror of `@std/path` is
 * slower still), and code a run may not need loads through `importOnUse()` (Deno reads a literal
 * `import("./x.ts")` at start-up). Tests and scripts use `@std/path` and plain imports freely.
 *
 * The workspace is the directory the user ran the command from: `INIT_CWD` under `deno task`
 * (which otherwise runs in Tern's own folder), unless `-C DIR` says otherwise.
 */
import {
  ConfigError,
  defaultTernHome,
  fromFileUrl,
  type FrontEnd,
  loadConfig,
  type PluginManifest,
  resolve,
  Runtime,
  trustProject,
} from "./kernel/mod.ts";

import { type GlobalFlags, parseGlobalFlags } from "./startup/global_flags.ts";
import { readTerminalLine, releaseFirstFrame, terminalInputStarted } from "./lib/first_frame/mod.ts";
import { DEFAULT_PLUGINS } from "./plugins/default_plugins.ts";

export { DEFAULT_PLUGINS, type GlobalFlags, parseGlobalFlags };

export const VERSION = "0.1.0";

/** Built-in plugin folders, by the name used in `builtin:NAME`. */
export const BUILTINS: Record<string, string> = Object.fromEntries(
  Object.entries({
    "store": "./plugins/store",
    "project-docs": "./plugins/project_docs",
    "environment": "./plugins/environment",
    "openai": "./plugins/openai",
    "scripted": "./plugins/scripted",
    "shell": "./tools/shell",
    "apply-patch": "./tools/apply_patch",
    "mcp": "./tools/mcp",
    "dynamic-tools": "./tools/dynamic",
    "update-plan": "./tools/update_plan",
    "request-user-input": "./tools/request_user_input",
    "request-permissions": "./tools/request_permissions",
    "view-image": "./tools/view_image",
    "skills": "./plugins/skills",
    "hooks": "./hooks",
    "exec": "./plugins/exec",
    "app-server": "./plugins/app_server",
    "doctor": "./plugins/doctor",
    "sandbox": "./plugins/sandbox",
    "plugin-cli": "./plugins/plugin_cli",
    "tui": "./plugins/tui",
  }).map(([name, rel]) => [name, fromFileUrl(new URL(rel, import.meta.url))]),
);

/** The command bare `tern` (or `tern PROMPT`) runs: the interactive session (`plugins/tui`). */
const DEFAULT_COMMAND = "tui";

const HELP = `tern ${VERSION}: a coding-agent runtime, extensible with plugins

Usage: tern [GLOBAL OPTIONS] [PROMPT]               open the interactive session (a prompt is submitted at once)
       tern [GLOBAL OPTIONS] resume [--last | ID]   reopen a saved thread (no argument: pick one)
       tern [GLOBAL OPTIONS] fork [--last | ID]     open a copy of a saved thread (no argument: pick one)
       tern [GLOBAL OPTIONS] <COMMAND> [ARGS]

Global options:
  -c, --config KEY=VALUE   config override (dotted key; value read as JSON, TOML, else a string)
  -m, --model MODEL        model to use
  -s, --sandbox MODE       read-only | workspace-write | danger-full-access
  -a, --ask-for-approval P untrusted | on-failure | on-request | never
  -p, --profile NAME       config profile
  -C, --cd DIR             workspace directory
  --add-dir DIR            let workspace-write commands also write DIR (repeatable; relative to the workspace)
  --debug                  print plugin load times and diagnostics
  --watch                  reload a plugin when its files change (between turns; the interactive session,
                           app-server, plugin reload)

Commands:
  trust [DIR]              trust a project: its config may start processes (hooks, MCP, plugins)
`;

/** What a launcher can hand `main()`. */
export interface MainOptions {
  /** Built-in plugin entry modules already loaded, by entry URL (`tern.ts` passes the start-up bundle's). */
  preloaded?: ReadonlyMap<string, Record<string, unknown>>;
  /** Built-in plugin manifests, validated when the bundle was built, by plugin folder. */
  preloadedManifests?: ReadonlyMap<string, PluginManifest>;
  /** The start-up bundle's entry URL when the launcher runs from it (said under `--debug`). */
  bundle?: string;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  let flags: GlobalFlags;
  try {
    flags = parseGlobalFlags(argv);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const [command, ...args] = flags.rest;
  if (flags.debug) {
    console.error(`debug: running from ${options.bundle ? `the start-up bundle ${options.bundle}` : "the sources"}`);
  }
  if (command === "--version" || command === "-V") {
    console.log(`tern ${VERSION}`);
    return 0;
  }
  const base = Deno.env.get("INIT_CWD") ?? Deno.cwd();
  const cwd = resolve(base, flags.cd ?? ".");
  const notWorkspace = await workspaceProblem(cwd, flags.cd);
  if (notWorkspace) {
    console.error(`Error: ${notWorkspace}`);
    return 2;
  }
  let addedRoots: string[];
  try {
    addedRoots = await addedWritableRoots(cwd, flags.addDirs);
  } catch (error) {
    console.error(`Error: ${(error as Error).message}`);
    return 2;
  }
  const ternHome = defaultTernHome();
  if (command === "trust") {
    const path = await trustProject(resolve(cwd, args[0] ?? "."), { ternHome });
    console.log(`Trusted ${resolve(cwd, args[0] ?? ".")} (recorded in ${path})`);
    return 0;
  }
  const helpAsked = command === "help" || command === "--help" || command === "-h";
  const interactive = Deno.stdin.isTerminal() && !Deno.env.get("CI");
  let runtime: FrontEnd;
  try {
    const loaded = await loadConfig({
      cwd,
      ternHome,
      overrides: flags.overrides,
      profile: flags.profile,
      askTrust: interactive ? askTrust : undefined,
      // `tern doctor` reports a broken layer instead of stopping at it.
      keepGoing: command === "doctor",
    });
    if (loaded.warnings.length) releaseFirstFrame();
    for (const warning of loaded.warnings) console.error(`warning: ${warning}`);
    // `--add-dir` adds to the configured roots (Codex's `additional_writable_roots`); every thread's
    // sandbox policy, the app-server's and `tern sandbox`'s read them from here.
    const roots = loaded.config.sandboxWorkspaceWrite.writableRoots;
    loaded.config.sandboxWorkspaceWrite.writableRoots = [...new Set([...roots, ...addedRoots])];
    runtime = await Runtime.create({
      cwd,
      ternHome,
      loaded,
      builtins: BUILTINS,
      defaultPlugins: DEFAULT_PLUGINS,
      cliVersion: VERSION,
      command: command ?? DEFAULT_COMMAND,
      preloaded: options.preloaded,
      preloadedManifests: options.preloadedManifests,
      debug: flags.debug ? (m) => console.error(`debug: ${m}`) : undefined,
    });
    if (flags.watch && command === "exec") {
      // One turn, then exit: there is no "between turns" for a reload to happen in.
      console.error(
        "warning: --watch does nothing for tern exec (it runs one turn and exits); for a reload loop use " +
          "`tern plugin reload --watch`, or --watch with the interactive session (`tern --watch`) or `tern --watch app-server`",
      );
    } else if (flags.watch) await runtime.watchPlugins();
  } catch (error) {
    releaseFirstFrame();
    if (error instanceof ConfigError) {
      console.error(`Error: ${error.message}`);
      return 1;
    }
    throw error;
  }
  try {
    if (helpAsked) return printHelp(runtime);
    const found = command === undefined ? undefined : runtime.commands.get(command);
    // The session's first frame (drawn by the launcher) stays up only for the session.
    if (found?.name !== DEFAULT_COMMAND && !(found === undefined && runtime.commands.has(DEFAULT_COMMAND))) {
      releaseFirstFrame();
    }
    if (found) return await found.run(args, runtime);
    // Not a command: bare `tern`, or `tern [--remote URL] PROMPT`, opens the interactive session.
    const session = runtime.commands.get(DEFAULT_COMMAND);
    if (!session && command === undefined) {
      // A config whose `plugins` list leaves the session out: bare `tern` prints the help, as before.
      return printHelp(runtime);
    }
    if (!session) {
      console.error(`Unknown command "${command}" (see "tern --help")`);
      return 2;
    }
    return await session.run(flags.rest, runtime);
  } finally {
    await runtime.close();
  }
}

/** Why `dir` cannot be the workspace (it is missing, or not a directory), or undefined when it can. */
function workspaceProblem(dir: string, given: string | undefined): Promise<string | undefined> {
  return directoryProblem(dir, given === undefined ? `the current directory ${dir}` : `-C ${given} (${dir})`);
}

/** Why `dir` (called `named` in the message) is not a usable directory, or undefined when it is. */
async function directoryProblem(dir: string, named: string): Promise<string | undefined> {
  try {
    const info = await Deno.stat(dir);
    return info.isDirectory ? undefined : `${named} is not a directory`;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return `${named} does not exist`;
    return `${named} cannot be used: ${(error as Error).message}`;
  }
}

/**
 * The `--add-dir` directories, absolute (a relative one is resolved against the workspace). Throws
 * naming the first that is missing or not a directory: a mistyped root must not be silently unused.
 */
async function addedWritableRoots(workspace: string, given: string[]): Promise<string[]> {
  const roots: string[] = [];
  for (const dir of given) {
    const path = resolve(workspace, dir);
    const problem = await directoryProblem(path, `--add-dir ${dir}${path === dir ? "" : ` (${path})`}`);
    if (problem) throw new Error(problem);
    roots.push(path);
  }
  return roots;
}

/** Prints the help, with the commands the plugins registered; returns exit code 0. */
function printHelp(runtime: FrontEnd): number {
  releaseFirstFrame();
  console.log(HELP + [...runtime.commands.values()].map((c) => `  ${c.name.padEnd(23)}  ${c.summary}`).join("\n"));
  return 0;
}

async function askTrust(projectDir: string): Promise<boolean> {
  releaseFirstFrame();
  const question = `Trust ${projectDir}? Its .tern config may run hooks, MCP servers and plugins. [y/N]`;
  // Once the first frame's reader holds standard input, the answer comes through it (a second reader would miss keys).
  let answer: string | null;
  if (terminalInputStarted()) {
    await Deno.stdout.write(new TextEncoder().encode(`${question} `));
    answer = await readTerminalLine();
  } else answer = prompt(question);
  return answer?.trim().toLowerCase().startsWith("y") ?? false;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
