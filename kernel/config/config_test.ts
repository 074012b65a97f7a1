/**
 * @module
 * Tests for `loadConfig()` with real temp dirs: layer precedence, deep merge, profiles, `-c`
 * overrides, project discovery, and errors that name the file, line and key.
 */
import { assertEquals, assertRejects, assertStrictEquals } from "@std/assert";
import { join } from "@std/path";
import { z } from "zod";
import { loadConfig, trustProject } from "./config.ts";
import { configTree as tree } from "../testing/_config_testing.ts";
import { ConfigError } from "../base/errors.ts";

Deno.test("loadConfig() without config files returns the built-in defaults", async () => {
  await using t = await tree({});
  const loaded = await loadConfig({ cwd: t.proj, ternHome: t.home });
  assertEquals(loaded.config.model, "gpt-5.1-codex");
  assertEquals(loaded.config.approvalPolicy, "on-request");
  assertEquals(loaded.config.pluginSetupTimeoutSec, 10);
  assertEquals(loaded.layers.map((l) => l.kind), ["default"]);
  assertEquals(loaded.projectDir, null);
  assertEquals(loaded.trusted, false);
  assertEquals(loaded.warnings, []);
});

Deno.test("loadConfig() layers defaults < user < project < profile < -c", async () => {
  await using t = await tree({
    "home/.tern/config.jsonc": `{
      // user layer
      "model": "user-model", "approvalPolicy": "untrusted", "sandboxMode": "read-only",
      "modelReasoningEffort": "low", "developerInstructions": "from user",
      "profiles": { "fast": { "model": "profile-model", "approvalPolicy": "never" } },
    }`,
    "proj/.tern/config.jsonc": `{
      "model": "project-model", "approvalPolicy": "on-failure", "sandboxMode": "danger-full-access",
      "profile": "fast",
    }`,
  });
  const loaded = await loadConfig({ cwd: t.proj, ternHome: t.home, overrides: ["model=cli-model"] });
  const { config } = loaded;
  assertEquals(config.pluginSetupTimeoutSec, 10); // default
  assertEquals(config.developerInstructions, "from user"); // user
  assertEquals(config.modelReasoningEffort, "low"); // user
  assertEquals(config.sandboxMode, "danger-full-access"); // project over user
  assertEquals(config.approvalPolicy, "never"); // profile over project
  assertEquals(config.model, "cli-model"); // -c over profile
  assertEquals(loaded.layers.map((l) => `${l.kind} ${l.source}`), [
    "default built-in defaults",
    `user ${t.home}/config.jsonc`,
    `project ${t.proj}/.tern/config.jsonc`,
    'profile profile "fast"',
    "cli -c model=cli-model",
  ]);
  assertEquals(loaded.projectDir, t.proj);
});

Deno.test("loadConfig() deep-merges objects and replaces arrays", async () => {
  await using t = await tree({
    "home/.tern/config.jsonc": JSON.stringify({
      modelProviders: { local: { baseUrl: "http://user", envKey: "LOCAL_KEY" } },
      extraPlugins: ["./a", "./b"],
      acme: { retries: 1, nested: { x: 1, y: 1 } },
    }),
    "proj/.tern/config.jsonc": JSON.stringify({
      modelProviders: { local: { baseUrl: "http://project" }, other: { wireApi: "chat" } },
      acme: { nested: { y: 2 } },
    }),
  });
  const { config } = await loadConfig({
    cwd: t.proj,
    ternHome: t.home,
    overrides: ["extraPlugins=['./c']", "acme.nested.z=3"],
  });
  assertEquals(config.modelProviders.local, { baseUrl: "http://project", envKey: "LOCAL_KEY" });
  assertEquals(config.modelProviders.other.wireApi, "chat");
  assertEquals(config.extraPlugins, ["./c"]);
  assertEquals(config.acme, { retries: 1, nested: { x: 1, y: 2, z: 3 } });
});

