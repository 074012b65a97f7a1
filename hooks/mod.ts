/**
 * @module
 * The `hooks` plugin: Tern's hook engine. It reads command hooks (the Codex / Claude Code
 * `hooks.json` shape) from `$TERN_HOME/hooks.json`, the `hooks` config key and the trusted
 * project's `.tern/hooks.json`, takes what plugins register through `api.hooks` (hooks files and
 * typed in-process hooks) or list in their manifest (`contributes.hooksFiles`, which is how a
 * Claude Code or Codex plugin's `hooks/hooks.json` arrives), and runs them at every kernel hook
 * point (`wiring.ts`), one event at a time through `HookEngine.run` (`engine.ts`) with each
 * event's rules in `events/`. It also adds `tern hooks list` and the `hooks/list` method.
 * Behaviour and merge rules: `docs/hooks.md`.
 */
import {
  definePlugin,
  importOnUse,
  type LifecyclePoint,
  type PluginApi,
  type RegisteredHook,
  resolve,
} from "../kernel/mod.ts";
import { type HooksConfig, HooksSection } from "./config.ts";
import { type HookDeclarations, hooksFilePaths, readHooksFile } from "./discovery.ts";
import type { HookEngine } from "./engine.ts";

// Types only: the engine's code loads when a hook exists (see `load` below).
export type { EventRun, HookEngine, HookEngineOptions } from "./engine.ts";
export type { EventContext, EventSpec } from "./events/common.ts";
export { HooksConfig, HooksFile } from "./config.ts";

export default definePlugin({
  name: "hooks",
  config: HooksSection,
  async setup(api, config) {
    const setupWarnings: string[] = [];
    const declarations = await readDeclarations(api, config, (message) => {
      setupWarnings.push(message);
      api.warn(message);
    });
    const registry = registryWithManifests(api);
    // The engine and its event modules load only when some hook exists: at once when files or
    // config declare hooks (so their problems are reported now, not at the first event), else on
    // the first event after another plugin registered one. A run without hooks pays nothing.
    let loading: Promise<HookEngine> | null = null;
    const load = (target: PluginApi) =>
      loading ??= Promise.all([
        importOnUse<typeof import("./engine.ts")>("./engine.ts", import.meta.url),
        importOnUse<typeof import("./wiring.ts")>("./wiring.ts", import.meta.url),
      ]).then(async ([e, w]) => {
        const engine = new e.HookEngine({
          declarations,
          registry,
          warn: (message) => api.warn(message),
        });
        await engine.handlers();
        w.connectHooks(target, engine, { maxContinuations: api.config.maxHookContinuations });
        return engine;
      });
    if (declarations.length > 0) await load(api);
    else connectLazily(api, () => registry().length > 0, load);
    const engine = () => load(api);
    api.methods.register("hooks/list", async (params) => {
      const { createHooksListHandler } = await importOnUse<typeof import("./list_method.ts")>(
        "./list_method.ts",
        import.meta.url,
      );
      return createHooksListHandler({ engine, cwd: api.cwd, setupWarnings, tools: () => api.tools.list() })(params);
    });
    api.commands.register({
      name: "hooks",
      summary: "List the hooks Tern runs (tern hooks list [--json])",
      async run(args, runtime) {
        const { runHooksCommand } = await importOnUse<typeof import("./list_command.ts")>(
          "./list_command.ts",
          import.meta.url,
        );
        return runHooksCommand(args, {
          engine: await engine(),
          tools: runtime.tools.list(),
          locate: runtime.loaded.locate,
          warnings: setupWarnings,
        });
      },
    });
  },
});

/**
 * Registers thin handlers at every hook point that do nothing while no hook exists, and otherwise
 * load the engine and hand the event to the handlers its wiring registered (captured here).
 */
function connectLazily(
  api: PluginApi,
  hasHooks: () => boolean,
  load: (target: PluginApi) => Promise<HookEngine>,
): void {
  // deno-lint-ignore no-explicit-any
  const captured = new Map<string, (...args: any[]) => unknown>();
  const capture: PluginApi = {
    ...api,
    lifecycle: { on: (point, handler) => (captured.set(point, handler), () => {}) },
    tools: {
      ...api.tools,
      beforeCall: (fn) => (captured.set("beforeCall", fn), () => {}),
      afterCall: (fn) => (captured.set("afterCall", fn), () => {}),
    },
  };
  // deno-lint-ignore no-explicit-any
  const delegate = (key: string) => async (...args: any[]): Promise<any> => {
    if (!hasHooks()) return undefined;
    await load(capture);
    return captured.get(key)?.(...args);
  };
  const points: LifecyclePoint[] = [
    "sessionStart",
    "userPromptSubmit",
    "stop",
    "permissionRequest",
    "preCompact",
    "postCompact",
    "sessionEnd",
  ];
  for (const point of points) api.lifecycle.on(point, delegate(point));
  api.tools.beforeCall(delegate("beforeCall"));
  api.tools.afterCall(delegate("afterCall"));
}

/**
 * What plugins registered (`api.hooks`), then the hooks files plugins list in their manifests
 * (`contributes.hooksFiles`, relative to the plugin folder, which is their `PLUGIN_ROOT`), in
 * plugin order; a file the plugin also declared itself counts once. Entries are kept between
 * calls, so the engine's cache holds while nothing changes.
 */
function registryWithManifests(api: PluginApi): () => readonly RegisteredHook[] {
  const entries = new Map<string, RegisteredHook>();
  return () => {
    const declared = api.hooks.list();
    const fromManifests: RegisteredHook[] = [];
    for (const plugin of api.plugins.list()) {
      if (plugin.status === "failed" || !plugin.dir) continue;
      for (const rel of plugin.contributes?.hooksFiles ?? []) {
        const path = resolve(plugin.dir, rel);
        if (declared.some((e) => e.kind === "file" && e.path === path && e.owner === plugin.name)) continue;
        const key = `${plugin.name}\0${path}`;
        let entry = entries.get(key);
        if (!entry) entries.set(key, entry = { kind: "file", path, root: plugin.dir, owner: plugin.name });
        fromManifests.push(entry);
      }
    }
    return fromManifests.length ? [...declared, ...fromManifests] : declared;
  };
}

/** The declarations read at setup: user file, `hooks` config key, trusted project file. */
async function readDeclarations(
  api: PluginApi,
  config: HooksConfig,
  warn: (message: string) => void,
): Promise<HookDeclarations[]> {
  const paths = hooksFilePaths(api.ternHome, api.projectDir);
  const [user, project] = await Promise.all([
    readHooksFile(paths.user),
    paths.project ? readHooksFile(paths.project) : Promise.resolve({ hooks: null, warnings: [] }),
  ]);
  for (const warning of user.warnings) warn(warning);
  const declarations: HookDeclarations[] = [];
  if (user.hooks) declarations.push({ source: "user", sourcePath: paths.user, hooks: user.hooks });
  if (Object.keys(config).length) declarations.push({ source: "config", sourcePath: "config", hooks: config });
  if (paths.project && (project.hooks || project.warnings.length)) {
    if (!api.trusted) {
      warn(`Ignored ${paths.project}: the project is not trusted (run "tern trust" to trust it)`);
    } else {
      for (const warning of project.warnings) warn(warning);
      if (project.hooks) declarations.push({ source: "project", sourcePath: paths.project, hooks: project.hooks });
    }
  }
  return declarations;
}
