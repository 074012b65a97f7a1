/**
 * @module
 * `tern plugin install PATH|npm:SPEC [--project]`: checks that the plugin loads (its folder has a
 * readable `plugin.jsonc`, or a Claude Code / Codex manifest, and its entry, if any, exports a
 * `definePlugin()` of the same name; an `npm:` plugin's module is imported), then appends it to
 * `extraPlugins` in the user config (`$TERN_HOME/config.jsonc`), or with `--project` in the
 * project's `.tern/config.jsonc`, keeping the file's comments (`editConfigFile()`). A path is
 * written absolute in the user config and relative to the project in the project config.
 */
import {
  editConfigFile,
  isAbsolute,
  join,
  type PluginManifest,
  readManifest,
  readPluginManifest,
  relative,
  resolve,
  toFileUrl,
} from "../../kernel/mod.ts";
import type { SubcommandContext } from "./context.ts";

const USAGE = "tern plugin install PATH|npm:SPEC [--project]";

/** What checking a plugin found. */
interface Checked {
  name: string;
  /** `tern`, `claude`, `codex`, or `npm`. */
  format: string;
  manifest: PluginManifest | null;
}

/** Runs `tern plugin install`; resolves to the exit code. */
export async function runInstall(args: string[], ctx: SubcommandContext): Promise<number> {
  const project = args.includes("--project");
  const unknown = args.filter((a) => a.startsWith("-") && a !== "--project");
  const specs = args.filter((a) => !a.startsWith("-"));
  if (unknown.length || specs.length !== 1) {
    ctx.err(
      `Cannot install a plugin: ${
        unknown.length ? `unknown flag "${unknown[0]}"` : "give one PATH or npm:SPEC"
      } (usage: ${USAGE})`,
    );
    return 2;
  }
  const { runtime } = ctx;
  const spec = specs[0];
  if (/^(builtin|jsr|https?):/.test(spec)) {
    ctx.err(`Cannot install "${spec}": give a plugin folder or an npm:SPEC`);
    return 2;
  }
  const isNpm = spec.startsWith("npm:");
  const dir = isNpm ? null : resolve(runtime.cwd, spec);
  let checked: Checked;
  try {
    checked = dir ? await checkFolder(dir) : await checkNpm(spec);
  } catch (error) {
    ctx.err(`Cannot install "${spec}": ${(error as Error).message}`);
    return 1;
  }

  const projectDir = runtime.loaded.projectDir ?? runtime.cwd;
  const file = project ? join(projectDir, ".tern", "config.jsonc") : join(runtime.ternHome, "config.jsonc");
  const written = !dir ? spec : project ? `./${relative(projectDir, dir) || "."}` : dir;
  const loaded = runtime.plugins.find((p) => p.name === checked.name);
  if (loaded) {
    ctx.err(`Cannot install "${spec}": a plugin named "${checked.name}" is already loaded (from "${loaded.spec}")`);
    return 1;
  }
  try {
    await editConfigFile(file, [{ keyPath: ["extraPlugins"], append: written }]);
  } catch (error) {
    ctx.err(`Cannot install "${spec}": ${(error as Error).message}`);
    return 1;
  }
  const kind = checked.format === "tern" || checked.format === "npm" ? "" : ` (a ${formatName(checked.format)} plugin)`;
  ctx.out(`Installed plugin "${checked.name}"${kind}: added "${written}" to "extraPlugins" in ${file}`);
  const unmapped = checked.manifest?.source?.unmapped.length ?? 0;
  if (unmapped) ctx.out(`${unmapped} of its parts cannot be loaded by Tern; "tern doctor" lists them`);
  if (project && !runtime.loaded.trusted) {
    ctx.out(`The project is not trusted, so its plugins do not load yet: run "tern trust ${projectDir}"`);
  }
  return 0;
}

/** Reads a plugin folder's manifest and, for a plugin with code, imports and checks its entry. */
async function checkFolder(dir: string): Promise<Checked> {
  const stat = await Deno.stat(dir).catch(() => null);
  if (!stat) throw new TypeError(`${dir} does not exist`);
  const manifest = stat.isFile ? await readManifest(dir) : await readPluginManifest(dir);
  const root = stat.isFile ? resolve(dir, "..") : dir;
  const format = manifest.source?.format ?? "tern";
  if (manifest.entry === null) return { name: manifest.name, format, manifest };
  const entry = isAbsolute(manifest.entry) ? manifest.entry : resolve(root, manifest.entry);
  if (!(await Deno.stat(entry).then((s) => s.isFile, () => false))) {
    throw new TypeError(`entry "${manifest.entry}" not found in ${root}`);
  }
  await checkModule(toFileUrl(entry).href, manifest.name);
  return { name: manifest.name, format, manifest };
}

/** Imports an `npm:` plugin and checks its default export. */
async function checkNpm(spec: string): Promise<Checked> {
  return { name: await checkModule(spec, null), format: "npm", manifest: null };
}

/** Imports an entry module; returns its plugin's name. Throws when it is not a plugin. */
async function checkModule(url: string, expected: string | null): Promise<string> {
  const module = await import(url).catch((error) => {
    throw new TypeError(`"${url}" failed to import: ${(error as Error).message}`);
  });
  const definition = module.default as { name?: unknown; setup?: unknown } | undefined;
  if (!definition || typeof definition.setup !== "function" || typeof definition.name !== "string") {
    throw new TypeError(`"${url}" has no default export made with definePlugin()`);
  }
  if (expected !== null && definition.name !== expected) {
    throw new TypeError(`the entry declares name "${definition.name}" but the manifest says "${expected}"`);
  }
  return definition.name;
}

function formatName(format: string): string {
  return format === "claude" ? "Claude Code" : format === "codex" ? "Codex" : format;
}
