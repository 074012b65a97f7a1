/**
 * @module
 * `tern plugin new NAME [--force]`: creates the folder NAME (in the workspace: the current
 * directory, or `-C DIR`) holding a working plugin and its passing test (see `scaffold_files.ts`).
 * It refuses a bad name, and a folder that exists and is not empty unless `--force`.
 */
import { fromFileUrl, join, PluginManifest, resolve } from "../../kernel/mod.ts";
import { scaffoldFiles, toolName } from "./scaffold_files.ts";
import type { SubcommandContext } from "./context.ts";

/** This Tern checkout: two folders up from this plugin. */
const TERN_ROOT = new URL("../../", import.meta.url);

/** Runs `tern plugin new`; resolves to the exit code. */
export async function runNew(args: string[], ctx: SubcommandContext): Promise<number> {
  const force = args.includes("--force");
  const unknown = args.filter((a) => a.startsWith("-") && a !== "--force");
  const names = args.filter((a) => !a.startsWith("-"));
  if (unknown.length || names.length !== 1) {
    ctx.err(
      unknown.length
        ? `Cannot create a plugin: unknown flag "${unknown[0]}" (usage: tern plugin new NAME [--force])`
        : "Cannot create a plugin: give one NAME (usage: tern plugin new NAME [--force])",
    );
    return 2;
  }
  const name = names[0];
  const valid = PluginManifest.shape.name.safeParse(name);
  if (!valid.success || toolName(name).length > 64) {
    ctx.err(`Cannot create plugin "${name}": a name is lowercase letters, digits and dashes, at most 58 characters`);
    return 2;
  }
  const dir = resolve(ctx.runtime.cwd, name);
  if (!force && !(await isEmptyOrMissing(dir))) {
    ctx.err(`Cannot create plugin "${name}": ${dir} exists and is not empty (--force writes over its files)`);
    return 1;
  }
  const ternRoot = fromFileUrl(TERN_ROOT).replace(/\/$/, "");
  const files = scaffoldFiles({ name, dir, ternRoot, imports: await scaffoldImports() });
  await Deno.mkdir(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) await Deno.writeTextFile(join(dir, file), text);
  ctx.out(
    `Created plugin "${name}" in ${dir}: ${Object.keys(files).join(", ")}\n\n` +
      `Next:\n  cd ${dir}\n  deno test -A                           # the tests pass as created\n` +
      `  deno task tern exec --skip-git-repo-check "say hello to Ada"  # try it with your model\n\n` +
      `Guide: ${ternRoot}/docs/plugins.md`,
  );
  return 0;
}

/**
 * The new folder's import map: Tern's own (so the kernel's dependencies resolve the same way),
 * with relative targets made absolute, plus `@tern/kernel` and `@tern/testing`.
 */
async function scaffoldImports(): Promise<Record<string, string>> {
  const configUrl = new URL("deno.json", TERN_ROOT);
  const config = JSON.parse(await Deno.readTextFile(configUrl)) as { imports?: Record<string, string> };
  const imports: Record<string, string> = {
    "@tern/kernel": new URL("kernel/mod.ts", TERN_ROOT).href,
    "@tern/testing": new URL("testing/mod.ts", TERN_ROOT).href,
  };
  for (const [specifier, target] of Object.entries(config.imports ?? {})) {
    if (specifier in imports) continue;
    imports[specifier] = target.startsWith("./") || target.startsWith("../") ? new URL(target, configUrl).href : target;
  }
  return imports;
}

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    for await (const _ of Deno.readDir(dir)) return false;
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return true;
    throw error;
  }
}
