/**
 * @module
 * Reads the MCP server config again for `config/mcpServer/reload`: every config layer from disk
 * (user, project, profile) plus the run's `-c` overrides, through the kernel's `loadConfig()`.
 * The plugin API does not hand plugins the run's overrides and profile, so they are read from the
 * command line (`-c`/`--config`, `-p`/`--profile`, as `main.ts` parses them). A file that no
 * longer validates makes the reload fail with the kernel's `ConfigError`, and nothing changes.
 */
import { loadConfig } from "../../kernel/mod.ts";

/** The config flags of a `tern` command line. */
export interface RunFlags {
  overrides: string[];
  profile?: string;
}

/** Picks `-c`/`--config` and `-p`/`--profile` (also `--flag=value`) out of `argv`, up to `--`. */
export function runFlags(argv: readonly string[]): RunFlags {
  const flags: RunFlags = { overrides: [] };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    if (raw === "--") break;
    const eq = raw.startsWith("--") ? raw.indexOf("=") : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    if (!["-c", "--config", "-p", "--profile"].includes(flag)) continue;
    const value = eq > 0 ? raw.slice(eq + 1) : argv[++i];
    if (value === undefined) break;
    if (flag === "-c" || flag === "--config") flags.overrides.push(value);
    else flags.profile = value;
  }
  return flags;
}

/** Options for `readMcpServers()`. */
export interface ReadMcpServersOptions {
  cwd: string;
  ternHome: string;
  /** The run's command line. @default Deno.args */
  argv?: readonly string[];
}

/** The `mcpServers` value of the config as it reads now (undefined when no layer sets it). */
export async function readMcpServers(options: ReadMcpServersOptions): Promise<unknown> {
  const { overrides, profile } = runFlags(options.argv ?? Deno.args);
  const loaded = await loadConfig({ cwd: options.cwd, ternHome: options.ternHome, overrides, profile });
  return (loaded.config as Record<string, unknown>).mcpServers;
}
