/**
 * @module
 * An example plugin: one tool (`word_count`) and one context contributor. Run it with
 * `deno task tern -c 'extraPlugins=["./examples/plugins/word_count"]' exec "how long is README.md?"`.
 */
import { isAbsolute, join } from "node:path";
import { z } from "zod";
import { definePlugin, defineTool } from "../../../kernel/mod.ts";

const Config = z.object({
  /** Refuse files larger than this many bytes. */
  maxBytes: z.number().int().positive().default(1_000_000),
}).default({ maxBytes: 1_000_000 });

export default definePlugin({
  name: "word-count",
  config: Config,
  setup(api, config) {
    api.tools.register(defineTool({
      name: "word_count",
      description: "Counts the lines, words and characters of a text file in the workspace.",
      parameters: z.object({ path: z.string().describe("File path, relative to the workspace") }),
      async execute({ path }, ctx) {
        const file = isAbsolute(path) ? path : join(ctx.cwd, path);
        let text: string;
        try {
          const info = await Deno.stat(file);
          if (info.size > config.maxBytes) {
            return { output: `${path} is ${info.size} bytes, over the ${config.maxBytes} byte limit`, success: false };
          }
          text = await Deno.readTextFile(file);
        } catch (error) {
          return { output: `Cannot read ${path}: ${(error as Error).message}`, success: false };
        }
        const lines = text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
        const words = text.split(/\s+/).filter(Boolean).length;
        return { output: `${path}: ${lines} lines, ${words} words, ${[...text].length} characters` };
      },
    }));
    api.context.register({
      name: "word-count-hint",
      contribute: () => [{ role: "developer", text: "To measure a file's length, use the word_count tool." }],
    });
  },
});
