/**
 * @module
 * AGENTS.md discovery and rendering, as Codex does it (`core/src/agents_md.rs`): the global doc
 * (`$TERN_HOME/AGENTS.override.md`, else `AGENTS.md`), then for each directory from the project
 * root (first ancestor of cwd holding `.git`, else cwd alone) down to cwd the first existing of
 * `AGENTS.override.md`, `AGENTS.md` and the fallback names. Like Codex, `maxBytes` budgets the
 * project docs only (root first, so deeper docs are cut first); the global doc is the user's own.
 */
import { dirname, join, resolve } from "../../kernel/mod.ts";
import type { ContextContributor, ContextFragment } from "../../kernel/mod.ts";
import { DocCache } from "./doc_cache.ts";

/** The per-directory file names tried before the fallbacks, in order. */
export const DOC_FILENAMES = ["AGENTS.override.md", "AGENTS.md"] as const;
/** What separates the global doc from the project docs. */
export const PROJECT_DOC_SEPARATOR = "\n\n--- project-doc ---\n\n";
/** Default budget of the project docs, in bytes (Codex's `project_doc_max_bytes`). */
export const DEFAULT_MAX_BYTES = 32 * 1024;

/** Options for discovery. */
export interface AgentsMdOptions {
  /** `$TERN_HOME`, where the global doc lives. */
  ternHome: string;
  /** Byte budget of the project docs; 0 turns them off. @default 32768 */
  maxBytes?: number;
  /** Names tried after `AGENTS.override.md` and `AGENTS.md` in each directory. @default [] */
  fallbackFilenames?: readonly string[];
  /** The read cache; pass one to share it between calls. @default a new cache */
  cache?: DocCache;
}

/** What discovery found for one cwd. */
export interface AgentsMdResult {
  /** The instructions text (global and project docs joined), or null when there are none. */
  text: string | null;
  /** The files that contributed, global first, then root to cwd. */
  sources: string[];
  /** Problems for the user, such as a doc truncated to the budget. */
  warnings: string[];
}

const decoder = new TextDecoder();

/**
 * Finds and joins the AGENTS.md instructions that apply in `cwd`.
 *
 * @example
 * ```ts
 * const { text, sources } = loadAgentsMd("/repo/pkg", { ternHome: "/home/me/.tern" });
 * ```
 */
export function loadAgentsMd(cwd: string, options: AgentsMdOptions): AgentsMdResult {
  const cache = options.cache ?? new DocCache();
  const sources: string[] = [];
  const warnings: string[] = [];
  const parts: string[] = [];

  for (const name of DOC_FILENAMES) {
    const path = join(options.ternHome, name);
    const bytes = cache.read(path);
    const text = bytes ? decoder.decode(bytes).trim() : "";
    if (text) {
      parts.push(text);
      sources.push(path);
      break;
    }
  }

  const names = candidateNames(options.fallbackFilenames ?? []);
  const budget = Math.max(0, options.maxBytes ?? DEFAULT_MAX_BYTES);
  let remaining = budget;
  const projectTexts: string[] = [];
  for (const dir of budget > 0 ? searchDirs(resolve(cwd), cache) : []) {
    const found = firstDoc(dir, names, cache);
    if (!found) continue;
    let bytes = found.bytes;
    if (remaining === 0) {
      if (bytes.length) warnings.push(`Project doc "${found.path}" skipped: the budget of ${budget} bytes is used up`);
      continue;
    }
    if (bytes.length > remaining) {
      warnings.push(
        `Project doc "${found.path}" (${bytes.length} bytes) exceeds the remaining budget of ${remaining} bytes: ` +
          "truncated (raise project-docs.maxBytes to keep it whole)",
      );
      bytes = truncateUtf8(bytes, remaining);
    }
    const text = decoder.decode(bytes);
    if (!text.trim()) continue;
    remaining -= bytes.length;
    projectTexts.push(text.trimEnd());
    sources.push(found.path);
  }
  if (projectTexts.length) parts.push(projectTexts.join("\n\n"));

  return { text: parts.length ? parts.join(PROJECT_DOC_SEPARATOR) : null, sources, warnings };
}

/** The user-role message Codex sends for AGENTS.md instructions. */
export function renderAgentsMd(cwd: string, text: string): string {
  return `# AGENTS.md instructions for ${cwd}\n\n<INSTRUCTIONS>\n${text}\n</INSTRUCTIONS>`;
}

/** Options for the contributor: discovery options plus where warnings go. */
export interface AgentsMdContributorOptions extends AgentsMdOptions {
  /** Reports a problem to the user; each distinct warning is given once. @default console.warn */
  warn?: (message: string) => void;
}

/**
 * The `agents-md` context contributor: one user-role fragment per turn when any doc applies.
 * Files are re-read only when their mtime or size changes. Never throws.
 */
export function createAgentsMdContributor(options: AgentsMdContributorOptions): ContextContributor {
  const cache = options.cache ?? new DocCache();
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const warned = new Set<string>();
  const report = (message: string) => {
    if (warned.has(message)) return;
    warned.add(message);
    warn(message);
  };
  return {
    name: "agents-md",
    contribute(request): ContextFragment[] {
      try {
        const cwd = resolve(request.cwd);
        const result = loadAgentsMd(cwd, { ...options, cache });
        result.warnings.forEach(report);
        return result.text === null ? [] : [{ role: "user", text: renderAgentsMd(cwd, result.text) }];
      } catch (error) {
        report(`Cannot read AGENTS.md instructions for "${request.cwd}": ${(error as Error).message ?? error}`);
        return [];
      }
    },
  };
}

/** `AGENTS.override.md`, `AGENTS.md`, then the fallbacks, without duplicates or empty names. */
function candidateNames(fallbacks: readonly string[]): string[] {
  return [...new Set([...DOC_FILENAMES, ...fallbacks.filter((name) => name.trim() !== "")])];
}

/** Directories from the project root down to `cwd`; just `[cwd]` when no ancestor holds `.git`. */
export function searchDirs(cwd: string, cache: DocCache = new DocCache()): string[] {
  const chain: string[] = [];
  for (let dir = cwd;; dir = dirname(dir)) {
    chain.push(dir);
    if (cache.exists(join(dir, ".git"))) return chain.reverse();
    if (dirname(dir) === dir) return [cwd];
  }
}

/** The first candidate that exists as a file in `dir` (an empty one still hides the later names, as in Codex). */
function firstDoc(dir: string, names: readonly string[], cache: DocCache): { path: string; bytes: Uint8Array } | null {
  for (const name of names) {
    const path = join(dir, name);
    const bytes = cache.read(path);
    if (bytes) return { path, bytes };
  }
  return null;
}

/** The first `limit` bytes, moved back so no UTF-8 character is cut in half. */
function truncateUtf8(bytes: Uint8Array, limit: number): Uint8Array {
  let end = limit;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}
