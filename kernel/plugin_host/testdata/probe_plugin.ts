/**
 * @module
 * A worker plugin for the plugin host's tests: `probe` tries one capability (read, write, net,
 * run, env) and reports what happened (or lists the plugins it sees), `hang` never returns, `ask` asks the user; it also adds two
 * hooks (one throws) and a context contributor. It lives at a fixed path so that the type check
 * `deno test` runs for each worker is cached between runs.
 */
import { z } from "zod";
import { definePlugin, tool } from "../../mod.ts";

async function attempt(action: string, target: string): Promise<string> {
  switch (action) {
    case "read":
      return (await Deno.readTextFile(target)).trim();
    case "write":
      await Deno.writeTextFile(target, "written");
      return "written";
    case "net":
      return (await (await fetch(target)).text()).trim();
    case "run":
      return new TextDecoder().decode((await new Deno.Command(target, { args: ["ran"] }).output()).stdout).trim();
    default:
      return String(Deno.env.get(target));
  }
}

export default definePlugin({
  name: "probe",
  setup(api) {
    api.tools.register(tool({
      name: "probe",
      description: "Tries one capability",
      parameters: z.object({ action: z.enum(["read", "write", "net", "run", "env", "plugins"]), target: z.string() }),
      async execute({ action, target }, ctx) {
        ctx.emitProgress(`${action} ${target}`);
        if (action === "plugins") return { output: api.plugins.list().map((p) => `${p.name}:${p.status}`).join(", ") };
        try {
          return { output: `ok: ${await attempt(action, target)}` };
        } catch (error) {
          return { output: `${(error as Error).name}: ${(error as Error).message}`, success: false };
        }
      },
    }));
    api.tools.register(tool({
      name: "hang",
      description: "Never returns",
      parameters: z.object({}),
      execute: () => {
        while (true) {
          // busy: only terminating the worker ends this
        }
      },
    }));
    api.tools.register(tool({
      name: "ask",
      description: "Asks the user",
      parameters: z.object({}),
      execute: async (_, ctx) => ({ output: JSON.stringify(await ctx.ask("Proceed?")) }),
    }));
    api.hooks.on("UserPromptSubmit", {}, (input) => `isolated note for: ${input.prompt}`);
    api.hooks.on("Stop", {}, () => {
      throw new Error("the stop hook broke");
    });
    api.context.register({
      name: "probe-context",
      contribute: (request) => [{ role: "developer", text: `cwd is ${request.cwd}` }],
    });
  },
});
