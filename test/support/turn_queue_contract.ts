/**
 * @module
 * The behaviour every `TurnQueueStore` must have (Codex's queued-turn state tests, and a few
 * more), as a function that registers the tests for one implementation: the SQLite queue of the
 * `store` plugin and the app-server's in-memory fallback both run it, so they cannot drift apart.
 */
import { assert, assertEquals, assertMatch, assertRejects } from "@std/assert";
import type { TurnError, TurnQueueStore, TurnStartParams } from "../../kernel/mod.ts";

/** Two handles on one queue (for SQLite, two connections to one file), closed by `close()`. */
export interface QueueFixture {
  queue: TurnQueueStore;
  /** Another handle on the same rows: a second connection, or `queue` itself. */
  other: TurnQueueStore;
  close(): Promise<void>;
}

const THREAD = "thread-1";

function params(text: string): TurnStartParams {
  return { threadId: THREAD, input: [{ type: "text", text, text_elements: [] }] };
}

function failure(message: string): TurnError {
  return { message, codexErrorInfo: null, additionalDetails: null };
}

/** Registers the contract tests under `label`; `open` makes a fresh, empty queue. */
export function turnQueueContract(label: string, open: () => Promise<QueueFixture>): void {
  const test = (name: string, fn: (fixture: QueueFixture) => Promise<void>) =>
    Deno.test(`${label}: ${name}`, async () => {
      const fixture = await open();
      try {
        await fn(fixture);
      } finally {
        await fixture.close();
      }
    });
  const ids = async (queue: TurnQueueStore) => (await queue.listVisible(THREAD)).map((row) => row.id);

  test("queued-turn ids are UUIDv7s that sort in the order the turns were queued", async ({ queue }) => {
    const rows = [];
    for (const text of ["a", "b", "c", "d"]) rows.push(await queue.append(THREAD, params(text)));
    for (const row of rows) {
      assertMatch(row.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    const ids = rows.map((row) => row.id);
    assertEquals([...ids].sort(), ids);
  });

  test("two concurrent claims of one row have a single winner, and the claimed row is hidden", async ({ queue, other }) => {
    const row = await queue.append(THREAD, params("only"));
    assertEquals([row.state, row.turnStartParams], ["pending", params("only")]);
    const claims = await Promise.all([queue.claimHead(THREAD), other.claimHead(THREAD)]);
    assertEquals(claims.filter((claim) => claim !== null).map((claim) => [claim!.id, claim!.state]), [
      [row.id, "dispatching"],
    ]);
    assertEquals(await queue.listVisible(THREAD), []);
  });

  test("a turn added while the head is claimed waits for that claim", async ({ queue }) => {
    const first = await queue.append(THREAD, params("first"));
    assertEquals((await queue.claimHead(THREAD))?.id, first.id);
    const second = await queue.append(THREAD, params("second"));
    assert(second.queueOrder > first.queueOrder, "a new row goes behind the claimed one");
    assertEquals(await queue.claimHead(THREAD), null);
    assertEquals(await ids(queue), [second.id]);
  });

  test("a claimed row can be neither deleted nor reordered; the rows behind it can", async ({ queue }) => {
    const first = await queue.append(THREAD, params("first"));
    const second = await queue.append(THREAD, params("second"));
    const third = await queue.append(THREAD, params("third"));
    await queue.claimHead(THREAD);
    assertEquals(await queue.delete(THREAD, first.id), false);
    await assertRejects(
      () => queue.reorder(THREAD, [first.id, third.id, second.id]),
      RangeError,
      "queue reorder must include every visible queued turn exactly once",
    );
    const reordered = await queue.reorder(THREAD, [third.id, second.id]);
    assertEquals(reordered.map((row) => row.id), [third.id, second.id]);
    assertEquals(await ids(queue), [third.id, second.id]);
  });

  test("reorder refuses missing, extra and repeated ids and changes nothing", async ({ queue }) => {
    const a = await queue.append(THREAD, params("a"));
    const b = await queue.append(THREAD, params("b"));
    for (const wrong of [[a.id], [a.id, b.id, "nope"], [a.id, a.id], [b.id, b.id, a.id]]) {
      await assertRejects(() => queue.reorder(THREAD, wrong), RangeError, "exactly once");
    }
    assertEquals(await ids(queue), [a.id, b.id]);
  });

  test("recovery turns an abandoned claim into a failed head that blocks the queue", async ({ queue }) => {
    const first = await queue.append(THREAD, params("first"));
    await queue.append(THREAD, params("second"));
    await queue.claimHead(THREAD);
    const interrupted = failure("queued turn dispatch was interrupted while app-server restarted");
    assertEquals(await queue.recoverDispatching(THREAD, interrupted), 1);
    const visible = await queue.listVisible(THREAD);
    assertEquals([visible[0].id, visible[0].state, visible[0].failure], [first.id, "failed", interrupted]);
    assertEquals(await queue.claimHead(THREAD), null);
    assertEquals(await queue.recoverDispatching(THREAD, interrupted), 0);
  });

  test("a failed head blocks later pending turns until it is deleted", async ({ queue }) => {
    const first = await queue.append(THREAD, params("first"));
    const second = await queue.append(THREAD, params("second"));
    await queue.claimHead(THREAD);
    assertEquals(await queue.markFailed(first.id, failure("queued turn could not start: no")), true);
    assertEquals(await queue.claimHead(THREAD), null);
    assertEquals(await queue.delete(THREAD, first.id), true);
    assertEquals((await queue.claimHead(THREAD))?.id, second.id);
  });

  test("reordering a failed head behind a pending row unblocks the queue", async ({ queue }) => {
    const first = await queue.append(THREAD, params("first"));
    const second = await queue.append(THREAD, params("second"));
    await queue.claimHead(THREAD);
    await queue.markFailed(first.id, failure("queued turn could not start: no"));
    const reordered = await queue.reorder(THREAD, [second.id, first.id]);
    assertEquals(reordered.map((row) => [row.id, row.state]), [[second.id, "pending"], [first.id, "failed"]]);
    assertEquals((await queue.claimHead(THREAD))?.id, second.id);
  });

  test("a claim is cleared only by the turn it started", async ({ queue }) => {
    const row = await queue.append(THREAD, params("queued"));
    await queue.claimHead(THREAD);
    assertEquals(await queue.removeDispatching(THREAD, "regular-turn"), false, "no turn recorded yet");
    assertEquals(await queue.setDispatchTurnId(row.id, "queued-turn"), true);
    assertEquals(await queue.removeDispatching(THREAD, "regular-turn"), false);
    assertEquals(await queue.removeDispatching(THREAD, "queued-turn"), true);
    assertEquals(await queue.setDispatchTurnId(row.id, "queued-turn"), false, "the row is gone");
    assertEquals(await queue.claimHead(THREAD), null);
  });

  test("a released claim is pending again in its place and can be claimed again", async ({ queue }) => {
    const first = await queue.append(THREAD, params("first"));
    const second = await queue.append(THREAD, params("second"));
    await queue.claimHead(THREAD);
    await queue.setDispatchTurnId(first.id, "turn-never-started");
    assertEquals(await queue.releaseClaim(first.id), true);
    assertEquals(await queue.releaseClaim(first.id), false, "no longer claimed");
    assertEquals(await ids(queue), [first.id, second.id]);
    const again = await queue.claimHead(THREAD);
    assertEquals([again?.id, again?.dispatchTurnId], [first.id, null]);
    assertEquals(await queue.markFailed(second.id, failure("x")), false, "only a claimed row can fail");
  });

  test("list pages the visible rows in queue order; other threads' rows stay apart", async ({ queue }) => {
    const rows = [];
    for (const text of ["a", "b", "c", "d", "e"]) rows.push(await queue.append(THREAD, params(text)));
    const elsewhere = await queue.append("thread-2", { ...params("z"), threadId: "thread-2" });
    const page = await queue.listVisible(THREAD, { offset: 1, limit: 2 });
    assertEquals(page.map((row) => row.id), [rows[1].id, rows[2].id]);
    assertEquals((await queue.listVisible(THREAD, { offset: 4, limit: 10 })).map((row) => row.id), [rows[4].id]);
    assertEquals(await queue.delete(THREAD, elsewhere.id), false, "another thread's row");
    assertEquals(await queue.delete(THREAD, "no-such-row"), false);
    assertEquals(await ids(queue), rows.map((row) => row.id));
    assertEquals((await queue.listVisible("thread-2")).map((row) => row.id), [elsewhere.id]);
    assertEquals(new Set(rows.map((row) => row.id)).size, 5, "ids are unique");
  });
}
