/**
 * @module
 * The WebSocket transport, served by hono on `Deno.serve`: one connection per socket, one JSON
 * message per text frame. `GET /readyz` and `GET /healthz` answer `ok`; any other GET upgrades.
 * Any request carrying an `Origin` header is refused (403), so web pages cannot reach the server;
 * with a token, an upgrade without `Authorization: Bearer <token>` is refused (401). Outbound
 * frames wait while the socket has more than `HIGH_WATER_BYTES` buffered, so a slow reader fills
 * its connection's bounded queue (`outbox.ts`), never the server's memory; a client dropped for
 * falling behind gets its last message (why), then close 1008.
 * The bound address is printed on stderr: `listening on ws://127.0.0.1:PORT`.
 */
import { delay, importOnUse } from "../../kernel/mod.ts";
import { formatListen, type Listen } from "./args.ts";
import { invalidRequest } from "./rpc_error.ts";
import type { AppServer } from "./server.ts";

/** Bytes a socket may have buffered before the writer waits. */
export const HIGH_WATER_BYTES = 4 * 1024 * 1024;

/** Options for `serveWebSocket()`. */
export interface WebSocketOptions {
  listen: Extract<Listen, { kind: "ws" }>;
  /** The bearer token every connection must present, if any. */
  token?: string;
  signal: AbortSignal;
  /** Where the bound address is reported. @default stderr */
  onListen?: (address: string) => void;
}

/** Serves WebSocket clients until `signal` aborts; resolves to the exit code. */
export async function serveWebSocket(server: AppServer, options: WebSocketOptions): Promise<number> {
  const { Hono } = await importOnUse<typeof import("hono")>("hono", import.meta.url);
  const app = new Hono();
  let connections = 0;
  app.use("*", async (c, next) => {
    if (c.req.header("origin") !== undefined) {
      return c.text("Forbidden: requests with an Origin header are refused", 403);
    }
    await next();
  });
  app.get("/readyz", (c) => c.text("ok"));
  app.get("/healthz", (c) => c.text("ok"));
  app.get("*", (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") return c.text("Expected a WebSocket upgrade", 426);
    if (options.token !== undefined && !bearerMatches(c.req.header("authorization"), options.token)) {
      return c.text("Unauthorized: present the server's token as Authorization: Bearer <token>", 401);
    }
    const { socket, response } = Deno.upgradeWebSocket(c.req.raw);
    attach(server, socket, `ws#${++connections}`);
    return response;
  });
  const { promise: bound, resolve } = Promise.withResolvers<Deno.NetAddr>();
  const http = Deno.serve({
    hostname: options.listen.host,
    port: options.listen.port,
    signal: options.signal,
    onListen: resolve,
  }, app.fetch);
  const address = await bound;
  const where = formatListen({ kind: "ws", host: options.listen.host, port: address.port });
  (options.onListen ?? ((a) => console.error(`listening on ${a}`)))(where);
  await http.finished;
  return 0;
}

function attach(server: AppServer, socket: WebSocket, label: string): void {
  socket.onopen = () => {
    const connection = server.connect({
      write: async (batch) => {
        for (const text of batch) {
          if (socket.readyState !== WebSocket.OPEN) throw new Error("the socket is closed");
          socket.send(text);
          while (socket.bufferedAmount > HIGH_WATER_BYTES && socket.readyState === WebSocket.OPEN) {
            await delay(5);
          }
        }
      },
      close: (reason, farewell) => {
        if (farewell !== undefined && socket.readyState === WebSocket.OPEN) socket.send(farewell);
        if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) {
          socket.close(reason === "server shutting down" ? 1001 : 1008, reason.slice(0, 120));
        }
      },
    }, label);
    socket.onmessage = (event) => {
      if (typeof event.data !== "string") {
        connection.fail(null, invalidRequest("Invalid request: binary frames are not supported, send text frames"));
        return;
      }
      const bytes = event.data.length * 3 > server.config.maxMessageBytes
        ? new TextEncoder().encode(event.data).length
        : 0;
      if (bytes > server.config.maxMessageBytes) {
        connection.fail(
          null,
          invalidRequest(
            `Invalid request: a message of ${bytes} bytes exceeds the limit of ${server.config.maxMessageBytes}`,
          ),
        );
        return;
      }
      server.receive(connection, event.data);
    };
    socket.onclose = () => connection.close("the client disconnected");
    socket.onerror = (event) => {
      // E.g. "Frame too large": Deno's WebSocket drops a message over 64 MiB with the connection.
      const why = (event as ErrorEvent).message || "unknown error";
      server.runtime.warn(`[app-server] Closing connection ${label}: the socket failed: ${why}`);
      connection.close(`the socket failed: ${why}`);
    };
  };
}

/** Compares `Authorization: Bearer <token>` with the token in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? "");
  if (!match) return false;
  const given = new TextEncoder().encode(match[1].trim());
  const wanted = new TextEncoder().encode(token);
  let diff = given.length ^ wanted.length;
  for (let i = 0; i < wanted.length; i++) diff |= wanted[i] ^ (given[i] ?? 0);
  return diff === 0;
}
