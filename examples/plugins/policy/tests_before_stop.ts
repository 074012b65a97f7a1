/**
 * @module
 * Rule 4, "run the tests before you stop" (`policy.requireTestsBeforeStop`), from three hooks
 * sharing per-turn state: PostToolUse on `apply_patch` notes the files a successful patch changed,
 * PostToolUse on `Bash` clears them once a command containing the test command has run, and Stop
 * blocks once while changes are untested, with a reason asking the model to run the tests. When
 * the turn already continued (`stop_hook_active`), it lets the turn end and warns the user instead.
 */
import type { HookHandler } from "../../../kernel/mod.ts";
import { patchPaths, workspacePath } from "./protected_paths.ts";

/** Turns whose state is kept at most; older ones (interrupted turns that never reached Stop) are dropped. */
const MAX_TURNS = 64;

/** The three hooks of the rule, sharing the untested changes of each turn. */
export interface TestsBeforeStop {
  afterPatch: HookHandler<"PostToolUse">;
  afterCommand: HookHandler<"PostToolUse">;
  onStop: HookHandler<"Stop">;
}

/** Creates the rule's hooks for `testCommand`; with null they do nothing. */
export function testsBeforeStop(testCommand: string | null): TestsBeforeStop {
  /** Per turn id: the files changed since the tests last ran. */
  const untested = new Map<string, Set<string>>();
  return {
    afterPatch(input) {
      if (!testCommand || !input.tool_response.startsWith("Success.")) return;
      const changed = untested.get(input.turn_id) ?? new Set<string>();
      for (const path of patchPaths(String(input.tool_input.command ?? ""))) {
        changed.add(workspacePath(path, input.cwd));
      }
      untested.delete(input.turn_id); // re-insert: the map stays in order of last use
      untested.set(input.turn_id, changed);
      if (untested.size > MAX_TURNS) untested.delete(untested.keys().next().value!);
    },
    afterCommand(input) {
      if (testCommand && String(input.tool_input.command ?? "").includes(testCommand)) untested.delete(input.turn_id);
    },
    onStop(input) {
      const changed = untested.get(input.turn_id);
      if (!testCommand || !changed?.size) return;
      const files = [...changed].map((f) => `\`${f}\``).join(", ");
      if (input.stop_hook_active) {
        untested.delete(input.turn_id);
        return { systemMessage: `policy: the turn ended without running \`${testCommand}\` after changing ${files}` };
      }
      return {
        decision: "block",
        reason: `This turn changed ${files} but has not run the tests since. Run \`${testCommand}\`, fix what ` +
          "fails, then finish with what you changed and what the tests said.",
      };
    },
  };
}