Deno.test("loadConfig() takes the nearest project config above cwd", async () => {
  await using t = await tree({
    "outer/.tern/config.jsonc": '{ "model": "outer" }',
    "outer/inner/.tern/config.jsonc": '{ "model": "inner" }',
    "outer/inner/deep/dir/.keep": "",
    "outer/side/.keep": "",
  });
  const deep = await loadConfig({ cwd: join(t.root, "outer/inner/deep/dir"), ternHome: t.home });
  assertEquals(deep.config.model, "inner");
  assertEquals(deep.projectDir, join(t.root, "outer/inner"));
  const side = await loadConfig({ cwd: join(t.root, "outer/side"), ternHome: t.home });
  assertEquals(side.config.model, "outer");
  assertEquals(side.projectDir, join(t.root, "outer"));
});

Deno.test("loadConfig() takes a folder whose .tern/ holds only hooks.json or skills/ as the project, and its trust", async () => {
  await using t = await tree({
    "hooked/.tern/hooks.json": '{ "hooks": {} }',
    "hooked/src/deep/.keep": "",
    "skilled/.tern/skills/x/SKILL.md": "---\nname: x\ndescription: x\n---\n",
    "skilled/pkg/.keep": "",
    "plain/.tern/notes.txt": "",
  });
  const hooked = await loadConfig({ cwd: join(t.root, "hooked/src/deep"), ternHome: t.home });
  assertEquals([hooked.projectDir, hooked.trusted], [join(t.root, "hooked"), false]);
  assertEquals(hooked.layers.map((l) => l.kind), ["default"], "no config layer: the project has no config.jsonc");
  await trustProject(join(t.root, "hooked"), { ternHome: t.home });
  assertEquals((await loadConfig({ cwd: join(t.root, "hooked/src/deep"), ternHome: t.home })).trusted, true);
  const skilled = await loadConfig({ cwd: join(t.root, "skilled/pkg"), ternHome: t.home });
  assertEquals(skilled.projectDir, join(t.root, "skilled"));
  const plain = await loadConfig({ cwd: join(t.root, "plain"), ternHome: t.home });
  assertEquals(plain.projectDir, null, "a .tern/ without Tern's files is no project");
});

Deno.test("loadConfig() does not mistake the Tern home for a project when cwd is under it", async () => {
  await using t = await tree({ "home/.tern/config.jsonc": '{ "model": "user" }', "home/work/.keep": "" });
  const loaded = await loadConfig({ cwd: join(t.root, "home/work"), ternHome: t.home });
  assertEquals(loaded.projectDir, null);
  assertEquals(loaded.layers.map((l) => l.kind), ["default", "user"]);
});

Deno.test("loadConfig() --profile wins over the profile key; an unknown profile is an error", async () => {
  await using t = await tree({
    "home/.tern/config.jsonc": JSON.stringify({
      profile: "a",
      profiles: { a: { model: "model-a" }, b: { model: "model-b" } },
    }),
  });
  assertEquals((await loadConfig({ cwd: t.proj, ternHome: t.home })).config.model, "model-a");
  const withFlag = await loadConfig({ cwd: t.proj, ternHome: t.home, profile: "b" });
  assertEquals(withFlag.config.model, "model-b");
  assertEquals(withFlag.config.profile, "b");
  await assertRejects(
    () => loadConfig({ cwd: t.proj, ternHome: t.home, profile: "nope" }),
    ConfigError,
    '--profile nope: Cannot select profile "nope": no "profiles.nope" in any config layer',
  );
});

Deno.test("loadConfig() applies -c overrides in JSON, TOML, bare and snake_case forms", async () => {
  await using t = await tree({});
  const { config } = await loadConfig({
    cwd: t.proj,
    ternHome: t.home,
    overrides: [
      'approval_policy="never"',
      "sandbox_mode='read-only'",
      "model=o3",
      "model_providers.my_llm.base_url=http://localhost:11434/v1",
      "model_providers.my_llm.wire_api=chat",
      "plugin_setup_timeout_sec=2.5",
    ],
  });
  assertEquals(config.approvalPolicy, "never");
  assertEquals(config.sandboxMode, "read-only");
  assertEquals(config.model, "o3");
  assertEquals(config.modelProviders.my_llm, { baseUrl: "http://localhost:11434/v1", wireApi: "chat" });
  assertEquals(config.pluginSetupTimeoutSec, 2.5);
});

