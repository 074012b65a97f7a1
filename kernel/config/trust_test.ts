/**
 * @module
 * Tests for project trust: process-starting project keys are skipped (with a warning) unless the
 * user trusts the project, `askTrust` records the answer, and `trustProject()` edits the user
 * config without losing its comments.
 */
import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { parse } from "@std/jsonc";
import { join } from "@std/path";
import { loadConfig } from "./config.ts";
import { ConfigError } from "../base/errors.ts";
import { trustProject } from "./trust.ts";
import { configTree } from "../testing/_config_testing.ts";

const PROJECT_CONFIG = JSON.stringify({
  model: "project-model",
  hooks: { PreToolUse: [{ hooks: [{ type: "command", command: "echo hi" }] }] },
  plugins: ["./evil"],
  mcpServers: { srv: { command: "srv" } },
});

async function userProjects(home: string): Promise<unknown> {
  const value = parse(await Deno.readTextFile(join(home, "config.jsonc"))) as Record<string, unknown>;
  return value.projects;
}

Deno.test("loadConfig() skips an untrusted project's process-starting keys with a warning", async () => {
  await using t = await configTree({ "proj/.tern/config.jsonc": PROJECT_CONFIG });
  const loaded = await loadConfig({ cwd: t.proj, ternHome: t.home });
  assertEquals(loaded.config.model, "project-model");
  assertEquals(loaded.config.plugins, undefined);
  assertEquals(loaded.config.hooks, undefined);
  assertEquals(loaded.config.mcpServers, undefined);
  assertEquals(loaded.trusted, false);
  assertEquals(loaded.warnings, [
    `Skipped "hooks", "mcpServers", "plugins" from ${t.proj}/.tern/config.jsonc: ` +
    `the project ${t.proj} is not trusted (run "tern trust ${t.proj}")`,
  ]);
});

Deno.test("loadConfig() honours a trusted project's process-starting keys", async () => {
  await using t = await configTree({ "proj/.tern/config.jsonc": PROJECT_CONFIG });
  await Deno.mkdir(t.home, { recursive: true });
  await Deno.writeTextFile(
    join(t.home, "config.jsonc"),
    JSON.stringify({ projects: { [t.proj]: { trustLevel: "trusted" } } }),
  );
  const loaded = await loadConfig({ cwd: t.proj, ternHome: t.home });
  assertEquals(loaded.trusted, true);
  assertEquals(loaded.config.plugins, ["./evil"]);
  assertEquals(loaded.config.mcpServers, { srv: { command: "srv" } });
  assertEquals(loaded.warnings, []);
});

Deno.test("loadConfig() asks askTrust once; yes records trust and honours the keys", async () => {
  await using t = await configTree({ "proj/.tern/config.jsonc": PROJECT_CONFIG });
  const asked: string[] = [];
  const loaded = await loadConfig({
    cwd: t.proj,
    ternHome: t.home,
    askTrust: (dir) => {
      asked.push(dir);
      return Promise.resolve(true);
    },
  });
  assertEquals(asked, [t.proj]);
  assertEquals(loaded.trusted, true);
  assertEquals(loaded.config.plugins, ["./evil"]);
  assertEquals(loaded.config.projects[t.proj], { trustLevel: "trusted" });
  assertEquals(loaded.warnings, []);
  assertEquals(await userProjects(t.home), { [t.proj]: { trustLevel: "trusted" } });
  // The next run does not ask again.
  const again = await loadConfig({
    cwd: t.proj,
    ternHome: t.home,
    askTrust: () => Promise.reject(new Error("asked twice")),
  });
  assertEquals(again.config.plugins, ["./evil"]);
});

Deno.test("loadConfig() records 'untrusted' when askTrust says no and skips the keys", async () => {
  await using t = await configTree({ "proj/.tern/config.jsonc": PROJECT_CONFIG });
  const loaded = await loadConfig({ cwd: t.proj, ternHome: t.home, askTrust: () => Promise.resolve(false) });
  assertEquals(loaded.trusted, false);
  assertEquals(loaded.config.plugins, undefined);
  assertEquals(loaded.warnings.length, 1);
  assertEquals(await userProjects(t.home), { [t.proj]: { trustLevel: "untrusted" } });
});

