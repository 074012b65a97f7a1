/**
 * A mistyped config key (`aproval_policy`) is not ignored in silence: `tern exec` warns on stderr
 * with the file, line and column where it is set (or the `-c` override) and the closest known key,
 * `tern doctor` lists it as a problem, and an app-server client gets it as a `configWarning`. Keys
 * the kernel or a loaded plugin reads (a plugin's section, `mcpServers`) give no warning.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { runScriptedExec, runTern, type Sandbox, withSandbox } from "./support/tern_process.ts";
import { spawnStdioServer } from "./support/app_server_process.ts";

const SAY_DONE = [[{ say: "done" }]];

/** Runs `fn` in a sandbox whose user config is `config`. */
function withConfig(config: string, fn: (sandbox: Sandbox) => Promise<void>): Promise<void> {
  return withSandbox(async (sandbox) => {
    await Deno.writeTextFile(join(sandbox.ternHome, "config.jsonc"), config);
    await fn(sandbox);
  });
}

const TYPO_CONFIG = `{
  // the user meant approvalPolicy
  "model": "gpt-test",
  "aproval_policy": "never",
  "shell": {},
  "mcpServers": {}
}
`;

Deno.test("exec: a mistyped key in config.jsonc is a warning naming its file:line:col and the closest key", async () => {
  await withConfig(TYPO_CONFIG, async (sandbox) => {
    const run = await runScriptedExec(sandbox, "hi", SAY_DONE);
    assertEquals(run.code, 0, run.stderr);
    const file = join(await Deno.realPath(sandbox.ternHome), "config.jsonc");
    assertStringIncludes(
      run.stderr,
      `warning: ${file}:4:3 (key "aproval_policy"): Ignored unknown config key: did you mean "approvalPolicy"?`,
    );
    // A plugin's section and the MCP plugin's `mcpServers` are known keys.
    assert(!run.stderr.includes('"shell"'), run.stderr);
    assert(!run.stderr.includes("mcpServers"), run.stderr);
  });
});

Deno.test("exec: Codex's snake_case spelling in a config file is named as such", async () => {
  await withConfig(`{\n  "sandbox_mode": "read-only"\n}\n`, async (sandbox) => {
    const run = await runScriptedExec(sandbox, "hi", SAY_DONE);
    assertEquals(run.code, 0, run.stderr);
    assertStringIncludes(
      run.stderr,
      `:2:3 (key "sandbox_mode"): Ignored unknown config key: did you mean "sandboxMode"?`,
    );
    assertStringIncludes(run.stderr, "snake_case is read only from -c");
  });
});

Deno.test("exec: a mistyped -c key is a warning naming the override and the closest key", async () => {
  await withConfig("{}", async (sandbox) => {
    const run = await runScriptedExec(sandbox, "hi", SAY_DONE, ["aproval_policy=never", "approval_policy=never"]);
    assertEquals(run.code, 0, run.stderr);
    assertStringIncludes(
      run.stderr,
      'warning: -c aproval_policy=never: Ignored unknown config key: did you mean "approvalPolicy"?',
    );
    // The right snake_case spelling is no typo.
    assert(!run.stderr.includes("-c approval_policy=never"), run.stderr);
  });
});

Deno.test("doctor: a mistyped config key is a problem with its file and line", async () => {
  await withConfig(TYPO_CONFIG, async (sandbox) => {
    const run = await runTern(sandbox, ["-c", "modle=o3", "doctor"]);
    const file = join(await Deno.realPath(sandbox.ternHome), "config.jsonc");
    assertStringIncludes(run.stdout, "Problems (0 errors, 2 warnings)");
    assertStringIncludes(
      run.stdout,
      `warning [config] ${file}:4:3 (key "aproval_policy"): Ignored unknown config key: did you mean "approvalPolicy"?`,
    );
    assertStringIncludes(run.stdout, 'warning [config] -c modle=o3: Ignored unknown config key: did you mean "model"?');
  });
});

Deno.test("app-server: a mistyped config key reaches the client as a configWarning with its file", async () => {
  await withConfig(TYPO_CONFIG, async (sandbox) => {
    const server = spawnStdioServer(sandbox, {});
    try {
      await server.client.initialize();
      const warning = (await server.client.notification("configWarning")).params;
      const file = join(await Deno.realPath(sandbox.ternHome), "config.jsonc");
      assertStringIncludes(warning.summary, 'Ignored unknown config key: did you mean "approvalPolicy"?');
      assertEquals(warning.path, file);
      assertEquals(warning.details, `${file}:4:3`);
    } finally {
      await server.stop();
    }
  });
});

Deno.test("exec: a mistyped key inside a strict object is an error naming its place and the closest key", async () => {
  await withConfig(
    `{\n  "modelProviders": {\n    "local": { "baseURL": "http://localhost:1/v1" }\n  }\n}\n`,
    async (sandbox) => {
      const run = await runScriptedExec(sandbox, "hi", SAY_DONE);
      assertEquals(run.code, 1);
      const file = join(await Deno.realPath(sandbox.ternHome), "config.jsonc");
      assertStringIncludes(
        run.stderr,
        `Error: ${file}:3:16 (key "modelProviders.local.baseURL"): Unrecognized key: "baseURL"; did you mean "baseUrl"?`,
      );
    },
  );
});

Deno.test("doctor: a mistyped -c key inside a strict object names the closest key", async () => {
  await withSandbox(async (sandbox) => {
    const run = await runTern(sandbox, ["-c", "sandbox_workspace_write.network_acess=true", "doctor"]);
    assertEquals(run.code, 1);
    assertStringIncludes(
      run.stdout,
      'error   [config] -c sandbox_workspace_write.network_acess=true (key "sandboxWorkspaceWrite.networkAcess"): Unrecognized key: "networkAcess"; did you mean "networkAccess"?',
    );
  });
});

Deno.test("exec: a mistyped key in a plugin.jsonc names its place and the closest key", async () => {
  await withSandbox(async (sandbox) => {
    const plugin = join(sandbox.root, "notes");
    await Deno.mkdir(plugin);
    await Deno.writeTextFile(
      join(plugin, "plugin.jsonc"),
      '{\n  "name": "notes",\n  "entry": null,\n  "contributes": { "skill": [] }\n}\n',
    );
    const run = await runScriptedExec(sandbox, "hi", SAY_DONE, [`extraPlugins=${JSON.stringify([plugin])}`]);
    assertStringIncludes(
      run.stderr,
      `${
        join(plugin, "plugin.jsonc")
      }:4:20 (key "contributes.skill"): Unrecognized key: "skill"; did you mean "skills"?`,
    );
  });
});
