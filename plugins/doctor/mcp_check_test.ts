import { assertEquals } from "@std/assert";
import { shapeError } from "./mcp_check.ts";

Deno.test("shapeError() accepts stdio and HTTP server entries and names what is wrong with others", () => {
  assertEquals(shapeError({ command: "npx", args: ["-y", "srv"], env: { A: "1" } }), null);
  assertEquals(shapeError({ url: "https://example.com/mcp", headers: { "X-Key": "k" } }), null);
  assertEquals(shapeError("npx srv"), 'expected an object with "command" or "url"');
  assertEquals(shapeError({}), 'set exactly one of "command" (stdio) or "url" (streamable HTTP)');
  assertEquals(shapeError({ command: "x", args: "-y" }), '"args" must be a list of strings');
  assertEquals(shapeError({ command: "x", env: { A: 1 } }), '"env" must map names to strings');
  assertEquals(shapeError({ url: "not a url" }), '"url" must be a URL');
});