Deno.test("loadConfig() does not ask about a project without process-starting keys", async () => {
  await using t = await configTree({ "proj/.tern/config.jsonc": '{ "model": "m" }' });
  const loaded = await loadConfig({
    cwd: t.proj,
    ternHome: t.home,
    askTrust: () => Promise.reject(new Error("should not ask")),
  });
  assertEquals(loaded.config.model, "m");
  assertEquals(loaded.warnings, []);
});

Deno.test("loadConfig() ignores trust decisions written in a project config", async () => {
  await using t = await configTree({
    "proj/.tern/config.jsonc": JSON.stringify({ projects: { "/": { trustLevel: "trusted" } }, plugins: ["./x"] }),
  });
  const loaded = await loadConfig({ cwd: t.proj, ternHome: t.home });
  assertEquals(loaded.config.projects, {});
  assertEquals(loaded.config.plugins, undefined);
  assertStringIncludes(loaded.warnings[0], `Ignored "projects" in ${t.proj}/.tern/config.jsonc`);
});

Deno.test("loadConfig() does not fail on a bad value in keys it skips for trust", async () => {
  await using t = await configTree({ "proj/.tern/config.jsonc": '{ "plugins": "not-a-list", "model": "m" }' });
  const loaded = await loadConfig({ cwd: t.proj, ternHome: t.home });
  assertEquals(loaded.config.model, "m");
  await assertRejects(
    () => loadConfig({ cwd: t.proj, ternHome: t.home, askTrust: () => Promise.resolve(true) }),
    ConfigError,
    `${t.proj}/.tern/config.jsonc:1:3 (key "plugins"): Invalid input: expected array, received string`,
  );
});

Deno.test("trustProject() creates the user config when it is missing", async () => {
  await using t = await configTree({});
  const file = await trustProject(t.proj, { ternHome: t.home });
  assertEquals(file, join(t.home, "config.jsonc"));
  assertEquals(await userProjects(t.home), { [t.proj]: { trustLevel: "trusted" } });
});

Deno.test("trustProject() keeps the comments and layout of an existing user config", async () => {
  const original = [
    "// My Tern settings",
    "{",
    '    "model": "gpt-5.1", // the usual',
    "    /* providers below */",
    '    "modelProviders": {},',
    "}",
    "",
  ].join("\n");
  await using t = await configTree({ "home/.tern/config.jsonc": original });
  await trustProject(t.proj, { ternHome: t.home });
  const text = await Deno.readTextFile(join(t.home, "config.jsonc"));
  for (const line of original.split("\n").slice(0, 5)) assertStringIncludes(text, line);
  assertStringIncludes(text, `    "projects": {\n        "${t.proj}": {\n            "trustLevel": "trusted"`);
  // Changing the decision edits the entry in place.
  await trustProject(t.proj, { ternHome: t.home, level: "untrusted" });
  const after = await Deno.readTextFile(join(t.home, "config.jsonc"));
  assertStringIncludes(after, "// My Tern settings");
  assertEquals(after.split(t.proj).length, 2, "the project appears once");
  assertEquals(await userProjects(t.home), { [t.proj]: { trustLevel: "untrusted" } });
});

Deno.test("trustProject() refuses to edit a user config with a syntax error", async () => {
  const broken = '{\n  "model": "x",,\n}\n';
  await using t = await configTree({ "home/.tern/config.jsonc": broken });
  await assertRejects(
    () => trustProject(t.proj, { ternHome: t.home }),
    ConfigError,
    `${t.home}/config.jsonc:2:16: Cannot parse JSONC`,
  );
  assertEquals(await Deno.readTextFile(join(t.home, "config.jsonc")), broken);
});

Deno.test("trustProject() records the real path of a symlinked project dir", async () => {
  await using t = await configTree({});
  const link = join(t.root, "link");
  await Deno.symlink(t.proj, link);
  await trustProject(link, { ternHome: t.home });
  const projects = await userProjects(t.home) as Record<string, unknown>;
  assert(Object.hasOwn(projects, t.proj), `expected ${t.proj} in ${JSON.stringify(projects)}`);
});
