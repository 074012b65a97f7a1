/**
 * @module
 * Codex's matcher rules, compiled once per matcher group: absent, `""` or `"*"` match everything;
 * a matcher made only of `[A-Za-z0-9_|]` is a list of exact alternatives (`Edit|Write`); anything
 * else is an unanchored regular expression (a leading `(?i)`, Rust syntax, becomes the `i` flag).
 * An invalid regex does not throw: `compileMatcher` reports it and the group is skipped.
 */

/** A compiled matcher. */
export interface Matcher {
  /** The matcher as written (null when absent). */
  source: string | null;
  /** True when any of `inputs` matches; a handler matched by several aliases still runs once. */
  matchesAny(inputs: readonly string[]): boolean;
}

/** A matcher, or why it cannot be used. */
export type CompiledMatcher = { ok: true; matcher: Matcher } | { ok: false; error: string };

const EXACT = /^[A-Za-z0-9_|]*$/;

/**
 * Compiles a matcher.
 *
 * @example
 * ```ts
 * const compiled = compileMatcher("Edit|Write");
 * if (compiled.ok) compiled.matcher.matchesAny(["apply_patch", "Edit", "Write"]); // true
 * ```
 */
export function compileMatcher(source: string | null | undefined): CompiledMatcher {
  const raw = source ?? null;
  if (raw === null || raw === "" || raw === "*") return { ok: true, matcher: { source: raw, matchesAny: () => true } };
  if (EXACT.test(raw)) {
    const names = new Set(raw.split("|"));
    return { ok: true, matcher: { source: raw, matchesAny: (inputs) => inputs.some((i) => names.has(i)) } };
  }
  let pattern = raw;
  let flags = "u";
  if (pattern.startsWith("(?i)")) {
    pattern = pattern.slice(4);
    flags += "i";
  }
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, flags);
  } catch (error) {
    return { ok: false, error: `invalid matcher regex "${raw}": ${(error as Error).message}` };
  }
  return { ok: true, matcher: { source: raw, matchesAny: (inputs) => inputs.some((i) => regex.test(i)) } };
}
