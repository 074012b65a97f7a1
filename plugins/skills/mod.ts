/**
 * @module
 * The `skills` plugin: finds `SKILL.md` skills (repo `.tern/skills` and `.agents/skills` from cwd
 * up to the project root, `$TERN_HOME/skills`, `~/.agents/skills`, plugin and extra roots), lists
 * them in every prompt, injects a skill the user names (`$name`, or a `skill` input item), asks
 * before a skill's script runs, checks declared environment variables, answers `skills/list` (and
 * `prompts/list`, the prompt commands plugins contribute: `prompt_commands.ts`), and
 * emits `skills/changed` when the files change. See docs/skills.md.
 */
import { z } from "zod";
import { definePlugin, importOnUse, resolve } from "../../kernel/mod.ts";
import { Activations, createPromptSubmitHandler, createReadObserver } from "./activation.ts";
import { EnvDependencies } from "./env_deps.ts";
import { createSkillsContributor } from "./listing.ts";
import { SkillsManager } from "./manager.ts";
import { DEFAULT_PROMPT_BUDGET_BYTES } from "./prompt.ts";
import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_DIRS } from "./scan.ts";
import { createScriptApproval } from "./script_approval.ts";

/** The `skills` config section. */
export const SkillsConfig = z.object({
  /** More roots to search, after the user's; `<plugin>:<path>` makes a plugin root (`<plugin>:<skill>` names). */
  extraRoots: z.array(z.string().min(1)).default([]),
  /** Skills turned off, by name or by path (of the folder or its `SKILL.md`). */
  disabled: z.array(z.string().min(1)).default([]),
  /** Byte budget of the skills list in the prompt; 0 leaves the list out. @default 8192 */
  promptBudgetBytes: z.number().int().min(0).default(DEFAULT_PROMPT_BUDGET_BYTES),
  /** Ask the client for a skill's missing environment variables. @default true */
  askForMissingEnv: z.boolean().default(true),
  /** Watch the roots for changes (live reload, `skills/changed`). @default true */
  watch: z.boolean().default(true),
  /** Levels below a root that are searched. @default 6 */
  maxDepth: z.number().int().min(0).max(32).default(DEFAULT_MAX_DEPTH),
  /** Directories read per root before the search stops. @default 2000 */
  maxDirsPerRoot: z.number().int().positive().default(DEFAULT_MAX_DIRS),
}).strict().prefault({});
export type SkillsConfig = z.infer<typeof SkillsConfig>;

const SKILLS_COMMAND_SUMMARY = "List the skills that apply here (skills list [--json] [--reload])";

export default definePlugin({
  name: "skills",
  config: SkillsConfig,
  setup(api, config) {
    const home = Deno.env.get("HOME") ?? null;
    // The run's workspace, until a thread says otherwise (the first one wins).
    let workspace = api.cwd;
    let sawThread = false;
    const manager = new SkillsManager({
      ternHome: api.ternHome,
      home,
      extraRoots: config.extraRoots,
      pluginRoots: () =>
        api.plugins.list().flatMap((p) =>
          p.dir && p.contributes
            ? p.contributes.skills.map((path) => ({ plugin: p.name, path: resolve(p.dir!, path) }))
            : []
        ),
      disabled: config.disabled,
      maxDepth: config.maxDepth,
      maxDirs: config.maxDirsPerRoot,
      watch: config.watch,
      log: (message) => api.log(message),
      onChange: () => api.bus.emit("skills/changed", {}),
    });
    api.onClose(() => manager.close());
    const env = new EnvDependencies({ ask: config.askForMissingEnv });
    const activations = new Activations();
    const shared = { manager, env, activations, home };

    api.context.register(createSkillsContributor({
      manager,
      budgetBytes: config.promptBudgetBytes,
      warn: (message) => api.warn(message),
    }));
    api.lifecycle.on("userPromptSubmit", createPromptSubmitHandler(shared));
    api.tools.beforeCall(createScriptApproval(manager, { home, env }));
    api.tools.afterCall(createReadObserver(shared));
    // The method and the command load their code on first use: most runs use neither.
    api.methods.register("skills/list", async (params) => {
      const { createSkillsListHandler } = await importOnUse<typeof import("./list_method.ts")>(
        "./list_method.ts",
        import.meta.url,
      );
      return createSkillsListHandler(manager, () => workspace)(params);
    });
    // Prompt commands are prompt text from plugins, like skills: the session lists them with `prompts/list`.
    api.methods.register("prompts/list", async () => {
      const { listPromptCommands } = await importOnUse<typeof import("./prompt_commands.ts")>(
        "./prompt_commands.ts",
        import.meta.url,
      );
      return await listPromptCommands(api.plugins.list());
    });
    api.commands.register({
      name: "skills",
      summary: SKILLS_COMMAND_SUMMARY,
      run: async (args, runtime) =>
        (await importOnUse<typeof import("./command.ts")>("./command.ts", import.meta.url)).createSkillsCommand(manager)
          .run(args, runtime),
    });

    api.bus.on("thread/started", ({ thread }) => {
      if (!sawThread) workspace = thread.cwd;
      sawThread = true;
      manager.load(thread.cwd).catch(() => {}); // warm the cache before the first turn asks
    });
    api.bus.on("turn/completed", ({ turn }) => activations.endTurn(turn.id));
    api.bus.on("thread/closed", ({ threadId }) => env.forgetThread(threadId));
  },
});
