import { assertEquals, assertThrows } from "@std/assert";
import { formatListen, isLoopback, parseAppServerArgs } from "./args.ts";

Deno.test("parseAppServerArgs() defaults to stdio and reads --listen ws://HOST:PORT", () => {
  assertEquals(parseAppServerArgs([]).listen, { kind: "stdio" });
  assertEquals(parseAppServerArgs(["--listen", "stdio://"]).listen, { kind: "stdio" });
  assertEquals(parseAppServerArgs(["--listen=ws://127.0.0.1:0"]).listen, { kind: "ws", host: "127.0.0.1", port: 0 });
  assertEquals(parseAppServerArgs(["--listen", "ws://[::1]:4500"]).listen, { kind: "ws", host: "::1", port: 4500 });
  assertEquals(formatListen({ kind: "ws", host: "::1", port: 4500 }), "ws://[::1]:4500");
});

Deno.test("parseAppServerArgs() refuses a non-loopback bind without a token file, and unknown arguments", () => {
  assertThrows(() => parseAppServerArgs(["--listen", "ws://0.0.0.0:80"]), TypeError, "needs --ws-token-file");
  assertEquals(
    parseAppServerArgs(["--listen", "ws://0.0.0.0:80", "--ws-token-file", "t"]).wsTokenFile,
    "t",
  );
  assertThrows(() => parseAppServerArgs(["--listen", "http://x:1"]), TypeError, "expected stdio:// or ws://");
  assertThrows(() => parseAppServerArgs(["--frob"]), TypeError, 'unknown argument "--frob"');
  assertThrows(() => parseAppServerArgs(["--listen"]), TypeError, "needs a value");
  assertEquals([isLoopback("127.0.0.1"), isLoopback("127.1.2.3"), isLoopback("::1"), isLoopback("10.0.0.1")], [
    true,
    true,
    true,
    false,
  ]);
});
