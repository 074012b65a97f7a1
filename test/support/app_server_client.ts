/**
 * @module
 * A small JSON-RPC client for `tern app-server` integration tests (the servers it talks to are
 * started by `app_server_process.ts`). An `AppServerClient` keeps every message it received, in
 * order; `waitFor()` takes the first one not taken yet that matches, so tests can assert on order
 * (`nextNotification()`) or just wait for something.
 */

/** One JSON-RPC message as received. */
export interface RpcMessage {
  id?: string | number | null;
  method?: string;
  // deno-lint-ignore no-explicit-any
  params?: any;
  // deno-lint-ignore no-explicit-any
  result?: any;
  error?: { code: number; message: string; data?: unknown };
}

/** A JSON-RPC error reply, thrown by `call()`. */
export class RpcFailure extends Error {
  constructor(readonly code: number, message: string, readonly data?: unknown) {
    super(`${code}: ${message}`);
  }
}

/** Options for `waitFor()`. */
export interface WaitOptions {
  /** @default 15000 */
  timeoutMs?: number;
}

/** A client over any transport that sends text messages. */
export class AppServerClient {
  /** Every message received, in order. */
  readonly messages: RpcMessage[] = [];
  /** Every message sent with `send()` (and so every request), in order. */
  readonly sent: RpcMessage[] = [];
  #taken = new Set<number>();
  #waiters: (() => void)[] = [];
  #nextId = 1;
  #closed = false;
  readonly #send: (text: string) => void;

  constructor(send: (text: string) => void) {
    this.#send = send;
  }

  /** Feeds one received message (the transport calls this). */
  receive(message: RpcMessage): void {
    this.messages.push(message);
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** The transport closed. */
  closed(): void {
    this.#closed = true;
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Sends raw text as one message. */
  sendRaw(text: string): void {
    this.#send(text);
  }

  /** Sends a message object. */
  send(message: unknown): void {
    this.sent.push(message as RpcMessage);
    this.#send(JSON.stringify(message));
  }

  /** Sends a request and resolves with its response message (result or error). */
  request(method: string, params?: unknown, options: { id?: string | number } = {}): Promise<RpcMessage> {
    const id = options.id ?? this.#nextId++;
    this.send({ id, method, ...(params === undefined ? {} : { params }) });
    return this.waitFor((m) => m.id === id && m.method === undefined && ("result" in m || "error" in m), {
      timeoutMs: 30_000,
    });
  }

  /** Sends a request and resolves with its result; an error reply throws `RpcFailure`. */
  // deno-lint-ignore no-explicit-any
  async call(method: string, params?: unknown): Promise<any> {
    const reply = await this.request(method, params);
    if (reply.error) throw new RpcFailure(reply.error.code, reply.error.message, reply.error.data);
    return reply.result;
  }

  /** Sends a notification. */
  notify(method: string, params?: unknown): void {
    this.send({ method, ...(params === undefined ? {} : { params }) });
  }

  /** `initialize` then `initialized`. */
  // deno-lint-ignore no-explicit-any
  async initialize(capabilities: Record<string, unknown> = {}): Promise<any> {
    const result = await this.call("initialize", { clientInfo: { name: "tern-test", version: "1.0.0" }, capabilities });
    this.notify("initialized");
    return result;
  }

  /** Answers a server request. */
  respond(id: string | number, result: unknown): void {
    this.send({ id, result });
  }

  /** Answers a server request with an error. */
  respondError(id: string | number, code: number, message: string): void {
    this.send({ id, error: { code, message } });
  }

  /** Resolves with the first message not taken yet that matches, and takes it. */
  async waitFor(match: (m: RpcMessage) => boolean, options: WaitOptions = {}): Promise<RpcMessage> {
    const deadline = Date.now() + (options.timeoutMs ?? 15_000);
    let scanned = 0; // messages before this index did not match (messages and `taken` only grow)
    while (true) {
      for (; scanned < this.messages.length; scanned++) {
        if (!this.#taken.has(scanned) && match(this.messages[scanned])) {
          this.#taken.add(scanned);
          return this.messages[scanned];
        }
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.#closed) {
        const seen = this.messages.slice(-20).map((m) => m.method ?? `reply ${m.id}`).join(", ");
        const why = this.#closed ? "before the connection closed" : "in time";
        throw new Error(`No matching message ${why}; last of ${this.messages.length} seen: ${seen}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next notification of `method` (optionally matching `where`). */
  // deno-lint-ignore no-explicit-any
  notification(method: string, where: (params: any) => boolean = () => true, options?: WaitOptions) {
    return this.waitFor((m) => m.method === method && m.id === undefined && where(m.params), options);
  }

  /** The next server request of `method`. */
  serverRequest(method: string, options?: WaitOptions): Promise<RpcMessage> {
    return this.waitFor((m) => m.method === method && m.id !== undefined && m.id !== null, options);
  }

  /** Notification methods received so far (optionally only those about `threadId`), in order. */
  notificationMethods(threadId?: string): string[] {
    return this.messages
      .filter((m) => m.method !== undefined && m.id === undefined)
      .filter((m) => threadId === undefined || (m.params?.threadId ?? m.params?.thread?.id) === threadId)
      .map((m) => m.method!);
  }
}
