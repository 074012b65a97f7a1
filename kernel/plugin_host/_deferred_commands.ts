/**
 * @module
 * Commands of a deferred plugin (`"activation": "onCommand"`): each is listed at once under a
 * placeholder, and running one imports and sets the plugin up first, then hands over to the
 * command the plugin registered. The same set-up runs, once, when another plugin first asks for
 * a service the deferred one provides (`runtime.service()`). Private to the runtime.
 */
import { ErrorCodes, TernError } from "../base/errors.ts";
import type { Command } from "../plugin_api.ts";
import type { LoadedPlugin } from "./loaded.ts";

/** What the placeholders need from the runtime. */
export interface DeferredCommandsHost {
  commands: Map<string, Command>;
  /** Puts the set-up plugin in the deferred one's place in the runtime's list. */
  swap(done: LoadedPlugin): void;
  debug(message: string): void;
  warn(message: string): void;
}

/**
 * Registers a placeholder for each of `plugin`'s commands; the first one run calls `activate`.
 * Returns the plugin's activation (once), which throws when the plugin fails to load.
 */
export function deferCommands(
  plugin: LoadedPlugin,
  activate: () => Promise<LoadedPlugin>,
  host: DeferredCommandsHost,
): () => Promise<LoadedPlugin> {
  let activation: Promise<LoadedPlugin> | null = null;
  const placeholders = new Map<string, Command>();
  const activateOnce = async () => {
    if (!activation) {
      // The plugin registers the real commands in setup(): take the placeholders out first.
      for (const [command, stub] of placeholders) {
        if (host.commands.get(command) === stub) host.commands.delete(command);
      }
      activation = activate().then((done) => {
        host.swap(done);
        return done;
      });
    }
    const done = await activation;
    host.debug(`plugin ${done.name}: ${done.status} on first use in ${done.loadMs.toFixed(1)} ms`);
    if (done.status === "failed") {
      throw new TernError(ErrorCodes.PLUGIN_LOAD_FAILED, done.error ?? `Cannot load plugin "${done.name}"`);
    }
    return done;
  };
  for (const name of plugin.contributed.commands) {
    const placeholder: Command = {
      name,
      summary: plugin.manifest?.description ?? "",
      run: async (args, runtime) => {
        const done = await activateOnce();
        const real = host.commands.get(name);
        if (!real) {
          throw new TernError(
            ErrorCodes.PLUGIN_LOAD_FAILED,
            `Plugin "${done.name}" declares the command "${name}" but did not register it`,
          );
        }
        return real.run(args, runtime);
      },
    };
    if (host.commands.has(name)) {
      host.warn(`Cannot register command "${name}" for "${plugin.name}": already registered`);
      continue;
    }
    host.commands.set(name, placeholder);
    placeholders.set(name, placeholder);
  }
  return activateOnce;
}
