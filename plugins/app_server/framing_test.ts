import { assertEquals } from "@std/assert";
import { LineSplitter, parseMessage } from "./framing.ts";

Deno.test("parseMessage() classifies requests, notifications, answers and errors, with or without jsonrpc", () => {
  assertEquals(parseMessage('{"id":1,"method":"thread/start","params":{}}'), {
    kind: "request",
    id: 1,
    method: "thread/start",
    params: {},
  });
  assertEquals(parseMessage('{"jsonrpc":"2.0","method":"initialized"}'), {
    kind: "notification",
    method: "initialized",
    params: undefined,
  });
  assertEquals(parseMessage('{"id":"a","result":{"ok":true}}'), { kind: "response", id: "a", result: { ok: true } });
  assertEquals(parseMessage('{"id":3,"error":{"code":-1,"message":"no"}}'), {
    kind: "error",
    id: 3,
    error: { code: -1, message: "no", data: undefined },
  });
});

Deno.test("parseMessage() turns what is not a message into the error to answer, keeping a readable id", () => {
  const code = (text: string) => {
    const m = parseMessage(text);
    return m.kind === "invalid" ? [m.id, m.error.code] : m.kind;
  };
  assertEquals(code("{nope"), [null, -32700]);
  assertEquals(code("[]"), [null, -32600]);
  assertEquals(code("42"), [null, -32600]);
  assertEquals(code('{"id":1.5,"method":"x"}'), [null, -32600]);
  assertEquals(code('{"id":9,"method":""}'), [9, -32600]);
  assertEquals(code('{"id":9,"jsonrpc":"1.0","method":"x"}'), [9, -32600]);
  assertEquals(code('{"id":9}'), [9, -32600]);
  assertEquals(code('{"id":9,"error":"bad"}'), [9, -32600]);
  assertEquals(code('{"params":{}}'), [null, -32600]);
});

Deno.test("LineSplitter cuts lines across chunks, skips blank ones, and drops a line over the limit whole", () => {
  const lines: string[] = [];
  const oversize: number[] = [];
  const splitter = new LineSplitter({ maxBytes: 8, onLine: (l) => lines.push(l), onOversize: (n) => oversize.push(n) });
  const bytes = (s: string) => new TextEncoder().encode(s);
  splitter.push(bytes('{"a"'));
  splitter.push(bytes(":1}\r\n\n  \nabcdefghijk"));
  splitter.push(bytes("lmn\nok\nlast"));
  splitter.end();
  assertEquals(lines, ['{"a":1}', "ok", "last"]);
  assertEquals(oversize, [14]);
});
