/**
 * `tern app-server` `review/start` against the mock model: a review turn over a git repository's
 * uncommitted changes, a base branch or a commit, answered at once with `{turn, reviewThreadId}`,
 * then `enteredReviewMode`, the model's answer in Codex's review output shape (asked for with an
 * output schema), and `exitedReviewMode` holding the review as text, inside the turn, kept in the
 * thread.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { withMockedStdioServer } from "./support/app_server_process.ts";
import { ev, turnOf } from "./support/mock_model.ts";

async function git(cwd: string, ...args: string[]): Promise<string> {
  const out = await new Deno.Command("git", {
    args: ["-c", "user.name=Tern Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main", ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`git ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  return new TextDecoder().decode(out.stdout).trim();
}

/** A repository with one commit on `main`, a `feature` branch with one more, and an uncommitted edit. */
async function makeRepo(workspace: string): Promise<{ base: string; head: string }> {
  await Deno.remove(join(workspace, ".git"), { recursive: true });
  await git(workspace, "init", "-q");
  await Deno.writeTextFile(join(workspace, "calc.ts"), "export const add = (a: number, b: number) => a + b;\n");
  await git(workspace, "add", ".");
  await git(workspace, "commit", "-qm", "add calc");
  const base = await git(workspace, "rev-parse", "HEAD");
  await git(workspace, "checkout", "-qb", "feature");
  await Deno.writeTextFile(join(workspace, "calc.ts"), "export const add = (a: number, b: number) => a - b;\n");
  await git(workspace, "commit", "-qam", "make add subtract");
  const head = await git(workspace, "rev-parse", "HEAD");
  await Deno.writeTextFile(join(workspace, "notes.md"), "untracked\n");
  return { base, head };
}

function reviewAnswer(path: string): string {
  return JSON.stringify({
    findings: [{
      title: "add() subtracts",
      body: "The change makes add return a - b.",
      confidence_score: 0.9,
      priority: 0,
      code_location: { absolute_file_path: path, line_range: { start: 1, end: 1 } },
    }],
    overall_correctness: "patch is incorrect",
    overall_explanation: "add no longer adds.",
    overall_confidence_score: 0.9,
  });
}

Deno.test("review/start runs a review turn bracketed by enteredReviewMode and exitedReviewMode", async () => {
  await withMockedStdioServer({ responses: [], config: ['model="mock-model"'] }, async ({ client, mock, sandbox }) => {
    const file = join(sandbox.workspace, "calc.ts");
    await makeRepo(sandbox.workspace);
    mock.enqueue(turnOf(ev.assistantMessage("r1", reviewAnswer(file))));
    await client.initialize();
    const threadId = (await client.call("thread/start", { model: "mock-model" })).thread.id;
    const started = await client.call("review/start", { threadId, target: { type: "uncommittedChanges" } });
    assertEquals(started.reviewThreadId, threadId);
    assertEquals(started.turn.status, "inProgress");
    const turnId = started.turn.id;
    await client.notification("turn/completed", (p) => p.turn.id === turnId);

    const methods = client.messages
      .filter((m) => m.method && (m.params?.turnId === turnId || m.params?.turn?.id === turnId))
      .map((m) =>
        m.method === "item/started" || m.method === "item/completed" ? `${m.method}:${m.params.item.type}` : m.method!
      );
    assertEquals(methods.slice(0, 3), [
      "turn/started",
      "item/started:enteredReviewMode",
      "item/completed:enteredReviewMode",
    ]);
    assertEquals(methods.slice(-3), [
      "item/started:exitedReviewMode",
      "item/completed:exitedReviewMode",
      "turn/completed",
    ]);
    const entered = await client.notification("item/completed", (p) => p.item.type === "enteredReviewMode");
    assertEquals(entered.params.item.review, "current changes");
    const exited = (await client.notification("item/completed", (p) => p.item.type === "exitedReviewMode")).params;
    assertStringIncludes(exited.item.review, `- [P0] add() subtracts — ${file}:1`);
    assertStringIncludes(exited.item.review, "patch is incorrect: add no longer adds.");

    const request = mock.requests.at(-1)!.body;
    assertStringIncludes(JSON.stringify(request.input), "uncommitted changes");
    assertEquals(request.text.format.type, "json_schema");
    assert("overall_correctness" in request.text.format.schema.properties);

    const read = await client.call("thread/read", { threadId, includeTurns: true });
    const kept = read.thread.turns.find((t: { id: string }) => t.id === turnId).items.map((i: { type: string }) =>
      i.type
    );
    assertEquals(kept[0], "enteredReviewMode");
    assertEquals(kept.at(-1), "exitedReviewMode");
  });
});

Deno.test("review/start names a base branch's merge base and a commit, and refuses detached delivery", async () => {
  await withMockedStdioServer({ responses: [], config: ['model="mock-model"'] }, async ({ client, mock, sandbox }) => {
    const { base, head } = await makeRepo(sandbox.workspace);
    const answer = reviewAnswer(join(sandbox.workspace, "calc.ts"));
    mock.enqueue(turnOf(ev.assistantMessage("r1", answer)), turnOf(ev.assistantMessage("r2", "not json at all")));
    await client.initialize();
    const threadId = (await client.call("thread/start", { model: "mock-model" })).thread.id;

    const branch = await client.call("review/start", { threadId, target: { type: "baseBranch", branch: "main" } });
    await client.notification("turn/completed", (p) => p.turn.id === branch.turn.id);
    const entered = await client.notification("item/completed", (p) => p.item.type === "enteredReviewMode");
    assertEquals(entered.params.item.review, "changes against 'main'");
    assertStringIncludes(JSON.stringify(mock.requests[0].body.input), `git diff ${base}`);

    const commit = await client.call("review/start", {
      threadId,
      target: { type: "commit", sha: head, title: "make add subtract" },
    });
    await client.notification("turn/completed", (p) => p.turn.id === commit.turn.id);
    const label = await client.notification("item/completed", (p) => p.item.type === "enteredReviewMode");
    assertEquals(label.params.item.review, `commit ${head.slice(0, 7)}: make add subtract`);
    assertStringIncludes(JSON.stringify(mock.requests[1].body.input), `git show ${head}`);
    const exited = await client.notification(
      "item/completed",
      (p) => p.item.type === "exitedReviewMode" && p.turnId === commit.turn.id,
    );
    assertEquals(exited.params.item.review, "not json at all", "an answer that is not JSON is shown as it came");

    mock.enqueue({ events: [ev.created("resp_hold")], holdOpen: true }); // a review that never finishes
    const held = await client.call("review/start", {
      threadId,
      target: { type: "custom", instructions: "Look at calc" },
    });
    await client.notification("turn/started", (p) => p.turn.id === held.turn.id);
    const steer = await client.request("turn/steer", {
      threadId,
      expectedTurnId: held.turn.id,
      input: [{ type: "text", text: "also check notes.md" }],
    });
    assertEquals(steer.error?.code, -32600);
    assertEquals(steer.error?.data, { codexErrorInfo: { activeTurnNotSteerable: { turnKind: "review" } } });
    await client.call("turn/interrupt", { threadId, turnId: held.turn.id });
    await client.notification("turn/completed", (p) => p.turn.id === held.turn.id);

    const detached = await client.request("review/start", {
      threadId,
      target: { type: "uncommittedChanges" },
      delivery: "detached",
    });
    assertEquals(detached.error?.code, -32602);
    assertStringIncludes(detached.error?.message ?? "", "delivery");
  });
});
