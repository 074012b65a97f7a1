/**
 * @module
 * Test support for the skills plugin's tests: a real temp tree of files (removed with `await
 * using`), `SKILL.md` text, and a recorder of what lifecycle and tool handlers emit and ask.
 * Private to this folder.
 */
import { dirname, join } from "../../kernel/mod.ts";
import type {
  NotificationMap,
  RequestOutcome,
  ServerRequestMap,
  ServerRequestMethod,
  Topic,
} from "../../kernel/mod.ts";

/** A temp directory tree; `path()` joins under its root. */
export interface Tree extends AsyncDisposable {
  root: string;
  path(...parts: string[]): string;
  write(path: string, text: string): Promise<string>;
}

/** Writes `files` (relative paths) under a fresh real temp dir. */
export async function tree(files: Record<string, string> = {}): Promise<Tree> {
  const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "tern_skills_" }));
  const write = async (path: string, text: string) => {
    const full = join(root, path);
    await Deno.mkdir(dirname(full), { recursive: true });
    await Deno.writeTextFile(full, text);
    return full;
  };
  for (const [path, text] of Object.entries(files)) await write(path, text);
  return {
    root,
    path: (...parts) => join(root, ...parts),
    write,
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}

/** The text of a `SKILL.md` with `fields` as YAML frontmatter lines and `body` after. */
export function skillMd(fields: Record<string, string>, body = "Follow these steps."): string {
  const lines = Object.entries(fields).map(([k, v]) => `${k}: ${v}`);
  return `---\n${lines.join("\n")}\n---\n\n${body}\n`;
}

/** One emitted notification or server request. */
export type Recorded =
  | { kind: "emit"; topic: Topic; params: unknown }
  | { kind: "request"; method: ServerRequestMethod; params: unknown };

/** A recorder for `emit` and `request`; `answer` decides what a request gets back. */
export function recorder(
  answer: (method: ServerRequestMethod, params: unknown) => RequestOutcome<ServerRequestMethod> = () => ({
    status: "declined",
    reason: "no client is attached",
  }),
) {
  const log: Recorded[] = [];
  return {
    log,
    emitted: <T extends Topic>(topic: T) =>
      log.filter((r) => r.kind === "emit" && r.topic === topic).map((r) => r.params as NotificationMap[T]),
    requests: () => log.filter((r) => r.kind === "request"),
    emit<T extends Topic>(topic: T, params: NotificationMap[T]): void {
      log.push({ kind: "emit", topic, params });
    },
    request<M extends ServerRequestMethod>(method: M, params: ServerRequestMap[M]["params"]) {
      log.push({ kind: "request", method, params });
      return Promise.resolve(answer(method, params) as RequestOutcome<M>);
    },
  };
}
