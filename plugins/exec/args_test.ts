import { assertEquals, assertThrows } from "@std/assert";
import { parseExecArgs } from "./args.ts";

Deno.test("parseExecArgs() takes --record FILE (and --record=FILE) for a cassette", () => {
  assertEquals(parseExecArgs(["--record", "s.cassette.jsonl", "hi"]).record, "s.cassette.jsonl");
  assertEquals(parseExecArgs(["--record=s.jsonl", "hi"]).record, "s.jsonl");
  assertEquals(parseExecArgs(["hi"]).record, undefined);
  assertThrows(() => parseExecArgs(["hi", "--record"]), TypeError, "--record needs a value");
});
