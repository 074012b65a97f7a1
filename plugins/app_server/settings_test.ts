import { assertEquals, assertThrows } from "@std/assert";
import { RpcError } from "./rpc_error.ts";
import { sandboxModeOf, threadOverrides, turnOverrides } from "./settings.ts";

Deno.test("threadOverrides() applies config keys that name a setting; explicit params win; others are ignored", () => {
  const { overrides, ignoredConfigKeys } = threadOverrides({
    model: "explicit-model",
    sandbox: "read-only",
    cwd: "sub",
    config: {
      model: "config-model",
      approval_policy: "never",
      modelReasoningEffort: "high",
      "features.web_search": true,
    },
  }, "/work");
  assertEquals(overrides, {
    model: "explicit-model",
    approvalPolicy: "never",
    effort: "high",
    sandboxMode: "read-only",
    cwd: "/work/sub",
  });
  assertEquals(ignoredConfigKeys, ["features.web_search"]);
});

Deno.test("threadOverrides() names the config key whose value is wrong", () => {
  const error = assertThrows(() => threadOverrides({ config: { sandbox_mode: "open" } }, "/"), RpcError);
  assertEquals(error.code, -32602);
  assertEquals(error.message.startsWith('Invalid params for "thread/start" at "config.sandbox_mode"'), true);
});

Deno.test("turnOverrides() maps the wire sandbox policy to a mode and keeps only what was given", () => {
  assertEquals(
    turnOverrides({ threadId: "t", input: [], sandboxPolicy: { type: "readOnly", networkAccess: false } }, "/w"),
    { sandboxMode: "read-only" },
  );
  assertEquals(sandboxModeOf({ type: "externalSandbox", networkAccess: "enabled" }), "danger-full-access");
});
