import { assertEquals, assertRejects, assertStringIncludes, assertThrows } from "@std/assert";
import { parse } from "@std/jsonc";
import { editServer, parseAddArgs } from "./config_edit.ts";

Deno.test("editServer() adds and removes a server, keeping the file's comments", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/config.jsonc`;
  try {
    await Deno.writeTextFile(file, '{\n  // my model\n  "model": "gpt-5",\n}\n');
    assertEquals(await editServer(file, "fs", { command: "npx", args: ["-y", "srv"] }), true);
    let text = await Deno.readTextFile(file);
    assertStringIncludes(text, "// my model");
    assertEquals((parse(text) as Record<string, unknown>).mcpServers, { fs: { command: "npx", args: ["-y", "srv"] } });
    assertEquals(await editServer(file, "fs", undefined), true);
    assertEquals(await editServer(file, "fs", undefined), false, "removing a missing server changes nothing");
    text = await Deno.readTextFile(file);
    assertStringIncludes(text, "// my model");
    assertEquals((parse(text) as Record<string, unknown>).mcpServers, {});
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("editServer() refuses a config that does not parse", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/config.jsonc`, "{ nope");
    await assertRejects(
      () => editServer(`${dir}/config.jsonc`, "x", { url: "http://h" }),
      Error,
      `${dir}/config.jsonc:1:`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseAddArgs() reads a stdio command after -- or an HTTP url", () => {
  assertEquals(parseAddArgs(["fs", "--env", "A=1", "--", "npx", "-y", "srv"]), {
    name: "fs",
    server: { command: "npx", args: ["-y", "srv"], env: { A: "1" } },
  });
  assertEquals(parseAddArgs(["web", "--url", "http://h/mcp", "--bearer-token-env-var", "T"]), {
    name: "web",
    server: { url: "http://h/mcp", bearerTokenEnvVar: "T" },
  });
  assertThrows(() => parseAddArgs(["x"]), TypeError, "either --url");
});
