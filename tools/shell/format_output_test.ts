import { assertEquals } from "@std/assert";
import { formatCommandOutput } from "./format_output.ts";

const output = (text: string) => ({ head: text, omitted: 0, tail: "" });

Deno.test("`formatCommandOutput()` writes Codex's exit code, wall time and output sections", () => {
  const text = formatCommandOutput(
    { exitCode: 2, durationMs: 1234, output: output("oops\n"), totalLines: 1 },
    { maxBytes: 100 },
  );
  assertEquals(text, "Exit code: 2\nWall time: 1.2 seconds\nOutput:\noops\n");
});

Deno.test("`formatCommandOutput()` puts the timeout notice first in the body", () => {
  const text = formatCommandOutput(
    { exitCode: 124, durationMs: 305, output: output("tick\n"), totalLines: 1, timedOutAfterMs: 300 },
    { maxBytes: 100 },
  );
  assertEquals(
    text,
    "Exit code: 124\nWall time: 0.3 seconds\nOutput:\ncommand timed out after 300 milliseconds\ntick\n",
  );
});

Deno.test("`formatCommandOutput()` adds the total line count only when it truncates", () => {
  const body = Array.from({ length: 50 }, (_, i) => `line ${i}`).join("\n") + "\n";
  const text = formatCommandOutput(
    { exitCode: 0, durationMs: 50, output: output(body), totalLines: 50 },
    { maxBytes: 20 },
  );
  assertEquals(
    text,
    "Exit code: 0\nWall time: 0.1 seconds\nTotal output lines: 50\nOutput:\nline 0\nlin…370 chars truncated…8\nline 49\n",
  );
});

Deno.test("`formatCommandOutput()` puts a notice first in the body and counts it as a line", () => {
  const text = formatCommandOutput(
    { exitCode: 1, durationMs: 10, output: output("denied\n"), totalLines: 1, notice: "not re-run" },
    { maxBytes: 100 },
  );
  assertEquals(text, "Exit code: 1\nWall time: 0.0 seconds\nOutput:\nnot re-run\ndenied\n");
});
