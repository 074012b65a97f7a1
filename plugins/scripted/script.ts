/**
 * @module
 * The script format the scripted provider replays, and its reader. A script is a list of
 * responses; each model request consumes the next one. A response is a list of steps: text to
 * say, reasoning, a tool call, a pause, or a failure. `{{output}}` in text is replaced by the
 * latest tool output the model was sent, and `{{input}}` by the latest user message.
 */
import { z } from "zod";
import { parseJsonText } from "../../kernel/mod.ts";

export const ScriptStep = z.union([
  z.object({ say: z.string() }).strict(),
  z.object({ reasoning: z.string() }).strict(),
  z.object({ call: z.string(), args: z.record(z.string(), z.unknown()).default({}), id: z.string().optional() })
    .strict(),
  z.object({ custom: z.string(), input: z.string(), id: z.string().optional() }).strict(),
  z.object({ sleepMs: z.number().int().min(0) }).strict(),
  z.object({ fail: z.string(), status: z.number().int().optional() }).strict(),
]);
export type ScriptStep = z.infer<typeof ScriptStep>;

export const Script = z.object({ responses: z.array(z.array(ScriptStep)) }).strict();
export type Script = z.infer<typeof Script>;

/** Reads a script file (JSON or JSONC); errors name the file and the step. */
export async function readScript(path: string): Promise<Script> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new Error(`Cannot read script "${path}": ${(error as Error).message}`);
  }
  return parseScript(await parseJsonText(text, path, { jsonc: true, what: "script" }), path);
}

/** Validates a script value; `source` names it in errors. */
export function parseScript(value: unknown, source: string): Script {
  const parsed = Script.safeParse(Array.isArray(value) ? { responses: value } : value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Cannot use script "${source}": at ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}
