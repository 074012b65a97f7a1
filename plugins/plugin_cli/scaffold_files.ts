/**
 * @module
 * The files `tern plugin new NAME` writes: a manifest, an entry with a tool and a PreToolUse hook,
 * a test that runs whole turns with `@tern/testing`, a README, and a `deno.json` whose import map
 * points `@tern/kernel` and `@tern/testing` (and Tern's own dependencies) at this Tern checkout by
 * absolute `file:` URLs, so that `deno test -A` passes in the new folder wherever it was created.
 */

/** What the templates are filled with. */
export interface ScaffoldOptions {
  /** The plugin's name (`[a-z0-9][a-z0-9-]*`). */
  name: string;
  /** The folder being created (absolute). */
  dir: string;
  /** This Tern checkout's folder (absolute). */
  ternRoot: string;
  /** The import map for the new folder (absolute targets). */
  imports: Record<string, string>;
}

/** The tool the scaffold's plugin registers. */
export function toolName(name: string): string {
  return `${name.replaceAll("-", "_")}_hello`;
}

/** Every file of the new plugin, by name. */
export function scaffoldFiles(options: ScaffoldOptions): Record<string, string> {
  return {
    "plugin.jsonc": manifest(options),
    "mod.ts": entry(options),
    "mod_test.ts": test(options),
    "deno.json": denoJson(options),
    "README.md": readme(options),
  };
}

function manifest({ name }: ScaffoldOptions): string {
  return `{
  // The plugin manifest: Tern reads it before importing the entry.
  "name": "${name}",
  "version": "0.1.0",
  "description": "Says hello (a starting point made by tern plugin new)",
  "entry": "./mod.ts",
  // What setup() registers; Tern warns about anything registered but not declared.
  "contributes": { "tools": ["${toolName(name)}"], "hooks": ["PreToolUse"] }
}
`;
}

function entry({ name, ternRoot }: ScaffoldOptions): string {
  const tool = toolName(name);
  return `/**
 * @module
 * The "${name}" plugin: a tool, \`${tool}\`, and a PreToolUse hook that refuses a blank name.
 * A guide to everything else a plugin can do: ${ternRoot}/docs/plugins.md
 */
import { z } from "zod";
import { definePlugin, tool } from "@tern/kernel";

export default definePlugin({
  name: "${name}",
  // The plugin's config section (\`"${name}": { "greeting": "Hi" }\` in a Tern config file), parsed and typed.
  config: z.object({ greeting: z.string().default("Hello") }).prefault({}),
  setup(api, config) {
    api.tools.register(tool({
      name: "${tool}",
      description: "Greets someone by name.",
      parameters: z.object({ name: z.string().describe("Who to greet") }),
      execute({ name }, ctx) {
        ctx.emitProgress(\`greeting \${name}\`);
        return Promise.resolve({ output: \`\${config.greeting}, \${name}!\` });
      },
    }));

    // Hooks see every tool call; the matcher picks this plugin's tool.
    api.hooks.on("PreToolUse", { matcher: "^${tool}$" }, (input) => {
      if (String(input.tool_input.name ?? "").trim() === "") {
        return {
          hookSpecificOutput: {
            permissionDecision: "deny",
            permissionDecisionReason: "The name is blank: ask the user who to greet",
          },
        };
      }
    });
  },
});
`;
}

function test({ name }: ScaffoldOptions): string {
  const tool = toolName(name);
  return `import { assertEquals, assertStringIncludes } from "@std/assert";
import { runTurn } from "@tern/testing";

// The plugin under test: this folder.
const plugin = import.meta.dirname!;

Deno.test("the model calls ${tool} and reads the greeting", async () => {
  const run = await runTurn({
    plugins: [plugin],
    model: [
      { toolCall: { name: "${tool}", args: { name: "Ada" } } },
      { text: ({ lastToolOutput }) => \`The tool said: \${lastToolOutput}\` },
    ],
    prompt: "Say hello to Ada",
  });
  assertEquals(run.status, "completed");
  assertEquals(run.toolCalls.map((call) => call.output), ["Hello, Ada!"]);
  assertEquals(run.finalText, "The tool said: Hello, Ada!");
  assertEquals(run.warnings, []);
});

Deno.test("the PreToolUse hook blocks a blank name, and the model reads why", async () => {
  const run = await runTurn({
    plugins: [plugin],
    model: [{ toolCall: { name: "${tool}", args: { name: " " } } }, { text: "Who should I greet?" }],
    prompt: "Say hello",
  });
  assertEquals(run.hookRuns.map((hook) => [hook.eventName, hook.status]), [["preToolUse", "blocked"]]);
  assertStringIncludes(run.toolCalls[0].output ?? "", "The name is blank");
});

Deno.test("the greeting comes from the plugin's config section", async () => {
  const run = await runTurn({
    plugins: [plugin],
    model: [{ toolCall: { name: "${tool}", args: { name: "Bo" } } }, { text: "done" }],
    prompt: "Say hello to Bo",
    config: { "${name}": { greeting: "Howdy" } },
  });
  assertEquals(run.toolCalls[0].output, "Howdy, Bo!");
});
`;
}

function denoJson({ dir, ternRoot, imports }: ScaffoldOptions): string {
  const tern = `deno run -A --no-check --unstable-worker-options --config ${ternRoot}/deno.json ${ternRoot}/main.ts`;
  return JSON.stringify(
    {
      tasks: {
        test: "deno test -A",
        tern: `${tern} -c 'extraPlugins=${JSON.stringify([dir])}'`,
      },
      imports,
      compilerOptions: { types: [`${ternRoot}/types/std.d.ts`] },
    },
    null,
    2,
  ) + "\n";
}

function readme({ name, ternRoot }: ScaffoldOptions): string {
  const tool = toolName(name);
  return `# ${name}

A Tern plugin, made with \`tern plugin new\`: the tool \`${tool}\` and a PreToolUse hook (\`mod.ts\`), and tests
that run whole turns against it with \`@tern/testing\` (\`mod_test.ts\`).

\`\`\`sh
deno test -A                          # run the tests
deno task tern exec --skip-git-repo-check "say hello to Ada"  # try it with your model
\`\`\`

\`deno.json\` maps \`@tern/kernel\` and \`@tern/testing\` to the Tern checkout that created this folder
(\`${ternRoot}\`), by absolute path; if you move that checkout, run \`tern plugin new\` again elsewhere or edit
the paths. \`tern exec --record FILE\` records a session as a cassette that \`replay()\` from \`@tern/testing\` replays in
a test. To load the plugin in every Tern run, add this folder to \`extraPlugins\` in your Tern config.

The guide: \`${ternRoot}/docs/plugins.md\`.
`;
}
