/**
 * @module
 * The host side of a plugin with `"isolation": "worker"`: starts a Deno worker with exactly the
 * manifest's permissions, validates the plugin's config and runs its `setup()` there, and turns
 * what it registers into stubs in the host's registries (a tool, a hook, a subscriber, ...) that
 * forward each call by message, with a serialisable view of its context, and carry the context's
 * effects and questions back. Every call has a deadline (`timeouts` in the manifest): a plugin that
 * overruns is stopped (its worker terminated), reported, and the call fails; the turn goes on.
 */
import { importOnUse } from "../startup/import_on_use.ts";
import { ErrorCodes, PluginError } from "../base/errors.ts";
import { startTimer, waitAtMost, withDeadline } from "../base/timer.ts";
import type { PluginManifest } from "./manifest.ts";
import type { PluginApi, PluginSummary } from "../plugin_api.ts";
import type { z } from "zod";
import {
  type Answer,
  ASKS,
  type CallPayload,
  EFFECTS,
  type FromWorker,
  type ToWorker,
  type WorkerRegistration,
} from "./messages.ts";
import { explainDenied, workerOptionsEnabled, workerPermissions } from "./permissions.ts";
import { type CallOptions, registerStub } from "./worker_stubs.ts";
import { dirname, fromFileUrl, join } from "../base/path.ts";

const WORKER_MAIN = new URL("./worker_main.ts", import.meta.url).href;
/** The kernel's public API: the worker's bootstrap loads it, as Tern's code, before the plugin's. */
const KERNEL_API = new URL("../mod.ts", import.meta.url).href;
/** Default deadlines, in seconds, when the manifest sets none. */
const TOOL_SEC = 600;
const HOOK_SEC = 60;
/** How long loading the entry in the worker may take (the setup deadline starts after it). */
const LOAD_MS = 30_000;
/** How long `onClose` handlers in the worker may take at shutdown. */
const CLOSE_MS = 2_000;

/** What `setupInWorker()` needs. */
export interface WorkerSetupOptions {
  manifest: PluginManifest;
  dir: string;
  entryUrl: string;
  /** The plugin's API in the host (its registrations are tracked like any plugin's). */
  api: PluginApi;
  /** Deadline for config and `setup()`, once the entry has loaded. */
  timeoutMs: number;
  /** Validates the plugin's config section (the host's `section`, which locates errors). */
  section(name: string, schema: z.ZodType): Promise<unknown>;
}

/**
 * Starts the plugin's worker and runs its `setup()` there. Throws a `PluginError` (import failure,
 * wrong name, timeout) or the error `setup()` threw; the worker is stopped by the plugin's
 * `onClose`, which the host runs when the plugin fails, is replaced or shuts down.
 */
export async function setupInWorker(options: WorkerSetupOptions): Promise<void> {
  const name = options.manifest.name;
  if (!(await workerOptionsEnabled())) {
    throw new PluginError(
      name,
      `"isolation": "worker" needs Deno's --unstable-worker-options flag (bin/tern and the deno tasks pass it)`,
    );
  }
  const plugin = new WorkerPlugin(options);
  options.api.onClose(() => plugin.close());
  await plugin.start();
}

interface Pending {
  /** A request (config, setup, close) resolves with the whole answer; a call with its value. */
  whole: boolean;
  resolve(value: unknown): void;
  reject(error: Error): void;
  /** The context whose effects and questions the call may send (a tool's ctx, a lifecycle input). */
  target?: Record<string, unknown>;
  done(): void;
}

class WorkerPlugin {
  readonly #options: WorkerSetupOptions;
  readonly #name: string;
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  readonly #undos = new Map<number, () => void>();
  readonly #hello = Promise.withResolvers<{ name: string; hasConfig: boolean }>();
  #nextId = 1;
  #stopped: string | null = null;
  /** The entry loaded (`hello` came). */
  #ready = false;
  #registrationError: Error | null = null;
  /** The plugin list the worker last got (`api.plugins.list()` there), as names and statuses. */
  #pluginsSent = "";
  readonly #toolMs: number;
  readonly #hookMs: number;

