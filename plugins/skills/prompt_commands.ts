/**
 * @module
 * The `prompts/list` request method (Tern's own; Codex's v2 protocol has none): the prompt
 * commands plugins contribute (`contributes.promptCommands`, and Claude Code plugins' `commands/`),
 * each a Markdown file with optional frontmatter (`description`, `argument-hint`; `allowed-tools`
 * and `model` are read but not applied). `{}` → `{data: [{name, plugin, path, description,
 * argumentHint, content}], errors: [{path, message}]}`, in the shape of Codex's `CustomPrompt`.
 * The client expands `content` (`$ARGUMENTS`, `$1`...) and sends it as the user's message.
 */
import { basename, extname, importOnUse, join, type PluginSummary, resolve } from "../../kernel/mod.ts";
import { parseSimpleYaml } from "./simple_yaml.ts";

/**
 * One prompt command on the wire: `name` (the file's name without `.md`), `plugin` (the session
 * offers it as `/plugin:name`), `path`, `description`, `argumentHint`, and `content` (the Markdown
 * body, frontmatter removed).
 */
export type PromptCommand = Awaited<ReturnType<typeof readPromptCommand>>;

/** The `prompts/list` response. */
export interface PromptsListResponse {
  data: PromptCommand[];
  errors: { path: string; message: string }[];
}

/** Reads every prompt command the loaded plugins contribute; a file that cannot be read is listed in `errors`. */
export async function listPromptCommands(plugins: PluginSummary[]): Promise<PromptsListResponse> {
  const data: PromptCommand[] = [];
  const errors: { path: string; message: string }[] = [];
  for (const plugin of plugins) {
    if (plugin.status !== "loaded" || !plugin.dir || !plugin.contributes) continue;
    for (const rel of plugin.contributes.promptCommands) {
      const path = resolve(plugin.dir, rel);
      try {
        for (const file of await markdownFiles(path)) {
          try {
            data.push(await readPromptCommand(file, plugin.name));
          } catch (error) {
            errors.push({ path: file, message: (error as Error).message });
          }
        }
      } catch (error) {
        errors.push({ path, message: `Cannot read the prompt commands: ${(error as Error).message}` });
      }
    }
  }
  return { data, errors };
}

/** A Markdown file, or the `.md` files under a folder (sorted). */
async function markdownFiles(path: string): Promise<string[]> {
  const stat = await Deno.stat(path);
  if (stat.isFile) return [path];
  const out: string[] = [];
  for await (const entry of Deno.readDir(path)) {
    const full = join(path, entry.name);
    if (entry.isDirectory) out.push(...await markdownFiles(full));
    else if (extname(entry.name) === ".md") out.push(full);
  }
  return out.sort();
}

/** Parses one command file: optional `---` frontmatter, then the prompt. */
export async function readPromptCommand(file: string, plugin: string) {
  const text = await Deno.readTextFile(file);
  const lines = text.split(/\r?\n/);
  let meta: Record<string, unknown> = {};
  let content = text;
  if (lines[0]?.trimEnd() === "---") {
    const end = lines.findIndex((line, i) => i > 0 && line.trimEnd() === "---");
    if (end < 0) throw new SyntaxError("Cannot read the frontmatter: no closing --- line");
    const frontmatter = lines.slice(1, end).join("\n");
    let raw: unknown = parseSimpleYaml(frontmatter);
    if (raw === undefined) {
      try {
        raw = (await importOnUse<typeof import("@std/yaml")>("@std/yaml", import.meta.url)).parse(frontmatter);
      } catch (error) {
        throw new SyntaxError(`Cannot parse the frontmatter as YAML: ${(error as Error).message.split("\n")[0]}`);
      }
    }
    if (raw !== null && (typeof raw !== "object" || Array.isArray(raw))) {
      throw new TypeError("Cannot use the frontmatter: it must be a YAML mapping of keys to values");
    }
    meta = (raw ?? {}) as Record<string, unknown>;
    content = lines.slice(end + 1).join("\n");
  }
  const text_ = (key: string) => (typeof meta[key] === "string" && meta[key] ? meta[key] as string : null);
  return {
    name: basename(file, ".md"),
    plugin,
    path: file,
    description: text_("description") as string | null,
    argumentHint: text_("argument-hint") as string | null,
    content: content.trim(),
  };
}
