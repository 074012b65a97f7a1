/**
 * @module
 * Shows how two texts differ, for cassette mismatches (private to the kit): one-line texts side by
 * side, longer ones as the lines around the first difference, expected with `-`, actual with `+`.
 */

const CONTEXT = 2;
const SHOWN = 6;

/** Expected versus actual, indented, ready to append to an error message. */
export function showDifference(expected: string | null, actual: string | null): string {
  if (expected === null || actual === null || (!expected.includes("\n") && !actual.includes("\n"))) {
    return `  expected (recorded): ${show(expected)}\n  actual:              ${show(actual)}`;
  }
  const a = expected.split("\n");
  const b = actual.split("\n");
  let first = 0;
  while (first < a.length && first < b.length && a[first] === b[first]) first++;
  // The same tails after the first difference are context too, not change.
  let tail = 0;
  while (tail < a.length - first && tail < b.length - first && a[a.length - 1 - tail] === b[b.length - 1 - tail]) {
    tail++;
  }
  const out = [`  from line ${first + 1} (- recorded, + actual):`];
  for (const line of a.slice(Math.max(0, first - CONTEXT), first)) out.push(`      ${line}`);
  const removed = a.slice(first, a.length - tail);
  const added = b.slice(first, b.length - tail);
  for (const line of removed.slice(0, SHOWN)) out.push(`    - ${line}`);
  if (removed.length > SHOWN) out.push(`    - ... (${removed.length - SHOWN} more lines)`);
  for (const line of added.slice(0, SHOWN)) out.push(`    + ${line}`);
  if (added.length > SHOWN) out.push(`    + ... (${added.length - SHOWN} more lines)`);
  for (const line of a.slice(a.length - tail, a.length - tail + CONTEXT)) out.push(`      ${line}`);
  return out.join("\n");
}

function show(text: string | null): string {
  return text === null ? "(none)" : JSON.stringify(text);
}
