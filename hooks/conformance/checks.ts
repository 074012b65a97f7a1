/**
 * @module
 * A check list: each check has a label saying what it proves and passes or fails with a detail.
 * The conformance kit collects checks instead of throwing at the first failure, so one run
 * reports everything that is wrong, and the same list prints as PASS/FAIL lines or fails a test.
 */
import { assertEquals } from "@std/assert";

/** One check and its result. */
export interface Check {
  label: string;
  ok: boolean;
  /** Why it failed (or a note when it passed). */
  detail?: string;
}

/** Collects checks. */
export class Checker {
  readonly checks: Check[] = [];

  /** Passes when `ok` is true. */
  ok(label: string, ok: boolean, detail?: string): boolean {
    this.checks.push(detail === undefined ? { label, ok } : { label, ok, detail });
    return ok;
  }

  /** Passes when `actual` deeply equals `expected`. */
  equal(label: string, actual: unknown, expected: unknown): boolean {
    try {
      assertEquals(actual, expected);
      return this.ok(label, true);
    } catch {
      return this.ok(label, false, `expected ${show(expected)}, got ${show(actual)}`);
    }
  }

  /** Passes when `text` contains `part`. */
  includes(label: string, text: string, part: string): boolean {
    return this.ok(label, text.includes(part), text.includes(part) ? undefined : `${show(part)} not in ${show(text)}`);
  }

  /** True when every check so far passed. */
  get passed(): boolean {
    return this.checks.every((c) => c.ok);
  }
}

/** A value in one line, cut at 300 characters. */
export function show(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