Deno.test("loadConfig() reports a JSONC syntax error as file:line:col", async () => {
  await using t = await tree({ "home/.tern/config.jsonc": '{\n  "model": "x"\n  "approvalPolicy": "never"\n}\n' });
  const file = join(t.home, "config.jsonc");
  const error = await assertRejects(() => loadConfig({ cwd: t.proj, ternHome: t.home }), ConfigError);
  assertEquals(error.message, `${file}:3:3: Cannot parse JSONC: expected ","`);
  assertEquals(error.location, { file, line: 3, column: 3 });
});

Deno.test("loadConfig() accepts comments, trailing commas and a comments-only file", async () => {
  await using t = await tree({
    "home/.tern/config.jsonc": '// all commented out\n/* { "model": "x" } */\n',
    "proj/.tern/config.jsonc": '{\n  // a comment\n  "model": "m", /* inline */\n  "extraPlugins": [],\n}\n',
  });
  const loaded = await loadConfig({ cwd: t.proj, ternHome: t.home });
  assertEquals(loaded.config.model, "m");
  assertEquals(loaded.layers.find((l) => l.kind === "user")?.value, {});
});

Deno.test("loadConfig() reports a bad value with its file, line and key", async () => {
  await using t = await tree({
    "home/.tern/config.jsonc": '{\n  // comment\n  "model": "x",\n  "approvalPolicy": "sometimes",\n}\n',
  });
  const file = join(t.home, "config.jsonc");
  await assertRejects(
    () => loadConfig({ cwd: t.proj, ternHome: t.home }),
    ConfigError,
    `${file}:4:3 (key "approvalPolicy"): Invalid option: expected one of "untrusted"|"on-failure"|"on-request"|"never"`,
  );
});

Deno.test("loadConfig() rejects an unknown model provider field at its location", async () => {
  await using t = await tree({
    "proj/.tern/config.jsonc": '{\n  "modelProviders": {\n    "local": {\n      "baseURL": "http://x"\n    }\n  }\n}\n',
  });
  const file = join(t.proj, ".tern/config.jsonc");
  const error = await assertRejects(() => loadConfig({ cwd: t.proj, ternHome: t.home }), ConfigError);
  assertEquals(
    error.message,
    `${file}:4:7 (key "modelProviders.local.baseURL"): Unrecognized key: "baseURL"; did you mean "baseUrl"?`,
  );
});

Deno.test("loadConfig() reports a bad -c value with the override as its source", async () => {
  await using t = await tree({});
  await assertRejects(
    () => loadConfig({ cwd: t.proj, ternHome: t.home, overrides: ["approval_policy=sometimes"] }),
    ConfigError,
    '-c approval_policy=sometimes (key "approvalPolicy"): Invalid option: expected one of',
  );
});

Deno.test("loadConfig() rejects a config whose top level is not an object", async () => {
  await using t = await tree({ "home/.tern/config.jsonc": '["model"]' });
  await assertRejects(
    () => loadConfig({ cwd: t.proj, ternHome: t.home }),
    ConfigError,
    `${t.home}/config.jsonc:1:1: Cannot use config: expected an object at the top level`,
  );
});

Deno.test("locate() names the file, line and key where the winning value was set", async () => {
  await using t = await tree({
    "home/.tern/config.jsonc":
      '{\n  "model": "user",\n  "profiles": {\n    "p": { "approvalPolicy": "never" }\n  }\n}\n',
    "proj/.tern/config.jsonc": '{\n\n  "model": "project",\n  "acme": { "list": [1, 2] }\n}\n',
  });
  const loaded = await loadConfig({
    cwd: t.proj,
    ternHome: t.home,
    profile: "p",
    overrides: ["sandbox_mode=read-only"],
  });
  const projectFile = join(t.proj, ".tern/config.jsonc");
  assertEquals(await loaded.locate(["model"]), { file: projectFile, line: 3, column: 3, key: "model" });
  assertEquals(await loaded.locate(["acme", "list", 1]), {
    file: projectFile,
    line: 4,
    column: 25,
    key: "acme.list[1]",
  });
  assertEquals(await loaded.locate(["approvalPolicy"]), {
    file: join(t.home, "config.jsonc"),
    line: 4,
    column: 12,
    key: "profiles.p.approvalPolicy",
  });
  assertEquals(await loaded.locate(["sandboxMode"]), { file: "-c sandbox_mode=read-only", key: "sandboxMode" });
  assertEquals(await loaded.locate(["pluginSetupTimeoutSec"]), {
    file: "built-in defaults",
    key: "pluginSetupTimeoutSec",
  });
});

