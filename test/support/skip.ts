/**
 * @module
 * Skipping a test says why: `ignore: skipWhen(condition, "file: what is skipped: why")` prints the
 * reason once when the condition holds, so a run's log shows every test that did not run and the
 * machine fact behind it. `test/skips_test.ts` holds every `ignore:` in the suite to this.
 */

const said = new Set<string>();

/** Returns `condition`; when it is true, prints `reason` (once per reason). */
export function skipWhen(condition: boolean, reason: string): boolean {
  if (condition && !said.has(reason)) {
    said.add(reason);
    console.log(`skipped: ${reason}`);
  }
  return condition;
}
