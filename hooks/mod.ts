/**
 * @module
 * The `hooks` plugin: Tern's hook engine. It reads command hooks (the Codex / Claude Code
 * `hooks.json` shape) from `$TERN_HOME/hooks.json`, the `hooks` config key and the trusted
 * project's `.tern/hooks.json`, takes what plugins register through `api.hooks` (hooks files and
 * typed in-process hooks), and runs them at every kernel hook point (`wiring.ts`), one event at a
 * time through `HookEngine.run` (`engine.ts`) with each event's rules in `events/`. It also adds
 * `tern hooks list`. Behaviour and merge rules: `docs/hooks.md`.
 */
import { definePlugin, type PluginApi } from "../kernel/mod.ts";
import { type HooksConfig, HooksSection } from "./config.ts";
import { type HookDeclarations, hooksFilePaths, readHooksFile } from "./discovery.ts";
import { HookEngine } from "./engine.ts";
import { connectHooks } from "./wiring.ts";

export { type EventRun, HookEngine, type HookEngineOptions } from "./engine.ts";
export type { EventContext, EventSpec } from "./events/common.ts";
export { HooksConfig, HooksFile } from "./config.ts";

export default definePlugin({
  name: "hooks",
  config: HooksSection,
  async setup(api, config) {
    const engine = new HookEngine({
      declarations: await readDeclarations(api, config),
      registry: () => api.hooks.list(),
      warn: (message) => api.warn(message),
    });
    await engine.handlers(); // report problems in the declarations now, not at the first event
    connectHooks(api, engine, { maxContinuations: api.config.maxHookContinuations });
    api.commands.register({
      name: "hooks",
      summary: "List the hooks Tern runs (tern hooks list [--json])",
      async run(args, runtime) {
        const { runHooksCommand } = await import("./list_command.ts");
        return runHooksCommand(args, { engine, tools: runtime.tools.list(), locate: runtime.loaded.locate });
      },
    });
  },
});

/** The declarations read at setup: user file, `hooks` config key, trusted project file. */
async function readDeclarations(api: PluginApi, config: HooksConfig): Promise<HookDeclarations[]> {
  const paths = hooksFilePaths(api.ternHome, api.projectDir);
  const [user, project] = await Promise.all([
    readHooksFile(paths.user),
    paths.project ? readHooksFile(paths.project) : Promise.resolve({ hooks: null, warnings: [] }),
  ]);
  for (const warning of user.warnings) api.warn(warning);
  const declarations: HookDeclarations[] = [];
  if (user.hooks) declarations.push({ source: "user", sourcePath: paths.user, hooks: user.hooks });
  if (Object.keys(config).length) declarations.push({ source: "config", sourcePath: "config", hooks: config });
  if (paths.project && (project.hooks || project.warnings.length)) {
    if (!api.trusted) {
      api.warn(`Ignored ${paths.project}: the project is not trusted (run "tern trust" to trust it)`);
    } else {
      for (const warning of project.warnings) api.warn(warning);
      if (project.hooks) declarations.push({ source: "project", sourcePath: paths.project, hooks: project.hooks });
    }
  }
  return declarations;
}
