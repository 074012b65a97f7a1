/**
 * `tern app-server` thread listing and metadata from the SQLite index: `thread/list` after a real
 * turn (preview, pages filled after filtering), `thread/name/set`, `thread/archive` and
 * `thread/unarchive` with their notifications, and `tern index rebuild` restoring all of it.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { spawnStdioServer } from "./support/app_server_process.ts";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox, runTern } from "./support/tern_process.ts";

function text(value: string) {
  return [{ type: "text", text: value, text_elements: [] }];
}

Deno.test("app-server: thread/list, name/set, archive and unarchive work from the index and survive a rebuild", async () => {
  const mock = await startMockModelServer({ responses: [turnOf(ev.assistantMessage("msg_1", "Done"))] });
  const sandbox = await makeSandbox();
  const config = [`openai_base_url=${JSON.stringify(mock.url)}`];
  const server = spawnStdioServer(sandbox, { config });
  let ids: string[] = [];
  try {
    const { client } = server;
    await client.initialize();
    const first = (await client.call("thread/start", {})).thread.id;
    await client.call("turn/start", { threadId: first, input: text("fix the flaky test") });
    await client.notification("turn/completed");
    const others: string[] = [];
    for (let i = 0; i < 5; i++) {
      const cwd = i % 2 === 0 ? join(sandbox.root, "elsewhere") : sandbox.workspace;
      await Deno.mkdir(cwd, { recursive: true });
      others.push((await client.call("thread/start", { cwd })).thread.id);
    }
    ids = [first, ...others];

    const all = await client.call("thread/list", {});
    assertEquals(all.data.length, 6);
    const listed = all.data.find((t: { id: string }) => t.id === first);
    assertEquals([listed.preview, listed.cwd, listed.status.type], ["fix the flaky test", sandbox.workspace, "idle"]);

    // Only 3 of 6 threads are in the workspace: pages of 2 are filled from the matching ones.
    const page1 = await client.call("thread/list", { cwd: sandbox.workspace, limit: 2 });
    assertEquals(page1.data.map((t: { id: string }) => t.id), [others[3], others[1]]);
    const page2 = await client.call("thread/list", { cwd: sandbox.workspace, limit: 2, cursor: page1.nextCursor });
    assertEquals([page2.data.map((t: { id: string }) => t.id), page2.nextCursor], [[first], null]);
    const search = await client.call("thread/list", { searchTerm: "FLAKY" });
    assertEquals(search.data.map((t: { id: string }) => t.id), [first]);

    await client.call("thread/name/set", { threadId: first, name: "  Flaky test  " });
    const renamed = await client.notification("thread/name/updated");
    assertEquals(renamed.params, { threadId: first, threadName: "Flaky test" });
    assertEquals((await client.request("thread/name/set", { threadId: "nope", name: "x" })).error?.code, -32600);

    await client.call("thread/archive", { threadId: others[0] });
    assertEquals((await client.notification("thread/archived")).params, { threadId: others[0] });
    const unarchivedList = await client.call("thread/list", {});
    assertEquals(unarchivedList.data.length, 5);
    const archivedList = await client.call("thread/list", { archived: true });
    assertEquals(archivedList.data.map((t: { id: string }) => t.id), [others[0]]);

    await client.call("thread/archive", { threadId: others[1] });
    const back = await client.call("thread/unarchive", { threadId: others[1] });
    assertEquals(back.thread.id, others[1]);
    assertEquals((await client.notification("thread/unarchived")).params, { threadId: others[1] });
  } finally {
    await server.stop();
    await mock.close();
  }
  try {
    await Deno.remove(join(sandbox.ternHome, "state.sqlite"));
    const rebuild = await runTern(sandbox, ["index", "rebuild"]);
    assertEquals(rebuild.code, 0, rebuild.stderr);
    assertStringIncludes(rebuild.stdout, "6 thread(s)");

    const again = spawnStdioServer(sandbox, { config });
    try {
      await again.client.initialize();
      const list = await again.client.call("thread/list", { sortKey: "updated_at" });
      assertEquals(list.data.length, 5);
      const named = list.data.find((t: { id: string }) => t.id === ids[0]);
      assertEquals([named.name, named.preview, named.status.type], ["Flaky test", "fix the flaky test", "notLoaded"]);
      const archived = await again.client.call("thread/list", { archived: true });
      assertEquals(archived.data.map((t: { id: string }) => t.id), [ids[1]]);
    } finally {
      await again.stop();
    }
  } finally {
    await sandbox.cleanup();
  }
});
