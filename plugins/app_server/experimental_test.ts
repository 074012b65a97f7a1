import { assertEquals } from "@std/assert";
import { ClientRequests } from "../../kernel/mod.ts";
import { experimentalRefusal, stripRequestFields } from "./experimental.ts";

Deno.test("experimentalRefusal() names the method and field, as Codex words it; null counts as unset", () => {
  const spec = ClientRequests["thread/start"];
  assertEquals(
    experimentalRefusal("thread/start", spec, { dynamicTools: [] }),
    "thread/start.dynamicTools requires experimentalApi capability",
  );
  assertEquals(experimentalRefusal("thread/start", spec, { dynamicTools: null, model: "m" }), null);
  assertEquals(
    experimentalRefusal("mock/experimentalMethod", { ...spec, experimental: true }, {}),
    "mock/experimentalMethod requires experimentalApi capability",
  );
});

Deno.test("stripRequestFields() leaves experimental approval fields out and other requests alone", () => {
  const params = {
    threadId: "t",
    availableDecisions: ["accept"],
    skillMetadata: { pathToSkillsMd: "/s" },
    command: "ls",
  };
  assertEquals(stripRequestFields("item/commandExecution/requestApproval", params), { threadId: "t", command: "ls" });
  assertEquals(stripRequestFields("item/tool/call", params), params);
});
