/**
 * @module
 * Every skipped test says why: each `ignore` in a test's options goes through `skipWhen()`
 * (test/support/skip.ts), which prints the reason, so no test is skipped silently on some machine.
 */
import { assertEquals } from "@std/assert";
import { fromFileUrl, join, relative } from "@std/path";

const root = fromFileUrl(new URL("..", import.meta.url));

async function* testFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* testFiles(path);
    else if (entry.name.endsWith("_test.ts")) yield path;
  }
}

Deno.test("every `ignore:` in the suite is a skipWhen() that prints its reason", async () => {
  const silent: string[] = [];
  for await (const file of testFiles(root)) {
    if (file === fromFileUrl(import.meta.url)) continue;
    const text = await Deno.readTextFile(file);
    const lines = text.split("\n");
    lines.forEach((line, index) => {
      if (/^\s*(\/\/|\/?\*)/.test(line)) return;
      // `ignore: <expr>` in a test's options, or the `ignore` shorthand for a variable of that name.
      const values = [...line.matchAll(/\bignore:\s*(\S[^,}]*)/g)].map((match) => match[1].trim());
      if (/(^|[{,])\s*ignore\s*([,}]|$)/.test(line)) values.push("ignore");
      for (const value of values) {
        const named = /^[A-Za-z_$][\w$]*$/.test(value) ? value : undefined;
        const ok = value.startsWith("skipWhen(") ||
          (named !== undefined && new RegExp(`\\b${named}\\s*=\\s*skipWhen\\(`).test(text));
        if (!ok) silent.push(`${relative(root, file)}:${index + 1}: ${line.trim()}`);
      }
    });
  }
  assertEquals(silent, [], "these tests can be skipped without saying why: use skipWhen() from test/support/skip.ts");
});
