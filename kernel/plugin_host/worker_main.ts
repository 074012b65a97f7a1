/**
 * @module
 * The worker side of a plugin with `"isolation": "worker"`. The host starts the worker on a small
 * bootstrap module that loads the kernel's public API and this module, then calls `boot()`, which
 * imports the plugin's entry and hands its default export to `serve()`; that answers the host's
 * messages: config validation, `setup()` against the API of `worker_api.ts`, calls into what the
 * plugin registered, aborts, and `close`. Only static imports here, so Tern's own modules load
 * without a permission; the entry alone is imported dynamically (see `boot()`).
 */
import type { PluginDefinition, PluginSummary } from "../plugin_api.ts";
import type { Answer, Ask, FromWorker, ToWorker, WorkerRegistration } from "./messages.ts";
import { type Bridge, type CallChannel, type Handler, issuesOf, workerApi } from "./worker_api.ts";

interface Port {
  postMessage(message: FromWorker): void;
  addEventListener(type: "message", listener: (event: MessageEvent<ToWorker>) => void): void;
  addEventListener(type: "error" | "unhandledrejection", listener: (event: Event) => void): void;
}

const port = globalThis as unknown as Port;

/**
 * Imports the plugin's entry and serves it. The specifier is not a literal on purpose: Deno loads
 * a static import, and an `import()` of a literal string, with the graph of the module that holds
 * it and checks no permission for a local file there, so a plugin's `import("file:///etc/passwd",
 * { with: { type: "text" } })` would read any file. Imported this way, the entry's whole graph
 * (its static imports, `import()` of literals, modules a `data:` URL imports) is checked against
 * the worker's `read` permission, except the modules the bootstrap already loaded (the kernel's
 * public API). A failure is reported as `fatal`: the entry did not import.
 */
export function boot(entryUrl: string): void {
  import(entryUrl).then(
    (entry: { default?: unknown }) => serve(entry.default),
    (error: unknown) =>
      port.postMessage({
        t: "fatal",
        message: `failed to import: ${error instanceof Error ? error.message : String(error)}`,
      }),
  );
}

/** Serves the plugin `definition` (the entry's default export) to the host. */
export function serve(definition: unknown): void {
  const plugin = definition as PluginDefinition | undefined;
  if (!plugin || typeof plugin.setup !== "function") {
    port.postMessage({ t: "fatal", message: "has no default export made with definePlugin()" });
    return;
  }
  const send = (message: FromWorker) => port.postMessage(message);
  // A stray error or rejection in the plugin is reported, and the worker keeps serving.
  port.addEventListener("error", (event) => {
    event.preventDefault();
    send({ t: "warn", message: `uncaught error: ${(event as ErrorEvent).message.replace(/^Uncaught /, "")}` });
  });
  port.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    const reason = (event as PromiseRejectionEvent).reason;
    send({ t: "warn", message: `unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}` });
  });

  const handlers = new Map<number, Handler>();
  const calls = new Map<number, AbortController>();
  const asks = new Map<number, PromiseWithResolvers<unknown>>();
  const closers: (() => void | Promise<void>)[] = [];
  let plugins: PluginSummary[] = [];
  const pluginsLoaded = Promise.withResolvers<void>();
  let config: unknown = undefined;
  let nextReg = 1;
  let nextAsk = 1;

  const ask = (call: number | null, op: Ask, args: unknown[]): Promise<unknown> => {
    const id = nextAsk++;
    const pending = Promise.withResolvers<unknown>();
    asks.set(id, pending);
    send({ t: "ask", id, call, op, args });
    return pending.promise;
  };
  const bridge: Bridge = {
    register(registration: WorkerRegistration, handler: Handler | null) {
      const reg = nextReg++;
      if (handler) handlers.set(reg, handler);
      send({ t: "register", reg, registration });
      let undone = false;
      return () => {
        if (undone) return;
        undone = true;
        handlers.delete(reg);
        send({ t: "undo", reg });
      };
    },
    post: send,
    ask: (op, args) => ask(null, op, args),
    onClose: (fn) => void closers.push(fn),
    plugins: () => plugins,
    pluginsLoaded: pluginsLoaded.promise,
  };

  const answer = async (id: number, work: () => unknown) => {
    let result: Answer;
    try {
      result = { ok: true, value: await work() };
    } catch (error) {
      result = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    try {
      send({ t: "done", id, answer: result });
    } catch (error) {
      send({
        t: "done",
        id,
        answer: { ok: false, error: `the result cannot cross to the host: ${(error as Error).message}` },
      });
    }
  };

  port.addEventListener("message", ({ data: message }) => {
    switch (message.t) {
      case "config": {
        const schema = plugin.config!;
        void schema.safeParseAsync(message.raw).then((parsed) => {
          if (parsed.success) config = parsed.data;
          send({
            t: "done",
            id: message.id,
            answer: parsed.success
              ? { ok: true }
              : { ok: false, error: "invalid config", issues: issuesOf(parsed.error) },
          });
        });
        return;
      }
      case "setup":
        plugins = message.init.plugins;
        void answer(message.id, () => plugin.setup(workerApi(message.init, bridge), config as never));
        return;
      case "call": {
        const handler = handlers.get(message.reg);
        const controller = new AbortController();
        calls.set(message.id, controller);
        const channel: CallChannel = {
          signal: controller.signal,
          effect: (op, args) => send({ t: "effect", call: message.id, op, args }),
          ask: (op, args) => ask(message.id, op, args),
        };
        void answer(message.id, () => {
          if (!handler) throw new Error("it is no longer registered");
          return handler(message.payload as never, channel);
        }).finally(() => calls.delete(message.id));
        return;
      }
      case "abort":
        calls.get(message.id)?.abort(new DOMException("The call was aborted", "AbortError"));
        return;
      case "answer": {
        const pending = asks.get(message.id);
        asks.delete(message.id);
        if (message.answer.ok) pending?.resolve(message.answer.value);
        else pending?.reject(new Error(message.answer.error));
        return;
      }
      case "plugins":
        plugins = message.list;
        if (message.loaded) pluginsLoaded.resolve();
        return;
      case "close":
        void answer(message.id, async () => {
          for (const fn of closers.reverse()) {
            try {
              await fn();
            } catch (error) {
              send({ t: "warn", message: `onClose handler failed: ${(error as Error).message ?? error}` });
            }
          }
        });
        return;
    }
  });
  send({ t: "hello", name: plugin.name, hasConfig: plugin.config !== undefined });
}
