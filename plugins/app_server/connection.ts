/**
 * @module
 * One client connection (the stdio pipe, or one WebSocket): its `initialize` state (capabilities,
 * opted-out notifications), the requests it has in flight (for the ingress bound), and its
 * outbound queue. Everything the server sends a client goes through `send()`; responses go only
 * to the connection that asked, notifications and server requests to those the router picks.
 */
import type { RequestId } from "./framing.ts";
import { Outbox, type OverflowReport } from "./outbox.ts";
import { RpcCodes, type RpcError, type WireError } from "./rpc_error.ts";

/** What a connection needs from its transport. */
export interface Transport {
  /** Writes messages, one per line or frame; resolves when the transport may take more. */
  write(batch: string[]): Promise<void>;
  /**
   * Closes the transport (a WebSocket close, or the end of stdio); `reason` says why. `farewell`,
   * when set, is one last message to write first if the transport still can (it skips the queue).
   */
  close(reason: string, farewell?: string): void;
}

/** Options for `new Connection()`. */
export interface ConnectionOptions {
  /** For messages about this connection: `stdio`, `ws#2`. */
  label: string;
  transport: Transport;
  /** Messages that may wait for a slow client. */
  maxQueued: number;
  /** Bytes (UTF-8) that may wait for a slow client. */
  maxQueuedBytes: number;
  /** How long a client that lags may read nothing before it is disconnected (`Infinity`: never). */
  maxWriteStallMs: number;
  /** Where problems are reported (overflow, a failed write). */
  warn(message: string): void;
}

let nextId = 1;

/** A client connection. */
export class Connection {
  readonly id = nextId++;
  readonly label: string;
  /** Set by `initialize`. */
  initialized = false;
  /** The client sent the `initialized` notification. */
  clientReady = false;
  experimentalApi = false;
  optOut: ReadonlySet<string> = new Set();
  clientName: string | null = null;
  /** Requests received and not answered yet. */
  inFlight = 0;
  #closed = false;
  readonly #transport: Transport;
  readonly #outbox: Outbox;
  #onClose: (() => void)[] = [];

  constructor(options: ConnectionOptions) {
    this.label = options.label;
    this.#transport = options.transport;
    this.#outbox = new Outbox({
      maxQueued: options.maxQueued,
      maxBytes: options.maxQueuedBytes,
      maxStallMs: options.maxWriteStallMs,
      write: (batch) => this.#transport.write(batch),
      onOverflow: (report) => {
        const detail = describeOverflow(report, options);
        options.warn(`Closing connection ${this.label}: it does not read its messages fast enough: ${detail}`);
        const message = `Disconnected: this client does not read its messages fast enough: ${detail}. ` +
          "Its threads go on; reconnect and call thread/resume to follow them again.";
        const farewell = JSON.stringify({ id: null, error: { code: RpcCodes.OVERLOADED, message } });
        this.#close("the client does not read its messages fast enough", farewell);
      },
      onError: (error) => {
        options.warn(`Closing connection ${this.label}: cannot write to it: ${(error as Error).message ?? error}`);
        this.close("write failed");
      },
    });
  }

  /** True once closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Sends one message (serialized here). Dropped after close. */
  send(message: unknown): void {
    if (!this.#closed) this.#outbox.push(JSON.stringify(message));
  }

  /**
   * Sends text already serialized as one message. `bytes` is its UTF-8 size when known;
   * `droppable` marks live output the client may miss while it lags (see `outbox.ts`).
   */
  sendText(text: string, options: { bytes?: number; droppable?: boolean } = {}): void {
    if (!this.#closed) this.#outbox.push(text, options);
  }

  /** Answers request `id` with `result`. */
  respond(id: RequestId, result: unknown): void {
    this.send({ id, result });
  }

  /** Answers request `id` (null when it could not be read) with an error. */
  fail(id: RequestId | null, error: RpcError | WireError): void {
    const wire = "toWire" in error ? error.toWire() : error;
    this.send({ id, error: wire });
  }

  /** Sends a notification (stamped with `emittedAtMs`, as Codex does), unless the client opted out of its method. */
  notify(method: string, params: unknown): void {
    if (!this.optOut.has(method)) this.send({ method, params, emittedAtMs: Date.now() });
  }

  /** Resolves once everything queued has been written. */
  flush(): Promise<void> {
    return this.#outbox.drained();
  }

  /** Registers a callback for when the connection closes. */
  onClose(fn: () => void): void {
    if (this.#closed) fn();
    else this.#onClose.push(fn);
  }

  /** Closes the connection: drops what is queued, closes the transport, runs `onClose` callbacks once. */
  close(reason: string): void {
    this.#close(reason);
  }

  #close(reason: string, farewell?: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#outbox.close();
    this.#transport.close(reason, farewell);
    for (const fn of this.#onClose.splice(0)) fn();
  }
}

/** What a client that fell behind is told, and the log says. */
function describeOverflow(report: OverflowReport, limits: ConnectionOptions): string {
  const waiting = `${report.messages} messages (${report.bytes} bytes) were waiting`;
  const skipped = report.skippedBytes > 0 ? `, ${report.skippedBytes} bytes of output deltas were skipped` : "";
  switch (report.cause) {
    case "messages":
      return `${waiting}, the limit is ${limits.maxQueued} messages`;
    case "bytes":
      return `${waiting}${skipped}, the limit is ${limits.maxQueuedBytes} bytes`;
    case "stalled":
      return `it read nothing for ${limits.maxWriteStallMs / 1000} s while ${report.bytes} bytes waited${skipped}`;
  }
}
