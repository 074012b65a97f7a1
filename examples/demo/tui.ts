/**
 * @module
 * `deno task demo:tui`: the interactive session, offline. The same small project as
 * `deno task demo`, opened in `tern` on the scripted model (`tui_script.jsonc`): the first
 * question is submitted at once (the model lists the files and the TODOs with real commands);
 * send any second message and the model fixes a TODO with a patch, shown as a diff. The script
 * has no third answer: a third message shows how a failed turn looks.
 */
import { main } from "../../main.ts";
import { DEMO_PROMPT, demoFlags, makeDemoWorkspace } from "./workspace.ts";

const demo = await makeDemoWorkspace();
const code = await main([
  ...demoFlags(demo, "./tui_script.jsonc"),
  ...Deno.args,
  ...(Deno.args.length ? [] : [DEMO_PROMPT]),
]);
console.error(`Workspace: ${demo.workspace}`);
Deno.exit(code);
