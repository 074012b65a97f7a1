/**
 * @module
 * An example plugin: a team's guard-rail policy made only of typed in-process hooks, configured
 * by its own config section (`policy`, read with `api.config.section`). Each rule is one module:
 * blocked shell commands (`command_guard.ts`), protected paths for `apply_patch`
 * (`protected_paths.ts`), secrets in prompts and the policy reminder (`prompt_guard.ts`), and
 * "run the tests before you stop" (`tests_before_stop.ts`). See README.md.
 */
import { definePlugin } from "../../../kernel/mod.ts";
import { commandGuard } from "./command_guard.ts";
import { PolicyConfig } from "./config.ts";
import { promptGuard } from "./prompt_guard.ts";
import { patchGuard } from "./protected_paths.ts";
import { testsBeforeStop } from "./tests_before_stop.ts";

export default definePlugin({
  name: "policy",
  async setup(api) {
    // A bad value rejects with a ConfigError naming the file, line and key: the plugin then fails to load.
    const policy = await api.config.section("policy", PolicyConfig);

    api.hooks.on(
      "PreToolUse",
      { matcher: "Bash", statusMessage: "checking the command" },
      commandGuard(policy.blockedCommands),
    );
    api.hooks.on(
      "PreToolUse",
      { matcher: "apply_patch", statusMessage: "checking protected paths" },
      patchGuard(policy.protectedPaths),
    );
    api.hooks.on("UserPromptSubmit", {}, promptGuard(policy));

    const tests = testsBeforeStop(policy.requireTestsBeforeStop);
    api.hooks.on("PostToolUse", { matcher: "apply_patch" }, tests.afterPatch);
    api.hooks.on("PostToolUse", { matcher: "Bash" }, tests.afterCommand);
    api.hooks.on("Stop", {}, tests.onStop);
  },
});
