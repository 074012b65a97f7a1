/**
 * @module
 * `fuzzyFileSearch` (one query over the given roots) and its experimental session API, which a
 * file picker uses a keystroke at a time: `sessionStart` walks the roots once in the background,
 * each `sessionUpdate` matches its query against that index and sends
 * `fuzzyFileSearch/sessionUpdated` (the matches) then `fuzzyFileSearch/sessionCompleted`, and
 * `sessionStop` (or the connection closing) drops the index. Only the latest query of a session is
 * answered: one overtaken while the index was still being built sends nothing. Sessions belong to
 * the connection that started them. The walking and matching are in `file_index.ts`.
 */
import {
  type EmptyResponse,
  type FuzzyFileSearchParams,
  type FuzzyFileSearchResponse,
  type FuzzyFileSearchResult,
  type FuzzyFileSearchSessionStartParams,
  type FuzzyFileSearchSessionStopParams,
  type FuzzyFileSearchSessionUpdateParams,
  importOnUse,
  isAbsolute,
} from "../../kernel/mod.ts";
import type { Connection } from "./connection.ts";
import type { FileIndex } from "./file_index.ts";
import type { MethodContext } from "./method_context.ts";
import { invalidRequest } from "./rpc_error.ts";

/** Matches one query answers at most, over all roots. */
const MATCH_LIMIT = 50;

interface Session {
  indexes: Promise<FileIndex[]>;
  abort: AbortController;
  /** The query to answer; an older one still waiting for the index is dropped. */
  latest: string | null;
}

const sessionsByConnection = new WeakMap<Connection, Map<string, Session>>();
const cancellations = new WeakMap<Connection, Map<string, AbortController>>();

/** Answers one query over `roots`; a later call with the same `cancellationToken` makes this one answer no files. */
export async function fuzzyFileSearch(
  params: FuzzyFileSearchParams,
  ctx: MethodContext,
): Promise<FuzzyFileSearchResponse> {
  checkRoots(params.roots);
  const abort = new AbortController();
  const token = params.cancellationToken;
  if (token) {
    const pending = mapOf(cancellations, ctx.connection);
    pending.get(token)?.abort();
    pending.set(token, abort);
  }
  try {
    const indexes = await indexRoots(params.roots, abort.signal);
    return { files: abort.signal.aborted ? [] : matchAll(indexes, params.query) };
  } catch (error) {
    if (abort.signal.aborted) return { files: [] };
    throw error;
  } finally {
    if (token && cancellations.get(ctx.connection)?.get(token) === abort) {
      cancellations.get(ctx.connection)!.delete(token);
    }
  }
}

/** Starts a session: indexes `roots` in the background. A session id already in use is replaced. */
export function fuzzyFileSearchSessionStart(
  params: FuzzyFileSearchSessionStartParams,
  ctx: MethodContext,
): EmptyResponse {
  checkRoots(params.roots);
  const sessions = mapOf(sessionsByConnection, ctx.connection, (map) => {
    ctx.connection.onClose(() => {
      for (const session of map.values()) session.abort.abort();
      map.clear();
    });
  });
  sessions.get(params.sessionId)?.abort.abort();
  const abort = new AbortController();
  const indexes = indexRoots(params.roots, abort.signal);
  indexes.catch(() => {}); // reported to the update that waits on it
  sessions.set(params.sessionId, { indexes, abort, latest: null });
  return {};
}

/** Matches `query` in the session; the results follow as notifications. */
export function fuzzyFileSearchSessionUpdate(
  params: FuzzyFileSearchSessionUpdateParams,
  ctx: MethodContext,
): EmptyResponse {
  const { sessionId, query } = params;
  const session = sessionOf(ctx.connection, sessionId);
  session.latest = query;
  ctx.afterResponse(() => {
    session.indexes.then((indexes) => {
      if (session.latest !== query || session.abort.signal.aborted) return;
      const files: FuzzyFileSearchResult[] = matchAll(indexes, query);
      ctx.connection.notify("fuzzyFileSearch/sessionUpdated", { sessionId, query, files });
      ctx.connection.notify("fuzzyFileSearch/sessionCompleted", { sessionId });
    }, (error) => {
      if (session.abort.signal.aborted) return;
      ctx.connection.notify("warning", {
        threadId: null,
        message: `fuzzy file search session "${sessionId}" could not index its roots: ${String(error)}`,
      });
      ctx.connection.notify("fuzzyFileSearch/sessionCompleted", { sessionId });
    });
  });
  return {};
}

/** Ends a session and drops its index. */
export function fuzzyFileSearchSessionStop(
  params: FuzzyFileSearchSessionStopParams,
  ctx: MethodContext,
): EmptyResponse {
  const session = sessionOf(ctx.connection, params.sessionId);
  session.abort.abort();
  sessionsByConnection.get(ctx.connection)!.delete(params.sessionId);
  return {};
}

function sessionOf(connection: Connection, sessionId: string): Session {
  const session = sessionsByConnection.get(connection)?.get(sessionId);
  if (!session) throw invalidRequest(`fuzzy file search session not found: ${sessionId}`);
  return session;
}

function checkRoots(roots: string[]): void {
  if (roots.length === 0) throw invalidRequest("`roots` must name at least one folder");
  roots.forEach((root, i) => {
    if (!isAbsolute(root)) throw invalidRequest(`\`roots[${i}]\` must be an absolute path, got "${root}"`);
  });
}

async function indexRoots(roots: string[], signal: AbortSignal): Promise<FileIndex[]> {
  const { buildFileIndex } = await importOnUse<typeof import("./file_index.ts")>("./file_index.ts", import.meta.url);
  return Promise.all(roots.map((root) => buildFileIndex(root, signal)));
}

/** The best matches over every root, best first. */
function matchAll(indexes: FileIndex[], query: string): FuzzyFileSearchResult[] {
  return indexes.flatMap((index) => index.match(query, MATCH_LIMIT))
    .sort((a, b) => b.score - a.score)
    .slice(0, MATCH_LIMIT);
}

function mapOf<V>(
  maps: WeakMap<Connection, Map<string, V>>,
  connection: Connection,
  onCreate?: (map: Map<string, V>) => void,
): Map<string, V> {
  let map = maps.get(connection);
  if (!map) {
    map = new Map();
    maps.set(connection, map);
    onCreate?.(map);
  }
  return map;
}
