import { assert, assertEquals } from "@std/assert";
import { fit, LiveTail } from "./live_tail.ts";

/** A terminal that keeps what was written, and can replay it as the rows on screen. */
function fakeTerminal(columns: number, rows: number) {
  let written = "";
  return {
    term: { write: (t: string) => (written += t), size: () => ({ columns, rows }), color: false },
    written: () => written,
    /** The rows the writes leave, interpreting only what LiveTail writes (text, `CSI n A`, `\r`, `CSI J`). */
    screen(): string[] {
      const lines: string[] = [""];
      let row = 0;
      // deno-lint-ignore no-control-regex
      for (const part of written.split(/(\x1b\[\d+A|\x1b\[J|\r|\n)/)) {
        const up = part.startsWith("\x1b[") && part.endsWith("A") ? Number(part.slice(2, -1)) : 0;
        if (up) row -= up;
        else if (part === "\x1b[J") {
          lines.length = row + 1;
          lines[row] = "";
        } else if (part === "\r") continue;
        else if (part === "\n") lines[++row] ??= "";
        else if (part) lines[row] += part;
      }
      return lines;
    },
  };
}

Deno.test("the live block shows each running command's last lines, and leaves nothing once they end", () => {
  let now = 0;
  const t = fakeTerminal(40, 20);
  const live = new LiveTail(t.term, () => now);
  live.write("header\n");
  live.start("a", "make build");
  live.start("b", "npm test");
  // Colour codes and `\r` progress are reduced to the text a line ends with.
  live.output("a", "one\n\x1b[32mtwo\x1b[0m\n10%\r55%\r100%\n");
  live.output("b", "x".repeat(100) + "\n");
  now = 1500;
  live.write("more transcript\n");
  const screen = t.screen();
  assertEquals(screen.slice(0, 2), ["header", "more transcript"]);
  assertEquals(screen[2], "  ⠿ running make build · 1.5 s");
  assertEquals(screen.slice(3, 6), ["    one", "    two", "    100%"]);
  assertEquals(screen[6], "  ⠿ running npm test · 1.5 s");
  assertEquals(screen[7], `    ${"x".repeat(34)}…`, "cut at the width, less one column");
  live.finish("a");
  live.finish("b");
  live.write("done\n");
  live.close();
  assertEquals(t.screen().filter((l) => l !== ""), ["header", "more transcript", "done"]);
});

Deno.test("the live block is not drawn after an unfinished line, and fits a short terminal", () => {
  const t = fakeTerminal(40, 5);
  const live = new LiveTail(t.term, () => 0);
  live.write("Allow? [y/N] ");
  live.start("a", "ls");
  assert(!t.written().includes("running"), "not drawn while a line is unfinished");
  live.write("\n");
  live.output("a", "1\n2\n3\n4\n5\n6\n");
  live.write("x\n");
  // 5 rows: the block keeps 3, so it never scrolls out of reach of the cursor.
  assertEquals(t.screen().slice(2), ["  ⠿ running ls · 0.0 s", "    5", "    6", ""]);
  live.close();
});

Deno.test("fit counts wide characters as two columns", () => {
  assertEquals(fit("漢字漢字漢字", 7), "漢字漢…");
  assertEquals(fit("abc", 3), "abc");
  assertEquals(fit("abcd", 3), "ab…");
});
