/**
 * @module
 * The `hooks` plugin: Tern's hook engine. It reads command hooks (the Codex / Claude Code
 * `hooks.json` shape) from `$TERN_HOME/hooks.json`, the `hooks` config key and the trusted
 * project's `.tern/hooks.json`, takes what plugins register through `api.hooks` (hooks files and
 * typed in-process hooks) or list in their manifest (`contributes.hooksFiles`, which is how a
 * Claude Code or Codex plugin's `hooks/hooks.json` arrives), and runs them at every kernel hook
 * point (`wiring.ts`), one event at a time through `HookEngine.run` (`engine.ts`) with each
 * event's rules in `events/`. It also adds `tern hooks list`, `tern hooks test` and the
 * `hooks/list` method. `hooks.failClosed` (project hooks by default) makes a hook that cannot run
 * block instead of being skipped; every hooks problem is said on stderr and, when a thread's
 * first turn starts, as a `configWarning`. Behaviour and merge rules: `docs/hooks.md`.
 */
import {
  definePlugin,
  importOnUse,
  LIFECYCLE_POINTS,
  type PluginApi,
  type RegisteredHook,
  resolve,
} from "../kernel/mod.ts";
import { z } from "zod";
import { HooksSection } from "./config.ts";
import { type HookDeclarations, type HooksDeclared, hooksFilePaths, readHooksFile } from "./discovery.ts";
import type { HookEngine } from "./engine.ts";

// Types only: the engine's code loads when a hook exists (see `load` below).
export type { EventRun, HookEngine, HookEngineOptions } from "./engine.ts";
export type { EventContext, EventSpec } from "./events/common.ts";
export { HooksConfig, HooksFile } from "./config.ts";

export default definePlugin({
  name: "hooks",
  config: HooksSection,
  async setup(api, section) {
    const { failClosed, ...config } = section;
    const setupWarnings: string[] = [];
    // What leaves a hook unguarded, said on stderr at once and to app-server clients (Codex's
    // `configWarning`) when each thread's first turn starts, since no client is connected yet.
    const alerts: { summary: string; details: string; path: string | null }[] = [];
    const alert = (message: string, path: string | null) => {
      alerts.push({ summary: `Hooks: ${message.split(": ")[0]}`, details: message, path });
    };
    const declarations = await readDeclarations(api, config, (message, path) => {
      setupWarnings.push(message);
      api.warn(message);
      if (path) alert(message, path);
    });
    const told = new Set<string>();
    api.bus.on("turn/started", ({ threadId }) => {
      if (told.has(threadId)) return;
      told.add(threadId);
      for (const a of alerts) api.bus.emit("configWarning", a);
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
          failClosed,
          projectDir: api.projectDir,
          locateConfig: (keyPath) => locateConfigKey(api, keyPath),
        });
        await engine.handlers();
        for (const { problem, message } of await engine.problems()) alert(message, problem.sourcePath);
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
      summary: "List the hooks Tern runs, or run them against sample events (tern hooks list|test)",
      async run(args, runtime) {
        if (args[0] === "test") {
          const { runHooksTest } = await importOnUse<typeof import("./test_command.ts")>(
            "./test_command.ts",
            import.meta.url,
          );
          return runHooksTest(args.slice(1), {
            engine: await engine(),
            cwd: runtime.cwd,
            model: runtime.config.model,
            approvalPolicy: runtime.config.approvalPolicy,
          });
        }
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
  for (const point of LIFECYCLE_POINTS) api.lifecycle.on(point, delegate(point));
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

/**
 * The declarations read at setup: user file, `hooks` config key, trusted project file. A file that
 * cannot be read at all is kept as an `unreadable` block (the engine reports it, and refuses tool
 * calls for it when its source fails closed); `warn` gets the other problems, with the file when
 * they leave hooks unrun.
 */
async function readDeclarations(
  api: PluginApi,
  config: HooksDeclared,
  warn: (message: string, path: string | null) => void,
): Promise<HookDeclarations[]> {
  const paths = hooksFilePaths(api.ternHome, api.projectDir);
  const [user, project] = await Promise.all([
    readHooksFile(paths.user),
    paths.project
      ? readHooksFile(paths.project)
      : Promise.resolve({ hooks: null, warnings: [], unreadable: undefined }),
  ]);
  const declarations: HookDeclarations[] = [];
  const add = (source: "user" | "project", sourcePath: string, read: typeof user) => {
    for (const warning of read.warnings) if (warning !== read.unreadable) warn(warning, null);
    if (read.hooks || read.unreadable) {
      declarations.push({ source, sourcePath, hooks: read.hooks ?? {}, unreadable: read.unreadable ?? null });
    }
  };
  add("user", paths.user, user);
  if (Object.keys(config).length) declarations.push({ source: "config", sourcePath: "config", hooks: config });
  if (paths.project && (project.hooks || project.warnings.length)) {
    if (!api.trusted) {
      const dir = api.projectDir;
      warn(
        `Ignored ${paths.project}: the project ${dir} is not trusted, so its hooks do not run (run "tern trust ${dir}" to trust it)`,
        paths.project,
      );
    } else add("project", paths.project, project);
  }
  return declarations;
}

/**
 * Where a key of the `hooks` config key is set. The plugin API locates config keys only through
 * the errors `config.section()` raises, so this asks it to validate a schema that fails at `keyPath`.
 */
async function locateConfigKey(
  api: PluginApi,
  keyPath: (string | number)[],
): Promise<{ file: string; line: number | null } | null> {
  const [, ...inside] = keyPath;
  const failsThere = z.unknown().superRefine((_value, ctx) =>
    ctx.addIssue({ code: "custom", path: inside, message: "" })
  );
  try {
    await api.config.section("hooks", failsThere);
  } catch (error) {
    const location = (error as { location?: { file: string; line?: number } }).location;
    if (location) return { file: location.file, line: location.line ?? null };
  }
  return null;
}
