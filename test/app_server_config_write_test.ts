/**
 * `tern app-server` config writes: `config/value/write` and `config/batchWrite` change the user's
 * `config.jsonc` keeping its comments and layout, take Codex's snake_case key paths, merge with
 * `upsert`, refuse a bad key or value with `-32602` naming it (and the nearest known key), write
 * all edits of a batch or none, and honour `expectedVersion`; `configRequirements/read` answers null.
 * A write reaches the running server: the next thread starts with it, as in Codex 0.169.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { withMockedStdioServer } from "./support/app_server_process.ts";
import { ev, turnOf } from "./support/mock_model.ts";

const ORIGINAL = `// My Tern settings
{
  // the model I use
  "model": "mock-model",
  "sandboxWorkspaceWrite": {
    "writableRoots": ["/opt/cache"], // the build cache
    "networkAccess": false // offline by default
  }
}
`;

Deno.test("config/value/write and config/batchWrite edit the user's JSONC, keeping its comments", async () => {
  await withMockedStdioServer({ responses: [], config: ['model="mock-model"'] }, async ({ client, sandbox }) => {
    const file = join(sandbox.ternHome, "config.jsonc");
    await Deno.writeTextFile(file, ORIGINAL);
    await client.initialize();

    const one = await client.call("config/value/write", {
      keyPath: "sandbox_workspace_write.network_access",
      value: true,
      mergeStrategy: "replace",
    });
    assertEquals(one.filePath, file);
    assertEquals(one.status, "ok", JSON.stringify(one));
    assert(typeof one.version === "string" && one.version.length > 0);
    let text = await Deno.readTextFile(file);
    assertStringIncludes(text, '"networkAccess": true // offline by default');
    assertStringIncludes(text, "// My Tern settings\n{\n  // the model I use\n");
    assertStringIncludes(text, '"writableRoots": ["/opt/cache"], // the build cache');

    const batch = await client.call("config/batchWrite", {
      edits: [
        { keyPath: "approval_policy", value: "never", mergeStrategy: "replace" },
        { keyPath: "sandbox_workspace_write", value: { writable_roots: ["/srv"] }, mergeStrategy: "upsert" },
        { keyPath: "model", value: null, mergeStrategy: "replace" },
      ],
      expectedVersion: one.version,
    });
    assertEquals(batch.status, "okOverridden", "the server's -c model=... wins over the user config");
    assertEquals(batch.overriddenMetadata.overridingLayer.name, { type: "sessionFlags" });
    assertEquals(batch.overriddenMetadata.effectiveValue, "mock-model");
    text = await Deno.readTextFile(file);
    assertStringIncludes(text, '"approvalPolicy": "never"');
    assertStringIncludes(text, '"/srv"\n    ], // the build cache', "upsert sets its keys, keeping the comments");
    assertStringIncludes(text, '"networkAccess": true // offline by default');
    assert(!text.includes('"model"'), "a null value removes the key");
    assertStringIncludes(text, "// My Tern settings");

    const stale = await client.request("config/value/write", {
      keyPath: "model",
      value: "o3",
      mergeStrategy: "replace",
      expectedVersion: one.version,
    });
    assertEquals(stale.error?.code, -32600);
    assertStringIncludes(stale.error?.message ?? "", "version");
    assertEquals(stale.error?.data, { config_write_error_code: "configVersionConflict" });

    const read = await client.call("config/read", { includeLayers: true });
    assertEquals(read.config.approval_policy, "never", "config/read shows what was written");
    const userLayer = read.layers.find((l: { name: { type: string } }) => l.name.type === "user");
    assertEquals(userLayer.version, batch.version, "the version a write answers is config/read's");

    assertEquals(await client.call("configRequirements/read", {}), { requirements: null });
  });
});

Deno.test("config writes refuse an unknown key or a bad value with -32602 naming it, and write nothing", async () => {
  await withMockedStdioServer({ responses: [], config: ['model="mock-model"'] }, async ({ client, sandbox }) => {
    const file = join(sandbox.ternHome, "config.jsonc");
    await Deno.writeTextFile(file, ORIGINAL);
    await client.initialize();

    const typo = await client.request("config/value/write", {
      keyPath: "modle",
      value: "o3",
      mergeStrategy: "replace",
    });
    assertEquals(typo.error?.code, -32602);
    assertStringIncludes(typo.error?.message ?? "", '"keyPath"');
    assertStringIncludes(typo.error?.message ?? "", 'did you mean "model"?');
    assertEquals(typo.error?.data, { config_write_error_code: "configSchemaUnknownKey" });

    const nested = await client.request("config/value/write", {
      keyPath: "sandbox_workspace_write.network_acess",
      value: true,
      mergeStrategy: "replace",
    });
    assertEquals(nested.error?.code, -32602);
    assertStringIncludes(nested.error?.message ?? "", 'did you mean "networkAccess"?');

    const badValue = await client.request("config/batchWrite", {
      edits: [
        { keyPath: "model", value: "o3", mergeStrategy: "replace" },
        { keyPath: "approval_policy", value: "sometimes", mergeStrategy: "replace" },
      ],
    });
    assertEquals(badValue.error?.code, -32602);
    assertStringIncludes(badValue.error?.message ?? "", '"edits.1.keyPath"');
    assertStringIncludes(badValue.error?.message ?? "", "approvalPolicy");
    assertEquals(badValue.error?.data, { config_write_error_code: "configValidationError" });
    assertEquals(await Deno.readTextFile(file), ORIGINAL, "a refused batch writes nothing");

    const elsewhere = await client.request("config/value/write", {
      keyPath: "model",
      value: "o3",
      mergeStrategy: "replace",
      filePath: join(sandbox.root, "notes.jsonc"),
    });
    assertEquals(elsewhere.error?.code, -32602);
    assertStringIncludes(elsewhere.error?.message ?? "", '"filePath"');
  });
});

Deno.test("a written model reaches the running server: the next thread and its turns use it, loaded ones keep theirs", async () => {
  const responses = [turnOf(ev.assistantMessage("m1", "one")), turnOf(ev.assistantMessage("m2", "two"))];
  await withMockedStdioServer({ responses }, async ({ client, mock }) => {
    await client.initialize();
    const before = await client.call("thread/start", {});
    assert(before.model !== "gpt-4.1", `the default model is not the one written: ${before.model}`);
    // Codex 0.169 applies it to the next thread/start whether or not reloadUserConfig is set.
    await client.call("config/value/write", { keyPath: "model", value: "gpt-4.1", mergeStrategy: "replace" });
    const after = await client.call("thread/start", {});
    assertEquals([after.model, after.thread.model ?? after.model], ["gpt-4.1", "gpt-4.1"]);
    const text = [{ type: "text", text: "hi", text_elements: [] }];
    await client.call("turn/start", { threadId: after.thread.id, input: text });
    await client.notification("turn/completed", (p) => p.threadId === after.thread.id);
    assertEquals(mock.requests.at(-1)?.body.model, "gpt-4.1");
    // The thread started before the write keeps its model.
    await client.call("turn/start", { threadId: before.thread.id, input: text });
    await client.notification("turn/completed", (p) => p.threadId === before.thread.id);
    assertEquals(mock.requests.at(-1)?.body.model, before.model);
  });
});
