/**
 * @module
 * `tern plugin reload [NAME...] [--watch]`: reloads plugins the way a running session does
 * (`FrontEnd.reloadPlugins()`: the new version loads beside the old one and is swapped in, or the
 * old one stays and the error is shown) and prints what happened to each. With `--watch` it keeps
 * watching the plugins' folders and reloads on every change until interrupted: a plugin author's
 * loop that says at each save whether the plugin still loads. A running app-server reloads with
 * its `plugin/reload` method, or by itself under `tern --watch app-server`.
 */
import { type FrontEnd, join, type PluginReloadResult } from "../../kernel/mod.ts";
import type { SubcommandContext } from "./context.ts";

const USAGE = "tern plugin reload [NAME...] [--watch]";

/** Runs `tern plugin reload`; resolves to the exit code (1 when a plugin failed to reload). */
export async function runReload(
  args: string[],
  ctx: SubcommandContext,
  options: { signal?: AbortSignal } = {},
): Promise<number> {
  const unknown = args.find((a) => a.startsWith("-") && a !== "--watch");
  if (unknown) {
    ctx.err(`Cannot reload plugins: unknown flag "${unknown}" (usage: ${USAGE})`);
    return 2;
  }
  const names = args.filter((a) => !a.startsWith("-"));
  const { runtime } = ctx;
  const hints = new Map<string, string>();
  for (const name of names) {
    if (!runtime.plugins.some((p) => p.name === name)) hints.set(name, await notLoadedHint(runtime, name));
  }
  // The results are the report: the reloads are quiet, or each failure would show twice.
  const report = (results: PluginReloadResult[]) => {
    for (const r of results) {
      if (r.status === "reloaded") ctx.out(`reloaded ${r.name} (generation ${r.generation})`);
      else if (r.status === "skipped") ctx.out(`skipped ${r.name}: ${r.error}`);
      else {
        const stays = r.generation > 0 ? " (the running version stays)" : "";
        ctx.err(`failed ${r.name}: ${r.error}${stays}${hints.has(r.name) ? `\n${hints.get(r.name)}` : ""}`);
      }
    }
    if (results.length === 0) ctx.out("No plugins to reload (built-in plugins reload only by name)");
    return results.some((r) => r.status === "failed") ? 1 : 0;
  };
  const code = report(await runtime.reloadPlugins(names.length ? names : undefined, { quiet: true }));
  if (!args.includes("--watch") && !runtime.watchingPlugins) return code;
  await runtime.watchPlugins({ onReload: report });
  ctx.out("Watching the plugins' folders; Ctrl-C stops");
  await untilInterrupted(options.signal);
  return 0;
}

/**
 * What to do about `name`, which no loaded plugin has: Tern loads only the plugins its config
 * lists, so a plugin folder is not found by standing in it or beside it.
 */
async function notLoadedHint(runtime: FrontEnd, name: string): Promise<string> {
  const here = await hasManifest(runtime.cwd)
    ? runtime.cwd
    : await hasManifest(join(runtime.cwd, name))
    ? join(runtime.cwd, name)
    : null;
  const dir = here ?? "/path/to/" + name;
  return [
    `  hint: Tern loads only the plugins its config lists (plugins, extraPlugins), wherever you run it.`,
    ...(here ? [`  ${here} holds a plugin.jsonc.`] : []),
    `  Load it for this run: tern -c 'extraPlugins=${JSON.stringify([dir])}' plugin reload ${name}`,
    `  or for every run: tern plugin install ${dir} (adds it to extraPlugins in $TERN_HOME/config.jsonc);`,
    `  in a folder made by tern plugin new, \`deno task tern plugin reload\` passes it.`,
  ].join("\n");
}

async function hasManifest(dir: string): Promise<boolean> {
  return await Deno.stat(join(dir, "plugin.jsonc")).then((info) => info.isFile, () => false);
}

/** Resolves on SIGINT/SIGTERM (or when `signal` aborts). */
function untilInterrupted(signal?: AbortSignal): Promise<void> {
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  return new Promise((resolve) => {
    const done = () => {
      for (const s of signals) Deno.removeSignalListener(s, done);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    for (const s of signals) Deno.addSignalListener(s, done);
    signal?.addEventListener("abort", done, { once: true });
  });
}
