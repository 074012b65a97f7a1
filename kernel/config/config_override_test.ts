/**
 * @module
 * Tests for `-c key=value` parsing: value forms (JSON, TOML, bare text), Codex's snake_case
 * keys, the map-key exception, quoted key segments, and malformed overrides.
 */
import { assertEquals, assertRejects } from "@std/assert";
import { parseOverride } from "./config_override.ts";
import { ConfigError } from "../base/errors.ts";

Deno.test("parseOverride() reads a JSON value", async () => {
  assertEquals(await parseOverride('approvalPolicy="never"'), { keyPath: ["approvalPolicy"], value: "never" });
  assertEquals(await parseOverride("pluginSetupTimeoutSec=30"), { keyPath: ["pluginSetupTimeoutSec"], value: 30 });
  assertEquals(await parseOverride('acme={"debug":true,"level":2}'), {
    keyPath: ["acme"],
    value: { debug: true, level: 2 },
  });
  assertEquals(await parseOverride("acme.enabled=false"), { keyPath: ["acme", "enabled"], value: false });
});

Deno.test("parseOverride() reads a TOML single-quoted string and array", async () => {
  assertEquals(await parseOverride("model='gpt-5.1'"), { keyPath: ["model"], value: "gpt-5.1" });
  assertEquals(await parseOverride("extraPlugins=['builtin:shell', './my plugin']"), {
    keyPath: ["extraPlugins"],
    value: ["builtin:shell", "./my plugin"],
  });
  assertEquals(await parseOverride("acme={ retries = 3, name = 'x' }"), {
    keyPath: ["acme"],
    value: { retries: 3, name: "x" },
  });
  assertEquals(await parseOverride("acme.count=1_000"), { keyPath: ["acme", "count"], value: 1000 });
});

Deno.test("parseOverride() keeps anything else as a literal string", async () => {
  assertEquals(await parseOverride("model=o3"), { keyPath: ["model"], value: "o3" });
  assertEquals(await parseOverride("model=gpt-5.1-codex"), { keyPath: ["model"], value: "gpt-5.1-codex" });
  assertEquals(await parseOverride("instructions= Be brief. "), { keyPath: ["instructions"], value: "Be brief." });
  assertEquals(await parseOverride("acme.url=http://a/b?c=d"), { keyPath: ["acme", "url"], value: "http://a/b?c=d" });
  assertEquals(await parseOverride("acme.since=2024-01-01"), { keyPath: ["acme", "since"], value: "2024-01-01" });
  assertEquals(await parseOverride("model="), { keyPath: ["model"], value: "" });
});

Deno.test("parseOverride() converts Codex's snake_case keys to camelCase", async () => {
  assertEquals((await parseOverride('approval_policy="never"')).keyPath, ["approvalPolicy"]);
  assertEquals((await parseOverride("openai_base_url=http://localhost:1234")).keyPath, ["openaiBaseUrl"]);
  assertEquals((await parseOverride("sandbox_mode=read-only")).keyPath, ["sandboxMode"]);
  assertEquals((await parseOverride("model_reasoning_effort=high")).keyPath, ["modelReasoningEffort"]);
});

Deno.test("parseOverride() keeps the user-chosen name after a map-like key", async () => {
  assertEquals(await parseOverride("model_providers.my_llm.base_url='http://localhost:11434/v1'"), {
    keyPath: ["modelProviders", "my_llm", "baseUrl"],
    value: "http://localhost:11434/v1",
  });
  assertEquals((await parseOverride("profiles.deep_work.approval_policy=never")).keyPath, [
    "profiles",
    "deep_work",
    "approvalPolicy",
  ]);
  assertEquals((await parseOverride("mcp_servers.my_server.env.api_key=x")).keyPath, [
    "mcpServers",
    "my_server",
    "env",
    "api_key",
  ]);
});

Deno.test("parseOverride() accepts a double-quoted key segment holding dots", async () => {
  assertEquals(await parseOverride('projects."/src/my.app".trust_level=trusted'), {
    keyPath: ["projects", "/src/my.app", "trustLevel"],
    value: "trusted",
  });
});

Deno.test("parseOverride() rejects an override without '=' or with an empty key segment", async () => {
  await assertRejects(
    () => parseOverride("model"),
    ConfigError,
    '-c model: Cannot read override: expected "key=value"',
  );
  await assertRejects(() => parseOverride("a..b=1"), ConfigError, "-c a..b=1: Cannot read override: the key");
  await assertRejects(() => parseOverride("=1"), ConfigError, "-c =1: Cannot read override");
});
