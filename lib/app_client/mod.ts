/**
 * @module
 * A client of Tern's app-server protocol (JSON-RPC v2), over any link that carries one message
 * per text: the in-process link the `app-server` plugin provides as its `app-server` service (see
 * `AppServerService`), or a WebSocket to a running `tern app-server --listen ws://...`
 * (`connectWebSocket`). Front ends (the terminal UI) use it so that whatever they show, any
 * client of the protocol could show.
 */
import type { FrontEnd } from "../../kernel/mod.ts";

/** A two-way message link to an app-server: one JSON-RPC message per text. */
export interface AppServerLink {
  /** Sends one message to the server. */
  send(text: string): void;
  /** Sets where the server's messages go (only one receiver). */
  onMessage(receiver: (text: string) => void): void;
  /** Sets what to call when the link closes, from either end. */
  onClose(listener: (reason: string) => void): void;
  /** Closes the link. */
  close(): void;
}

/** What the `app-server` plugin provides as the service `app-server`. */
export interface AppServerService {
  /**
   * Opens an in-process connection to `runtime`'s app-server (started on first use), served by the
   * same method table and notifications as stdio and WebSocket. `label` names it in messages.
   */
  connect(runtime: FrontEnd, label: string): Promise<AppServerLink>;
}

/** The name of the service the `app-server` plugin provides (`runtime.service(APP_SERVER_SERVICE)`). */
export const APP_SERVER_SERVICE = "app-server";

/** An error the server answered a request with. */
export class RpcClientError extends Error {
  readonly code: number;
  readonly data: unknown;
  constructor(method: string, error: { code: number; message: string; data?: unknown }) {
    super(`${method}: ${error.message}`);
    this.code = error.code;
    this.data = error.data;
  }
}

/** A request the server sends the client (an approval, a question). */
export interface ServerRequest {
  id: string | number;
  method: string;
  params: Record<string, unknown>;
}

/** A JSON-RPC client over one link. */
export class AppServerClient {
  readonly #link: AppServerLink;
  #nextId = 1;
  readonly #pending = new Map<number, { method: string; resolve(v: unknown): void; reject(e: Error): void }>();
  #notificationListeners: ((method: string, params: Record<string, unknown>) => void)[] = [];
  #requestHandler: ((request: ServerRequest) => void) | null = null;
  #closed: string | null = null;
  #closeListeners: ((reason: string) => void)[] = [];

  constructor(link: AppServerLink) {
    this.#link = link;
    link.onMessage((text) => this.#receive(text));
    link.onClose((reason) => this.#closedBy(reason));
  }

  /** Sends `initialize` then `initialized`; resolves to the server's answer. */
  async initialize(clientInfo: { name: string; title?: string; version: string }): Promise<Record<string, unknown>> {
    const result = await this.request("initialize", {
      clientInfo: { name: clientInfo.name, title: clientInfo.title ?? null, version: clientInfo.version },
      capabilities: { experimentalApi: true },
    });
    this.notify("initialized", {});
    return result as Record<string, unknown>;
  }

  /** Sends a request; resolves to its result, rejects with `RpcClientError` on an error answer. */
  request<T = unknown>(method: string, params: unknown = {}): Promise<T> {
    if (this.#closed) return Promise.reject(new Error(`Cannot send "${method}": ${this.#closed}`));
    const id = this.#nextId++;
    const { promise, resolve, reject } = Promise.withResolvers<T>();
    this.#pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject });
    this.#link.send(JSON.stringify({ id, method, params }));
    return promise;
  }

  /** Sends a notification. */
  notify(method: string, params: unknown = {}): void {
    if (!this.#closed) this.#link.send(JSON.stringify({ method, params }));
  }

  /** Answers a server request. */
  respond(id: string | number, result: unknown): void {
    if (!this.#closed) this.#link.send(JSON.stringify({ id, result }));
  }

  /** Answers a server request with an error. */
  fail(id: string | number, code: number, message: string): void {
    if (!this.#closed) this.#link.send(JSON.stringify({ id, error: { code, message } }));
  }

  /** Listens to every notification; returns the undo. */
  onNotification(listener: (method: string, params: Record<string, unknown>) => void): () => void {
    this.#notificationListeners.push(listener);
    return () => {
      this.#notificationListeners = this.#notificationListeners.filter((l) => l !== listener);
    };
  }

  /** Sets who answers server requests (one handler; without one they are declined as unknown). */
  onServerRequest(handler: (request: ServerRequest) => void): void {
    this.#requestHandler = handler;
  }

  /** Calls `listener` when the connection closes. */
  onClose(listener: (reason: string) => void): void {
    if (this.#closed) listener(this.#closed);
    else this.#closeListeners.push(listener);
  }

  /** Closes the connection; pending requests are rejected. */
  close(): void {
    this.#link.close();
    this.#closedBy("closed by the client");
  }

  #receive(text: string): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    const id = message.id as string | number | undefined;
    if (typeof message.method === "string") {
      const params = (message.params ?? {}) as Record<string, unknown>;
      if (id === undefined || id === null) {
        for (const listener of this.#notificationListeners) listener(message.method, params);
      } else if (this.#requestHandler) {
        this.#requestHandler({ id, method: message.method, params });
      } else {
        this.#link.send(JSON.stringify({ id, error: { code: -32601, message: `Unhandled "${message.method}"` } }));
      }
      return;
    }
    const pending = typeof id === "number" ? this.#pending.get(id) : undefined;
    if (!pending) return;
    this.#pending.delete(id as number);
    if (message.error) {
      pending.reject(new RpcClientError(pending.method, message.error as { code: number; message: string }));
    } else pending.resolve(message.result);
  }

  #closedBy(reason: string): void {
    if (this.#closed) return;
    this.#closed = reason;
    for (const pending of this.#pending.values()) {
      pending.reject(new Error(`Cannot finish "${pending.method}": the connection closed (${reason})`));
    }
    this.#pending.clear();
    for (const listener of this.#closeListeners.splice(0)) listener(reason);
  }
}

/**
 * Opens a WebSocket link to `url` (`ws://HOST:PORT`), sending `token` as a bearer token when
 * given. Rejects with a message naming the URL when the connection fails.
 */
export function connectWebSocket(url: string, options: { token?: string } = {}): Promise<AppServerLink> {
  const headers = options.token ? { authorization: `Bearer ${options.token}` } : undefined;
  // Deno's WebSocket takes headers as a second-argument option.
  const socket = new WebSocket(url, headers ? { headers } as unknown as string[] : undefined);
  let receiver: (text: string) => void = () => {};
  const closeListeners: ((reason: string) => void)[] = [];
  const { promise, resolve, reject } = Promise.withResolvers<AppServerLink>();
  const link: AppServerLink = {
    send: (text) => socket.send(text),
    onMessage: (r) => {
      receiver = r;
    },
    onClose: (listener) => closeListeners.push(listener),
    close: () => socket.close(),
  };
  let opened = false;
  socket.onopen = () => {
    opened = true;
    resolve(link);
  };
  socket.onmessage = (event) => receiver(typeof event.data === "string" ? event.data : "");
  socket.onerror = () => {
    if (!opened) reject(new Error(`Cannot connect to the app-server at ${url}`));
  };
  socket.onclose = (event) => {
    if (!opened) reject(new Error(`Cannot connect to the app-server at ${url}: closed (${event.code})`));
    for (const listener of closeListeners) listener(event.reason || `closed (${event.code})`);
  };
  return promise;
}
