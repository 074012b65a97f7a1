/**
 * @module
 * docs/protocol.md's conformance table against Codex 0.169's schema is generated from the fixture
 * and Tern's wire tables (`bench/protocol_conformance.ts`): this fails when a method was added,
 * removed or re-marked without regenerating it.
 */
import { assertEquals } from "@std/assert";
import { expectedDoc } from "../bench/protocol_conformance.ts";

Deno.test("docs/protocol.md's conformance table matches Tern's method tables (regenerate: deno run -A bench/protocol_conformance.ts --write)", async () => {
  const doc = await Deno.readTextFile(new URL("../docs/protocol.md", import.meta.url));
  assertEquals(
    doc,
    await expectedDoc(),
    "the table is out of date: run deno run -A bench/protocol_conformance.ts --write",
  );
});
