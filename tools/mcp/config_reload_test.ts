import { assertEquals, assertRejects } from "@std/assert";
import { ConfigError } from "../../kernel/mod.ts";
import { readMcpServers, runFlags } from "./config_reload.ts";

Deno.test("runFlags() picks the config overrides and profile out of a tern command line", () => {
  assertEquals(
    runFlags(["-c", "a=1", "--config=b=2", "app-server", "--profile", "work", "-m", "gpt", "--", "-c", "x=1"]),
    { overrides: ["a=1", "b=2"], profile: "work" },
  );
  assertEquals(runFlags(["exec", "hello"]), { overrides: [] });
});

Deno.test("readMcpServers() reads the user config as it is now, with the run's -c overrides on top", async () => {
  const home = await Deno.makeTempDir();
  const cwd = await Deno.makeTempDir();
  try {
    const argv = ["-c", 'mcpServers.extra={"command":"extra-server"}', "app-server"];
    await Deno.writeTextFile(`${home}/config.jsonc`, '{ "mcpServers": { "a": { "command": "first" } } }');
    assertEquals(await readMcpServers({ cwd, ternHome: home, argv }), {
      a: { command: "first" },
      extra: { command: "extra-server" },
    });
    await Deno.writeTextFile(`${home}/config.jsonc`, '// edited\n{ "mcpServers": { "b": { "url": "http://h/mcp" } } }');
    assertEquals(await readMcpServers({ cwd, ternHome: home, argv }), {
      b: { url: "http://h/mcp" },
      extra: { command: "extra-server" },
    });
    await Deno.writeTextFile(`${home}/config.jsonc`, '{ "mcpServers": { "a": ');
    await assertRejects(() => readMcpServers({ cwd, ternHome: home, argv: [] }), ConfigError);
  } finally {
    await Deno.remove(home, { recursive: true });
    await Deno.remove(cwd, { recursive: true });
  }
});
