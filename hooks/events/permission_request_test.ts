import { assert, assertEquals } from "@std/assert";
import {
  bootHooks,
  group,
  historyLines,
  printJson,
  recorded,
  recordingHook,
  withTempDir,
  writeScript,
} from "../_testing.ts";

const decide = (behavior: "allow" | "deny", message?: string) =>
  printJson({ hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior, message } } });
const guarded = (cmd: string, id: string) => ({ call: "guarded", args: { cmd }, id });
const outputs = (lines: string[]) => lines.filter((l) => l.startsWith("output("));

Deno.test("PermissionRequest hooks see the tool and its input, and allow before the user is asked", async () => {
  await withTempDir(async (dir) => {
    const hook = await recordingHook(dir, "perm", decide("allow", "read-only command"));
    const b = await bootHooks(dir, {
      hooks: { PermissionRequest: [group(hook, {}, "guarded")] },
      responses: [[guarded("ls", "c1")], [{ say: "ok" }]],
    });
    const { thread, hookRuns } = await b.turn("go");
    const input = await recorded(dir, "perm");
    assertEquals(input!.hook_event_name, "PermissionRequest");
    assertEquals(input!.tool_name, "guarded");
    assertEquals(input!.tool_input, { cmd: "ls" });
    assertEquals(input!.turn_id, thread.turns[0].id);
    assertEquals(outputs(historyLines(thread)), ["output(c1): approval: accept (read-only command)"]);
    assertEquals(b.events.filter((e) => e.method === "serverRequest/resolved").length, 0, "nobody was asked");
    assertEquals(hookRuns[0].eventName, "permissionRequest");
    assert(hookRuns[0].id.endsWith(":c1"), `the run id ends with the call's id, as for tool hooks: ${hookRuns[0].id}`);
    await b.close();
  });
});

Deno.test("any PermissionRequest deny wins over allows; exit 2 denies with stderr", async () => {
  await withTempDir(async (dir) => {
    const allow = await writeScript(dir, "allow.sh", decide("allow"));
    const deny = await writeScript(
      dir,
      "deny.sh",
      `case "$(cat)" in *'"cmd":"rm '*) ${decide("deny", "no deleting")};; esac`,
    );
    const exit2 = await writeScript(
      dir,
      "exit2.sh",
      `case "$(cat)" in *'"cmd":"curl '*) echo 'no network' >&2; exit 2;; esac`,
    );
    const b = await bootHooks(dir, {
      hooks: { PermissionRequest: [group(allow), group(deny), group(exit2)] },
      responses: [[guarded("ls", "c1"), guarded("rm -rf x", "c2"), guarded("curl x", "c3")], [{ say: "ok" }]],
    });
    const { thread } = await b.turn("go");
    assertEquals(outputs(historyLines(thread)), [
      "output(c1): approval: accept (approved by a PermissionRequest hook)",
      "output(c2): approval: decline (no deleting)",
      "output(c3): approval: decline (no network)",
    ]);
    await b.close();
  });
});

Deno.test("unsupported PermissionRequest fields fail the hook and the user is asked as usual", async () => {
  await withTempDir(async (dir) => {
    const hook = await writeScript(
      dir,
      "bad.sh",
      printJson({
        hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior: "allow", updatedInput: {} } },
      }),
    );
    const b = await bootHooks(dir, {
      hooks: { PermissionRequest: [group(hook)] },
      responses: [[guarded("ls", "c1")], [{ say: "ok" }]],
    });
    const { thread, hookRuns } = await b.turn("go");
    assertEquals(hookRuns[0].status, "failed");
    assertEquals(hookRuns[0].entries[0].text, "PermissionRequest hook returned unsupported updatedInput");
    const out = outputs(historyLines(thread))[0];
    assertEquals(out.startsWith("output(c1): approval: decline"), true, "no client could answer: declined by policy");
    await b.close();
  });
});
