/**
 * @module
 * The `scripted` plugin: registers a model provider that replays a script, for the offline
 * demo and for tests. The script comes from the plugin's config section (`scripted.script`, a
 * file path, or `scripted.responses` inline) or from the `TERN_SCRIPT` environment variable; it
 * is read when the first request is made, so runs that do not use this provider pay nothing.
 */
import { z } from "zod";
import { definePlugin, importOnUse, type ModelEvent, type ModelProvider } from "../../kernel/mod.ts";
import type { Script } from "./script.ts";

const Config = z.object({
  /** Path of a script file (JSON or JSONC), relative to the working directory. */
  script: z.string().optional(),
  /** The script inline, instead of a file. */
  responses: z.array(z.array(z.unknown())).optional(),
  /** The context window the scripted model reports, in tokens (for front ends' "% context left"). */
  contextWindow: z.number().int().positive().optional(),
}).default({});

export default definePlugin({
  name: "scripted",
  config: Config,
  setup(api, config) {
    let inner: Promise<ModelProvider> | null = null;
    const load = async (): Promise<ModelProvider> => {
      const [{ createScriptedProvider }, { parseScript, readScript }] = await Promise.all([
        importOnUse<typeof import("./provider.ts")>("./provider.ts", import.meta.url),
        importOnUse<typeof import("./script.ts")>("./script.ts", import.meta.url),
      ]);
      let script: Script;
      if (config.responses) script = parseScript({ responses: config.responses }, "config scripted.responses");
      else {
        const path = config.script ?? Deno.env.get("TERN_SCRIPT");
        if (!path) {
          throw new Error('Scripted provider has no script: set "scripted.script" in config or TERN_SCRIPT');
        }
        script = await readScript(path);
      }
      return createScriptedProvider(script);
    };
    api.providers.register({
      id: "scripted",
      async *stream(request, options): AsyncIterable<ModelEvent> {
        inner ??= load();
        yield* (await inner).stream(request, options);
      },
      listModels: () => Promise.resolve(["scripted"]),
      contextWindow: () => config.contextWindow ?? null,
    });
  },
});
