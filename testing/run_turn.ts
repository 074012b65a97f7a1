/**
 * @module
 * `runTurn()`: one whole turn against the plugins under test, with the real kernel (`Runtime`)
 * and Tern's built-in plugins, a scripted model (or a cassette replay), in a temporary workspace
 * and Tern home. It returns the event log to assert on (`TurnRun`). A plugin that fails to load
 * fails the test, with the plugin host's message.
 */
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Clock,
  type FrontEnd,
  loadConfig,
  type ModelProvider,
  type Notification,
  type PendingServerRequest,
  Runtime,
  type ServerRequestMap,
  type ServerRequestMethod,
} from "../kernel/mod.ts";
import { BUILTINS, DEFAULT_PLUGINS, VERSION } from "../main.ts";
import { observe } from "./_observed_provider.ts";
import { drop, put } from "./_slots.ts";
import { type ModelResponse, scriptedModel } from "./scripted_model.ts";
import { type ServerRequestRecord, TurnRun } from "./turn_run.ts";
import { snapshotFiles, tempWorkspace } from "./workspace.ts";

/** Answers for server requests, by method; each gets the request's params, typed. */
export type RequestAnswers = {
  [M in ServerRequestMethod]?: (
    params: ServerRequestMap[M]["params"],
  ) => ServerRequestMap[M]["response"] | Promise<ServerRequestMap[M]["response"]>;
};

/** Options of `runTurn()`. */
export interface RunTurnOptions {
  /**
   * The plugins under test: folders (or `plugin.jsonc` files), as paths or `file:` URLs. Relative
   * paths resolve against the current directory; `import.meta.dirname` is the robust choice.
   */
  plugins?: readonly (string | URL)[];
  /**
   * The model: a script with one response per model request, a `replay()` of a cassette, or any
   * `ModelProvider`.
   */
  model: readonly ModelResponse[] | ModelProvider;
  /** The user's prompt. */
  prompt: string;
  /** Files to create in the workspace before the turn, by relative path. */
  files?: Record<string, string>;
  /**
   * Config, as the user config file would hold it: your plugin's section (`{"my-plugin": {...}}`)
   * or kernel keys. @default approvalPolicy "never"; the rest as Tern's defaults
   */
  config?: Record<string, unknown>;
  /** Built-in plugins loaded before yours. @default every default plugin (`DEFAULT_PLUGINS`) */
  builtins?: readonly string[];
  /** The clock plugins get as `api.clock` (say, a `FakeClock`). @default the system clock */
  clock?: Clock;
  /** Answers for server requests; a request without one is declined, as with no client attached. */
  answers?: RequestAnswers;
  /** Answers for `ctx.ask()` (`item/tool/requestUserInput`), in order; each answers every question of one ask. */
  userInput?: readonly string[];
  /** Keep the temporary workspace (its path is `run.workspace`). @default false */
  keepWorkspace?: boolean;
}

/** Something that checks a finished run (a cassette replay); it throws when the run does not match. */
export interface RunVerifier {
  verifyRun(run: TurnRun): void;
}

/**
 * Runs one turn and returns its event log.
 *
 * @example
 * ```ts
 * const run = await runTurn({
 *   plugins: [import.meta.dirname!],
 *   model: [{ toolCall: { name: "greet", args: { name: "Ada" } } }, { text: "Done" }],
 *   prompt: "Greet Ada",
 * });
 * assertEquals(run.toolCalls[0].output, "Hello, Ada!");
 * ```
 */
export async function runTurn(options: RunTurnOptions): Promise<TurnRun> {
  const model: ModelProvider = isProvider(options.model) ? options.model : scriptedModel(options.model);
  const observed = observe(model);
  const temp = await tempWorkspace(options.files);
  const warnings: string[] = [];
  const events: Notification[] = [];
  const serverRequests: ServerRequestRecord[] = [];
  let runtime: FrontEnd | null = null;
  const slot = put(observed.provider);
  try {
    const plugins = [
      ...(options.builtins ?? DEFAULT_PLUGINS),
      fileURLToPath(new URL("./_model_plugin", import.meta.url)),
      ...(options.plugins ?? []).map(pluginPath),
    ];
    const config = {
      modelProvider: "tern-testing",
      model: "test-model",
      approvalPolicy: "never",
      ...options.config,
      plugins,
      "tern-testing-model": { slot },
    };
    await Deno.writeTextFile(`${temp.ternHome}/config.jsonc`, JSON.stringify(config, null, 2));
    const loaded = await loadConfig({ cwd: temp.workspace, ternHome: temp.ternHome });
    warnings.push(...loaded.warnings);
    runtime = await Runtime.create({
      cwd: temp.workspace,
      ternHome: temp.ternHome,
      loaded,
      builtins: BUILTINS,
      cliVersion: VERSION,
      warn: (message) => void warnings.push(message),
      clock: options.clock,
    });
    const failed = runtime.plugins.filter((p) => p.status === "failed");
    if (failed.length) throw new Error(failed.map((p) => p.error ?? `Cannot load plugin "${p.name}"`).join("\n"));
    runtime.bus.onAny((n) => void events.push(structuredClone(n)), { owner: "tern-testing" });
    runtime.bus.attachResponder(responder(options, serverRequests));
    const thread = await runtime.startThread({ source: "exec" });
    const outcome = await thread.run([{ type: "text", text: options.prompt, text_elements: [] }]);
    await runtime.bus.idle();
    const run = new TurnRun({
      turn: outcome.turn,
      events,
      requests: observed.requests,
      toolCalls: observed.toolCalls,
      serverRequests,
      warnings,
      workspace: temp.workspace,
      files: await snapshotFiles(temp.workspace),
    });
    if (isVerifier(model)) model.verifyRun(run);
    return run;
  } finally {
    drop(slot);
    await runtime?.close();
    if (!options.keepWorkspace) await temp.remove();
  }
}

function responder(options: RunTurnOptions, seen: ServerRequestRecord[]) {
  const userInput = [...(options.userInput ?? [])];
  return (request: PendingServerRequest): Promise<unknown> | null => {
    seen.push({ method: request.method, params: structuredClone(request.params) });
    const answer = options.answers?.[request.method] as ((params: unknown) => unknown) | undefined;
    if (answer) return Promise.resolve(answer(request.params));
    if (request.method === "item/tool/requestUserInput" && userInput.length) {
      const text = userInput.shift()!;
      const { questions } = request.params as ServerRequestMap["item/tool/requestUserInput"]["params"];
      return Promise.resolve({ answers: Object.fromEntries(questions.map((q) => [q.id, { answers: [text] }])) });
    }
    return null;
  };
}

function pluginPath(spec: string | URL): string {
  if (spec instanceof URL || spec.startsWith("file:")) return fileURLToPath(spec);
  return isAbsolute(spec) ? spec : resolve(Deno.cwd(), spec);
}

function isProvider(model: RunTurnOptions["model"]): model is ModelProvider {
  return !Array.isArray(model) && typeof (model as ModelProvider).stream === "function";
}

function isVerifier(model: ModelProvider): model is ModelProvider & RunVerifier {
  return typeof (model as Partial<RunVerifier>).verifyRun === "function";
}
