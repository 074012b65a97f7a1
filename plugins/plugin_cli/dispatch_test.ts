import { assertEquals, assertStringIncludes } from "@std/assert";
import type { FrontEnd } from "../../kernel/mod.ts";
import { dispatch } from "./dispatch.ts";
import { SUBCOMMANDS } from "./subcommands.ts";

function io() {
  const out: string[] = [];
  const err: string[] = [];
  // The subcommands exercised here never touch the runtime.
  const ctx = { runtime: {} as FrontEnd, out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) };
  return { ctx, out, err };
}

Deno.test("tern plugin --help lists every subcommand of the table with its summary", async () => {
  const { ctx, out } = io();
  assertEquals(await dispatch(["--help"], ctx), 0);
  const lines = out.join("\n").split("\n");
  for (const [name, sub] of Object.entries(SUBCOMMANDS)) {
    assertEquals(lines.filter((l) => l.startsWith(`  ${name} `) && l.endsWith(`  ${sub.summary}`)).length, 1, name);
  }
});

Deno.test("tern plugin with an unknown subcommand fails and names the known ones", async () => {
  const { ctx, err } = io();
  assertEquals(await dispatch(["frobnicate"], ctx), 2);
  assertEquals(err, [`Unknown subcommand "tern plugin frobnicate" (known: ${Object.keys(SUBCOMMANDS).join(", ")})`]);
});

Deno.test("tern plugin new --help prints the subcommand's usage without running it", async () => {
  const { ctx, out } = io();
  assertEquals(await dispatch(["new", "--help"], ctx), 0);
  assertStringIncludes(out[0], "Usage: tern plugin new NAME [--force]");
});
