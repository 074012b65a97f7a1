import { assertEquals } from "@std/assert";
import type { PluginSummary } from "../../kernel/mod.ts";
import { McpControl } from "./control.ts";

const MISSING = { command: "definitely-not-a-command-xyz" };

function control(options: { config?: unknown; plugins?: () => PluginSummary[]; reread?: () => unknown }) {
  const statuses: string[] = [];
  const control = new McpControl({
    cwd: Deno.cwd(),
    configServers: options.config,
    plugins: options.plugins ?? (() => []),
    readConfigServers: () => Promise.resolve(options.reread?.()),
    register: () => () => {},
    onStatus: (name, status) => statuses.push(`${name}:${status}`),
    log: () => {},
  });
  return { control, statuses };
}

const plugin = (mcpServers: Record<string, unknown>) =>
  ({ name: "p", dir: "/plugins/p", status: "loaded", contributes: { mcpServers } }) as unknown as PluginSummary;

Deno.test("McpControl starts nothing and has no manager while no server is configured or contributed", async () => {
  const { control: c, statuses } = control({ plugins: () => [plugin({})] });
  assertEquals(await c.manager(), null);
  assertEquals(await c.list(), []);
  assertEquals(statuses, []);
});

Deno.test("McpControl adds plugin servers once the plugin list is known, after the config's", async () => {
  let plugins: PluginSummary[] = [];
  const { control: c } = control({ config: { fromConfig: MISSING }, plugins: () => plugins });
  try {
    assertEquals(c.addPluginServers(), false, "plugins are still being set up");
    plugins = [plugin({ fromPlugin: MISSING, fromConfig: { command: "shadowed" } })];
    assertEquals(c.addPluginServers(), true);
    assertEquals((await c.list()).map((s) => `${s.name}:${s.status}`), ["fromConfig:failed", "fromPlugin:failed"]);
    assertEquals(c.entries(), { fromConfig: MISSING, fromPlugin: MISSING });
  } finally {
    await c.close();
  }
});

Deno.test("McpControl.reload() restarts every server with the config as it reads now", async () => {
  let config: unknown = { old: MISSING };
  const { control: c, statuses } = control({
    config,
    plugins: () => [plugin({ extra: MISSING })],
    reread: () => config,
  });
  try {
    assertEquals((await c.list()).map((s) => s.name), ["old", "extra"]);
    config = { renamed: MISSING };
    await c.reload();
    assertEquals((await c.list()).map((s) => s.name), ["renamed", "extra"]);
    assertEquals(statuses.filter((s) => s.startsWith("extra")), [
      "extra:starting",
      "extra:failed",
      "extra:starting",
      "extra:failed",
    ]);
  } finally {
    await c.close();
  }
});

Deno.test("McpControl.reload() starts the first servers of a run that had none", async () => {
  const { control: c } = control({ reread: () => ({ added: MISSING }) });
  assertEquals(await c.manager(), null);
  await c.reload();
  assertEquals((await c.list()).map((s) => `${s.name}:${s.status}`), ["added:failed"]);
  await c.close();
});
