/**
 * @module
 * A WebSocket client on a raw TCP connection, for tests that need a client that stops reading:
 * Deno's `WebSocket` always reads, so a stalled reader cannot be made with it. `openRawWs()` does
 * the HTTP upgrade, sends masked text frames, and reads frames only while not paused: `pause()`
 * stops reading the socket (the server's writes then pile up in the kernel's buffers and in the
 * server), `resume()` reads again. Text frames go to an `AppServerClient`; the close frame's code
 * and reason are kept. Only what Tern's server sends is handled: unfragmented text, close, ping.
 */
import { AppServerClient } from "./app_server_client.ts";

/** A close frame as received. */
export interface CloseFrame {
  code: number;
  reason: string;
}

/** A raw WebSocket client connection. */
export interface RawWsClient {
  client: AppServerClient;
  /** Stops reading the socket. */
  pause(): void;
  /** Reads the socket again. */
  resume(): void;
  /** Resolves with the server's close frame (null if the connection ended without one). */
  closed: Promise<CloseFrame | null>;
  /** Closes the TCP connection. */
  close(): void;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Opens a WebSocket to `url` (`ws://HOST:PORT/`) on a raw TCP connection. */
export async function openRawWs(url: string): Promise<RawWsClient> {
  const { hostname, port } = new URL(url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  const key = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  await writeAll(
    conn,
    encoder.encode(
      `GET / HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    ),
  );
  let buffer: Uint8Array = new Uint8Array(0);
  const read = async (): Promise<boolean> => {
    const chunk = new Uint8Array(64 * 1024);
    const n = await conn.read(chunk).catch(() => null);
    if (n === null) return false;
    buffer = concat(buffer, chunk.subarray(0, n));
    return true;
  };
  let headerEnd: number;
  while ((headerEnd = indexOfCrlfCrlf(buffer)) < 0) {
    if (!await read()) throw new Error(`Cannot connect to ${url}: the connection closed during the upgrade`);
  }
  const head = decoder.decode(buffer.subarray(0, headerEnd));
  if (!head.startsWith("HTTP/1.1 101")) throw new Error(`Cannot connect to ${url}: ${head.split("\r\n")[0]}`);
  buffer = buffer.subarray(headerEnd + 4);

  let sending = Promise.resolve();
  const send = (opcode: number, payload: Uint8Array) => {
    const frame = maskedFrame(opcode, payload);
    sending = sending.then(() => writeAll(conn, frame)).catch(() => {});
  };
  const client = new AppServerClient((text) => send(0x1, encoder.encode(text)));
  let gate: PromiseWithResolvers<void> | null = null;
  const { promise: closed, resolve: onClosed } = Promise.withResolvers<CloseFrame | null>();

  const loop = async () => {
    for (;;) {
      const frame = parseFrame(buffer);
      if (frame) {
        buffer = buffer.subarray(frame.length);
        if (frame.opcode === 0x1) client.receive(JSON.parse(decoder.decode(frame.payload)));
        else if (frame.opcode === 0x9) send(0xa, frame.payload);
        else if (frame.opcode === 0x8) {
          const view = new DataView(frame.payload.buffer, frame.payload.byteOffset, frame.payload.byteLength);
          const code = frame.payload.length >= 2 ? view.getUint16(0) : 1005;
          return { code, reason: decoder.decode(frame.payload.subarray(2)) };
        }
        continue;
      }
      if (gate) await gate.promise;
      if (!await read()) return null;
    }
  };
  loop().then((frame) => {
    client.closed();
    onClosed(frame);
  }, () => onClosed(null));

  return {
    client,
    pause: () => {
      gate ??= Promise.withResolvers<void>();
    },
    resume: () => {
      gate?.resolve();
      gate = null;
    },
    closed,
    close: () => {
      try {
        conn.close();
      } catch {
        // already closed
      }
    },
  };
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let written = 0; written < bytes.length;) written += await conn.write(bytes.subarray(written));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b.slice();
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function indexOfCrlfCrlf(bytes: Uint8Array): number {
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) return i;
  }
  return -1;
}

/** A client frame (always masked), FIN set. */
function maskedFrame(opcode: number, payload: Uint8Array): Uint8Array {
  const size = payload.length;
  const lengthBytes = size < 126 ? 0 : size < 65536 ? 2 : 8;
  const frame = new Uint8Array(2 + lengthBytes + 4 + size);
  frame[0] = 0x80 | opcode;
  const view = new DataView(frame.buffer);
  if (lengthBytes === 0) frame[1] = 0x80 | size;
  else if (lengthBytes === 2) {
    frame[1] = 0x80 | 126;
    view.setUint16(2, size);
  } else {
    frame[1] = 0x80 | 127;
    view.setBigUint64(2, BigInt(size));
  }
  const maskAt = 2 + lengthBytes;
  const mask = crypto.getRandomValues(new Uint8Array(4));
  frame.set(mask, maskAt);
  for (let i = 0; i < size; i++) frame[maskAt + 4 + i] = payload[i] ^ mask[i % 4];
  return frame;
}

/** One whole server frame at the start of `bytes`, or null when more bytes are needed. */
function parseFrame(bytes: Uint8Array): { opcode: number; payload: Uint8Array; length: number } | null {
  if (bytes.length < 2) return null;
  const opcode = bytes[0] & 0x0f;
  let size = bytes[1] & 0x7f;
  let at = 2;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (size === 126) {
    if (bytes.length < 4) return null;
    size = view.getUint16(2);
    at = 4;
  } else if (size === 127) {
    if (bytes.length < 10) return null;
    size = Number(view.getBigUint64(2));
    at = 10;
  }
  if (bytes.length < at + size) return null;
  return { opcode, payload: bytes.subarray(at, at + size), length: at + size };
}
