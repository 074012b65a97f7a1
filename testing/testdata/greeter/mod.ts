/**
 * @module
 * A fixture plugin for the kit's tests: a `greet` tool that reports progress, asks the user when
 * told to, waits on `api.clock` when told to, and writes a guest book; a PreToolUse hook that
 * blocks greeting "nobody"; and a config section for the greeting.
 */
import { z } from "zod";
import { definePlugin, tool } from "../../../kernel/mod.ts";

export default definePlugin({
  name: "greeter",
  config: z.object({ greeting: z.string().default("Hello") }).default({ greeting: "Hello" }),
  setup(api, config) {
    api.tools.register(tool({
      name: "greet",
      description: "Greets someone by name",
      parameters: z.object({
        name: z.string(),
        confirm: z.boolean().default(false),
        waitMinutes: z.number().default(0),
      }),
      async execute({ name, confirm, waitMinutes }, ctx) {
        ctx.emitProgress(`greeting ${name}`);
        if (confirm) {
          const answer = await ctx.ask({ question: `Greet ${name}?`, options: ["yes", "no"] });
          if (answer.status !== "answered" || answer.text !== "yes") return { output: "Not greeted", success: false };
        }
        if (waitMinutes) await api.clock.sleep(waitMinutes * 60_000, { signal: ctx.signal });
        const at = new Date(api.clock.now()).toISOString();
        await Deno.writeTextFile(`${ctx.cwd}/guests.txt`, `${name} at ${at}\n`, { append: true });
        return { output: `${config.greeting}, ${name}!` };
      },
    }));
    api.hooks.on("PreToolUse", { matcher: "^greet$" }, (input) => {
      if (input.tool_input.name === "nobody") {
        return {
          hookSpecificOutput: { permissionDecision: "deny", permissionDecisionReason: "nobody is not a guest" },
        };
      }
    });
  },
});
