/**
 * @module
 * Conformance cases for `PreCompact` and `PostCompact`, run around an automatic compaction (the
 * model calls a tool and its response reaches `model_auto_compact_token_limit`): `continue: false`
 * cancels the compaction (PreCompact) or ends the turn right after it (PostCompact), the matcher
 * is tested against the trigger, and exit 2 is an ordinary failure. Each case checks what a user
 * would see: the model-visible history and the turn's items.
 */
import { type ConformanceCase, expectFailed, expectRun } from "./cases.ts";
import { SUMMARY, SUMMARY_PREFIX } from "./events.ts";

type CompactEvent = "PreCompact" | "PostCompact";

function shared(event: CompactEvent): ConformanceCase[] {
  return [
    {
      event,
      name: "the matcher is tested against the trigger: a manual-only hook does not run for an automatic compaction",
      hook: { output: { continue: false } },
      matcher: "manual",
      runs: 0,
      expect: (_o, _c, x) => x.unaffected(),
    },
    {
      event,
      name: "exit 2 is an ordinary failure here: the compaction goes on",
      kinds: ["command"],
      hook: { exit: 2, stderr: "nope" },
      expect: (o, c, x) => expectFailed(o, c, x, "hook exited with code 2"),
    },
  ];
}

/** The cases of PreCompact and PostCompact. */
export const COMPACT_CASES: ConformanceCase[] = [
  {
    event: "PreCompact",
    name: "continue:false cancels the compaction: the model goes on with the whole history",
    hook: { output: { continue: false, stopReason: "keep it all" } },
    expect(o, c) {
      expectRun(o, c, "stopped", [{ kind: "stop", text: "keep it all" }]);
      c.equal("no contextCompaction item", o.items.filter((i) => i.type === "contextCompaction").length, 0);
      c.equal(
        "the history still holds the tool call and its output",
        o.history.slice(1, 3).map((l) => l.split(":")[0]),
        [
          "call(call_1)",
          "output(call_1)",
        ],
      );
      c.ok("no summary entered history", !o.history.some((l) => l.includes(SUMMARY_PREFIX)), o.history.join("\n"));
    },
  },
  ...shared("PreCompact"),
  {
    event: "PostCompact",
    name: "continue:false ends the turn right after the compaction",
    hook: { output: { continue: false, stopReason: "that will do" } },
    expect(o, c) {
      expectRun(o, c, "stopped", [{ kind: "stop", text: "that will do" }]);
      c.equal("the history is the compacted one, and the model was not asked again", o.history, [
        "user: Tidy up the workspace",
        `user: ${SUMMARY_PREFIX}\n${SUMMARY}`,
      ]);
    },
  },
  ...shared("PostCompact"),
];
