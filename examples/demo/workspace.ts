/**
 * @module
 * The demo's small project, made in a temporary directory with its own `TERN_HOME`, and the
 * global flags that put Tern on the scripted model with one of the demo's scripts. Shared by
 * `deno task demo` (`run.ts`) and `deno task demo:tui` (`tui.ts`).
 */
import { fromFileUrl, join } from "@std/path";

/** A demo project: its folder and its Tern home (set as `TERN_HOME`). */
export interface DemoWorkspace {
  workspace: string;
  ternHome: string;
}

/** Makes the project and sets `TERN_HOME` to a fresh home inside it. */
export async function makeDemoWorkspace(): Promise<DemoWorkspace> {
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
  return { workspace, ternHome };
}

/** Global flags for `main()`: the workspace, and the scripted model replaying `script` (beside this file). */
export function demoFlags(demo: DemoWorkspace, script: string): string[] {
  const path = fromFileUrl(new URL(script, import.meta.url));
  return [
    "-C",
    demo.workspace,
    "-c",
    'model_provider="scripted"',
    "-c",
    'model="scripted-demo"',
    "-c",
    `scripted.script=${JSON.stringify(path)}`,
  ];
}

/** The demo's first question. */
export const DEMO_PROMPT = "What is in this project, and which TODOs are still open?";