  constructor(options: WorkerSetupOptions) {
    this.#options = options;
    const { manifest, dir, api } = options;
    this.#name = manifest.name;
    this.#toolMs = (manifest.timeouts?.toolSec ?? TOOL_SEC) * 1000;
    this.#hookMs = (manifest.timeouts?.hookSec ?? HOOK_SEC) * 1000;
    this.#hello.promise.catch(() => {});
    // Static imports load without a permission check: only Tern's modules are imported so. The
    // entry is imported by `boot()`, under the worker's `read` permission (see worker_main.ts).
    const boot = `import ${JSON.stringify(KERNEL_API)};\n` +
      `import { boot } from ${JSON.stringify(WORKER_MAIN)};\nboot(${JSON.stringify(options.entryUrl)});\n`;
    const code = [dir, ...(options.entryUrl.startsWith("file:") ? [dirname(fromFileUrl(options.entryUrl))] : [])];
    const permissions = workerPermissions(manifest.permissions, {
      dir,
      workspace: api.cwd,
      ternHome: api.ternHome,
      code,
    });
    this.#worker = new Worker(`data:text/javascript,${encodeURIComponent(boot)}`, {
      type: "module",
      name: `tern plugin ${this.#name}`,
      deno: { permissions },
    } as WorkerOptions);
    this.#worker.onmessage = (event: MessageEvent<FromWorker>) => this.#receive(event.data);
    this.#worker.onerror = (event) => {
      event.preventDefault();
      this.#crashed(event.message);
    };
  }

  /**
   * Waits for the entry to load (`LOAD_MS`: an in-process plugin's import has no deadline either),
   * then validates the config and runs `setup()` within the setup deadline.
   */
  async start(): Promise<void> {
    const ms = this.#options.timeoutMs;
    const hello = await this.#within(this.#hello.promise, LOAD_MS, `its entry did not load within ${LOAD_MS} ms`);
    await this.#within(this.#setup(hello), ms, `setup() did not finish within ${ms} ms`);
  }

  async #within<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
    return await withDeadline(work, ms, () => {
      this.stop(message, { quiet: true });
      return new PluginError(this.#name, message, { code: ErrorCodes.PLUGIN_SETUP_TIMEOUT });
    });
  }

  async #setup(hello: { name: string; hasConfig: boolean }): Promise<void> {
    const { manifest, api } = this.#options;
    if (hello.name !== manifest.name) {
      throw new PluginError(this.#name, `entry declares name "${hello.name}" but the manifest says "${manifest.name}"`);
    }
    if (hello.hasConfig) {
      const { z } = await importOnUse<typeof import("zod")>("zod", import.meta.url);
      const remote = z.unknown().transform(async (raw, ctx) => {
        const answer = await this.#request({ t: "config", raw });
        if (!answer.ok) {
          for (const issue of answer.issues ?? []) {
            ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
          }
        }
        return raw;
      });
      await this.#options.section(this.#name, remote);
    }
    const answer = await this.#request({
      t: "setup",
      init: {
        name: this.#name,
        config: JSON.parse(JSON.stringify(api.config)),
        ternHome: api.ternHome,
        cwd: api.cwd,
        projectDir: api.projectDir,
        trusted: api.trusted,
        plugins: this.#pluginList(),
      },
    });
    if (!answer.ok) throw new Error(answer.error);
    if (this.#registrationError) throw this.#registrationError;
    void api.plugins.loaded.then(() => {
      if (this.#stopped) return;
      const list = this.#pluginList();
      this.#pluginsSent = signature(list);
      this.#post({ t: "plugins", list, loaded: true });
    });
  }

  /** Calls registration `reg` in the worker; rejects when it fails, overruns or the worker stops. */
  call(reg: number, payload: CallPayload, options: CallOptions): Promise<unknown> {
    if (this.#stopped) {
      return Promise.reject(
        new Error(`Plugin "${this.#name}" is stopped (${this.#stopped}); reload it to run it again`),
      );
    }
    const plugins = this.#pluginList();
    if (this.#pluginsSent !== signature(plugins)) {
      this.#pluginsSent = signature(plugins);
      this.#post({ t: "plugins", list: plugins });
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = () => this.#post({ t: "abort", id });
      const cancelTimer = startTimer(options.timeoutMs, () => {
        const seconds = options.timeoutMs / 1000;
        this.stop(`${options.label} did not finish within ${seconds} s`);
      });
      this.#pending.set(id, {
        whole: false,
        resolve,
        reject,
        target: options.target as Record<string, unknown> | undefined,
        done: () => {
          cancelTimer();
          options.signal?.removeEventListener("abort", onAbort);
        },
      });
      options.signal?.addEventListener("abort", onAbort, { once: true });
      this.#post({ t: "call", id, reg, payload });
      if (options.signal?.aborted) onAbort();
    });
  }

  /** Terminates the worker: pending calls fail with `reason`, later calls fail at once. */
  stop(reason: string, options: { quiet?: boolean } = {}): void {
    if (this.#stopped) return;
    this.#stopped = reason;
    this.#worker.terminate();
    if (!options.quiet) this.#options.api.warn(`stopped: ${reason}`);
    const error = new Error(`Plugin "${this.#name}" was stopped: ${reason}`);
    this.#hello.reject(error);
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      pending.done();
      pending.reject(error);
    }
  }

  /** Runs the worker's `onClose` handlers (briefly), then terminates it. */
  async close(): Promise<void> {
    if (this.#stopped) return;
    await waitAtMost(this.#request({ t: "close" }).catch(() => {}), CLOSE_MS);
    this.stop("closed", { quiet: true });
  }

  #request(message: DistributiveOmit<Extract<ToWorker, { id: number }>, "id">): Promise<Answer> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { whole: true, resolve: (value) => resolve(value as Answer), reject, done: () => {} });
      this.#post({ ...message, id } as ToWorker);
    });
  }

  #post(message: ToWorker): void {
    if (this.#stopped) return;
    try {
      this.#worker.postMessage(message);
    } catch (error) {
      // A request or call that cannot be sent fails; an abort or an answer is dropped.
      if (message.t === "abort" || message.t === "answer" || !("id" in message)) return;
      this.#finish(message.id, { ok: false, error: `cannot pass it to the worker: ${(error as Error).message}` });
    }
  }

  #finish(id: number, answer: Answer): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    pending.done();
    if (pending.whole) pending.resolve(answer);
    else if (answer.ok) pending.resolve(answer.value);
    else pending.reject(new Error(answer.error));
  }

  /** A refusal the worker reports, with how to grant what it lacked (see `explainDenied()`). */
  #explain(text: string): string {
    const { manifest, dir } = this.#options;
    return explainDenied(text, manifest.source?.file ?? join(dir, "plugin.jsonc"));
  }

  #receive(message: FromWorker): void {
    switch (message.t) {
      case "hello":
        this.#ready = true;
        return this.#hello.resolve(message);
      case "fatal":
        return this.#hello.reject(
          new PluginError(this.#name, `entry "${this.#options.entryUrl}" ${this.#explain(message.message)}`),
        );
      case "done": {
        const answer = message.answer;
        return this.#finish(message.id, answer.ok ? answer : { ...answer, error: this.#explain(answer.error) });
      }
      case "register":
        return this.#register(message.reg, message.registration);
      case "undo": {
        const undo = this.#undos.get(message.reg);
        this.#undos.delete(message.reg);
        return undo?.();
      }
      case "effect":
        return this.#effect(message.call, message.op, message.args);
      case "ask":
        return void this.#ask(message.id, message.call, message.op, message.args);
      case "log":
        return this.#options.api.log(message.message);
      case "warn":
        return this.#options.api.warn(this.#explain(message.message));
      case "emit":
        // deno-lint-ignore no-explicit-any
        return this.#options.api.bus.emit(message.topic, message.params as any);
    }
  }

  #effect(call: number, op: string, args: unknown[]): void {
    const target = this.#pending.get(call)?.target;
    if (!target || !(EFFECTS as readonly string[]).includes(op)) return;
    if (op === "approve") return (target.approvals as { add(key: string): void } | undefined)?.add(String(args[0]));
    const fn = target[op];
    if (typeof fn === "function") fn.apply(target, args);
  }

  async #ask(id: number, call: number | null, op: string, args: unknown[]): Promise<void> {
    let answer: Answer;
    try {
      if (!(ASKS as readonly string[]).includes(op)) throw new Error(`unknown question "${op}"`);
      if (op === "configError") {
        const [section, issues] = args as [string, { path: (string | number)[]; message: string }[]];
        const { z } = await importOnUse<typeof import("zod")>("zod", import.meta.url);
        await this.#options.section(
          section,
          z.unknown().superRefine((_, ctx) => {
            for (const issue of issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
          }),
        );
        answer = { ok: true };
      } else {
        const target = call === null ? undefined : this.#pending.get(call)?.target;
        const fn = target?.[op];
        if (typeof fn !== "function") throw new Error(`this call cannot use ${op}()`);
        answer = { ok: true, value: await fn.apply(target, args) };
      }
    } catch (error) {
      answer = { ok: false, error: (error as Error).message ?? String(error) };
    }
    this.#post({ t: "answer", id, answer });
  }

  /** Registers the host stub for one registration the worker made. */
  #register(reg: number, registration: WorkerRegistration): void {
    const api = this.#options.api;
    const call = (payload: CallPayload, options: CallOptions) => this.call(reg, payload, options);
    try {
      this.#undos.set(reg, registerStub(api, registration, call, { toolMs: this.#toolMs, hookMs: this.#hookMs }));
    } catch (error) {
      this.#registrationError ??= error as Error;
      api.warn(`${(error as Error).message}`);
    }
  }

  /** The runtime's plugin list (empty while it is still loading them). */
  #pluginList(): PluginSummary[] {
    try {
      return this.#options.api.plugins.list();
    } catch {
      return [];
    }
  }

  #crashed(crash: string): void {
    if (this.#stopped) return;
    const message = this.#explain(crash);
    // Before `hello` the entry did not load: that is an import failure, reported by the host.
    if (!this.#ready) {
      this.#hello.reject(new PluginError(this.#name, `entry "${this.#options.entryUrl}" failed to import: ${message}`));
    }
    this.stop(`its worker crashed: ${message}`, { quiet: !this.#ready });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function signature(plugins: PluginSummary[]): string {
  return plugins.map((p) => `${p.name}:${p.status}`).join(",");
}
