/**
 * @module
 * `deno task demo`: a real Tern session, offline. It makes a small project in a temporary
 * directory, then runs `tern exec` there with the scripted model provider (no API key, no
 * network): the model runs real commands, reads their output and answers. The rollout is kept
 * under the temporary `TERN_HOME`, and the output says where.
 */
import { fromFileUrl, join } from "@std/path";
import { main } from "../../main.ts";

const workspace = await Deno.makeTempDir({ prefix: "tern-demo-" });
const ternHome = join(workspace, ".tern-home");
await Deno.mkdir(join(workspace, "src"), { recursive: true });
await Deno.writeTextFile(join(workspace, "README.md"), "# greeter\n\nSays hello.\n");
await Deno.writeTextFile(
  join(workspace, "src", "greet.ts"),
  "export function greet(name: string): string {\n  // TODO: trim the name\n  return `Hello, ${name}!`;\n}\n",
);
await Deno.writeTextFile(
  join(workspace, "src", "main.ts"),
  'import { greet } from "./greet.ts";\n\n// TODO: read the name from the command line\nconsole.log(greet("world"));\n',
);

Deno.env.set("TERN_HOME", ternHome);
const script = fromFileUrl(new URL("./script.jsonc", import.meta.url));
const prompt = Deno.args[0] ?? "What is in this project, and which TODOs are still open?";
const code = await main([
  "-C",
  workspace,
  "-c",
  'model_provider="scripted"',
  "-c",
  'model="scripted-demo"',
  "-c",
  `scripted.script=${JSON.stringify(script)}`,
  "exec",
  "--skip-git-repo-check",
  ...Deno.args.slice(1),
  prompt,
]);
console.error(`\nWorkspace: ${workspace}\nRollout files: ${join(ternHome, "sessions")}`);
Deno.exit(code);
