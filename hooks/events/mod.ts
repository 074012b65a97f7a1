/**
 * @module
 * Every hook event's binding, keyed by hook event. The compiler refuses a map that misses an event
 * of the kernel's `EXTENSION_POINTS` table; the wiring and `tern hooks test` iterate the table and
 * find each event's binding here.
 */
import type { HookEventName } from "../../kernel/mod.ts";
import type { EventBinding } from "./binding.ts";
import { postCompactBinding, preCompactBinding } from "./compact.ts";
import { permissionRequestBinding } from "./permission_request.ts";
import { postToolUseBinding } from "./post_tool_use.ts";
import { preToolUseBinding } from "./pre_tool_use.ts";
import { sessionEndBinding } from "./session_end.ts";
import { sessionStartBinding } from "./session_start.ts";
import { stopBinding } from "./stop.ts";
import { userPromptSubmitBinding } from "./user_prompt_submit.ts";

// deno-lint-ignore no-explicit-any
type Bindings = { readonly [E in HookEventName]: EventBinding<E, any, any> };

/** Each event's binding, by hook event. */
export const EVENT_BINDINGS: Bindings = {
  SessionStart: sessionStartBinding,
  UserPromptSubmit: userPromptSubmitBinding,
  PreToolUse: preToolUseBinding,
  PermissionRequest: permissionRequestBinding,
  PostToolUse: postToolUseBinding,
  PreCompact: preCompactBinding,
  PostCompact: postCompactBinding,
  Stop: stopBinding,
  SessionEnd: sessionEndBinding,
};
