/**
 * @module
 * The size limits of client request fields, in one table (`WIRE_LIMITS`), and the zod builders
 * the request schemas use to apply them. A request over a limit is refused with `-32602` naming
 * the method and the field path, before any handler runs, so an oversized value never reaches a
 * thread's rollout, the store's index, or every later `thread/list` answer. `docs/protocol.md`
 * lists the same table; the whole message is further bounded by the app-server's
 * `maxMessageBytes`.
 *
 * The limits are generous for real use: text a user or client writes (instructions, a tool's
 * description) may be a few MB; user input text is bounded in total by Codex's
 * `MAX_USER_INPUT_TEXT_CHARS` (checked by the app-server, with Codex's `input_too_large` data).
 */
import { z } from "zod";

/** Every limit on a client request field. Lengths count UTF-16 code units, as JavaScript does. */
export const WIRE_LIMITS = {
  /** Ids and cursors: `threadId`, `turnId`, `expectedTurnId`, `clientUserMessageId`, `queuedTurnId`, `cursor`. */
  idChars: 256,
  /**
   * Names and labels: a thread's `name`, `model`, `modelProvider`, `serviceTier`, `serviceName`,
   * `threadSource`, `clientInfo.*`, a dynamic tool's `namespace`/`name` (64, the model API's rule),
   * a notification method to opt out of, an image's `detail`, a skill's or mention's `name`.
   */
  nameChars: 1024,
  /** Paths: `cwd` (also in `config`), `localImage.path`, skill and mention `path`, `writableRoots`. */
  pathChars: 4096,
  /** `thread/list.searchTerm` (SQLite refuses a LIKE pattern over 50,000 bytes). */
  searchTermChars: 1024,
  /** Long text: `baseInstructions`, `developerInstructions`, a dynamic tool's `description`. */
  textChars: 1 << 20,
  /** An image `url` (a `data:` URL carries the image itself). */
  urlChars: 12 * (1 << 20),
  /**
   * Nesting of a JSON value (`{}` and `[]` levels): a JSON Schema (`inputSchema`, `outputSchema`)
   * or the `config` map. A nested schema sits under a keyword (`properties`, `items`), so 128
   * levels hold about 64 nested schemas.
   */
  jsonDepth: 128,
  /** A JSON value's serialized size: a JSON Schema, or the whole `config` map. */
  jsonChars: 1 << 20,
  /** Entries of a list or map: `input`, `text_elements`, `dynamicTools`, `config` keys, filters, `writableRoots`, ... */
  listItems: 1024,
} as const;

/** A string of at most `max` characters; the message says which limit. */
function bounded(max: number, what: string): z.ZodString {
  return z.string().max(max, `${what} longer than ${max} characters`);
}

/** An id or cursor (`WIRE_LIMITS.idChars`). */
export const idString = (): z.ZodString => bounded(WIRE_LIMITS.idChars, "an id");
/** A name or label (`WIRE_LIMITS.nameChars`). */
export const nameString = (): z.ZodString => bounded(WIRE_LIMITS.nameChars, "a name");
/** A path (`WIRE_LIMITS.pathChars`). */
export const pathString = (): z.ZodString => bounded(WIRE_LIMITS.pathChars, "a path");
/** Long text (`WIRE_LIMITS.textChars`). */
export const textString = (): z.ZodString => bounded(WIRE_LIMITS.textChars, "text");
/** An image URL (`WIRE_LIMITS.urlChars`). */
export const urlString = (): z.ZodString => bounded(WIRE_LIMITS.urlChars, "a URL");
/** A search term (`WIRE_LIMITS.searchTermChars`). */
export const searchString = (): z.ZodString => bounded(WIRE_LIMITS.searchTermChars, "a search term");

/** A list of at most `WIRE_LIMITS.listItems` entries. */
export function boundedArray<T extends z.ZodType>(item: T): z.ZodArray<T> {
  return z.array(item).max(WIRE_LIMITS.listItems, `more than ${WIRE_LIMITS.listItems} entries`);
}

/**
 * How deeply `value` nests (a scalar is 0, `{}` is 1), counted without recursion so that a
 * value nested far deeper than the limit cannot overflow the stack; stops past `limit`.
 */
export function jsonDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== "object" || node === null) continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, here]);
  }
  return deepest;
}

/** Adds an issue when `value` nests deeper than `WIRE_LIMITS.jsonDepth` or serializes longer than `jsonChars`. */
export function checkJsonSize(value: unknown, ctx: z.RefinementCtx): void {
  if (jsonDepth(value, WIRE_LIMITS.jsonDepth) > WIRE_LIMITS.jsonDepth) {
    ctx.addIssue({ code: "custom", message: `nested deeper than ${WIRE_LIMITS.jsonDepth} levels` });
    return;
  }
  const chars = JSON.stringify(value)?.length ?? 0;
  if (chars > WIRE_LIMITS.jsonChars) {
    ctx.addIssue({
      code: "custom",
      message: `${chars} characters of JSON, over the limit of ${WIRE_LIMITS.jsonChars}`,
    });
  }
}

/** A JSON object (a JSON Schema, the `config` map) within the depth, size and key-count limits. */
export function jsonObject(): z.ZodType<Record<string, unknown>> {
  return z.record(z.string(), z.unknown())
    .refine((value) => Object.keys(value).length <= WIRE_LIMITS.listItems, {
      message: `more than ${WIRE_LIMITS.listItems} keys`,
      abort: true,
    })
    .superRefine(checkJsonSize);
}