Deno.test("section() returns a parsed plugin section and names file, line and key on failure", async () => {
  await using t = await tree({
    "home/.tern/config.jsonc": '{\n  "acme": {\n    "timeout": "soon"\n  },\n  "jira": { "project": "X" }\n}\n',
  });
  const file = join(t.home, "config.jsonc");
  const loaded = await loadConfig({ cwd: t.proj, ternHome: t.home });
  const Jira = z.object({ project: z.string(), limit: z.number().default(5) });
  assertEquals(await loaded.section("jira", Jira), { project: "X", limit: 5 });
  await assertRejects(
    () => loaded.section("acme", z.object({ timeout: z.number() })),
    ConfigError,
    `${file}:3:5 (key "acme.timeout"): Invalid input: expected number, received string`,
  );
  // A missing key points at the section that lacks it.
  await assertRejects(
    () => loaded.section("jira", z.object({ token: z.string() })),
    ConfigError,
    `${file}:5:3 (key "jira.token"): Invalid input: expected string, received undefined`,
  );
  // A section set nowhere points at the user config, where it would go.
  const absent = await assertRejects(() => loaded.section("nowhere", z.object({})), ConfigError);
  assertEquals(absent.location, { file, key: "nowhere" });
});

/** Runs `defaultTernHome()` in a child process, so this test never changes our own env. */
async function ternHomeWith(ternHome: string | undefined): Promise<string> {
  const { TERN_HOME: _ours, ...env } = Deno.env.toObject();
  const url = new URL("./config.ts", import.meta.url).href;
  const { stdout, success } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", `import { defaultTernHome } from "${url}"; console.log(defaultTernHome());`],
    cwd: new URL("../..", import.meta.url),
    env: ternHome === undefined ? env : { ...env, TERN_HOME: ternHome },
    clearEnv: true,
  }).output();
  assertEquals(success, true);
  return new TextDecoder().decode(stdout).trim();
}

Deno.test("defaultTernHome() reads TERN_HOME, else ~/.tern", async () => {
  const [fromEnv, fromHome] = await Promise.all([ternHomeWith("/opt/tern-home"), ternHomeWith(undefined)]);
  assertStrictEquals(fromEnv, "/opt/tern-home");
  assertStrictEquals(fromHome, join(Deno.env.get("HOME")!, ".tern"));
});

Deno.test("LoadedConfig.reread() sees edited files, keeps the -c overrides on top, and rejects a broken file", async () => {
  await using t = await tree({ "home/.tern/config.jsonc": '{ "mcpServers": { "a": { "command": "first" } } }' });
  const userFile = join(t.home, "config.jsonc");
  const overrides = ['mcpServers.extra={"command":"extra-server"}'];
  const loaded = await loadConfig({ cwd: t.proj, ternHome: t.home, overrides });
  await Deno.writeTextFile(userFile, '// edited\n{ "mcpServers": { "b": { "url": "http://h/mcp" } } }');
  const again = await loaded.reread();
  assertEquals((again.config as Record<string, unknown>).mcpServers, {
    b: { url: "http://h/mcp" },
    extra: { command: "extra-server" },
  });
  assertEquals((loaded.config as Record<string, unknown>).mcpServers, {
    a: { command: "first" },
    extra: { command: "extra-server" },
  });
  await Deno.writeTextFile(userFile, '{ "mcpServers": { "a": ');
  await assertRejects(() => loaded.reread(), ConfigError, "config.jsonc");
});
