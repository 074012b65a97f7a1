/**
 * @module
 * `deno task demo`: a real Tern session, offline. It makes a small project in a temporary
 * directory, then runs `tern exec` there with the scripted model provider (no API key, no
 * network): the model runs real commands, reads their output and answers. The rollout is kept
 * under the temporary `TERN_HOME`, and the output says where.
 */
import { join } from "@std/path";
import { main } from "../../main.ts";
import { DEMO_PROMPT, demoFlags, makeDemoWorkspace } from "./workspace.ts";

const demo = await makeDemoWorkspace();
const prompt = Deno.args[0] ?? DEMO_PROMPT;
const code = await main([
  ...demoFlags(demo, "./script.jsonc"),
  "exec",
  "--skip-git-repo-check",
  ...Deno.args.slice(1),
  prompt,
]);
console.error(`\nWorkspace: ${demo.workspace}\nRollout files: ${join(demo.ternHome, "sessions")}`);
Deno.exit(code);
