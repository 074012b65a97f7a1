/**
 * Tests for the agent's streamed message: drawn as pi-tui's Markdown draws the whole text at every
 * step of the stream, while a frame renders only the unfinished tail, not the whole message again.
 */
import { assertEquals } from "@std/assert";
import { Markdown } from "@mariozechner/pi-tui";
import { AgentCell } from "./cells.ts";
import { markdownTheme } from "./markdown_theme.ts";
import { StreamedMarkdown } from "./streamed_markdown.ts";

const SAMPLES = [
  "Hello **world**.\n\nSecond paragraph with `code`.\n\n\n\nThird after many blank lines.",
  "# Title\n\nText under it.\n\n## Sub\n- a\n- b\n\n- loose c\n\nAfter the list.\n\n1. one\n2. two\n\n3. three\n\nEnd.",
  "Intro:\n\n```ts\nconst a = 1;\n\n\nconst b = 2;\n```\n\nAfter code.\n\n~~~\nx\n\n~~~\n\nDone.",
  "> quote one\n\n> quote two\n\nplain\n\n    indented code\n\n    more\n\npara\n\n---\n\nTitle\n===\n\n" +
  "| a | b |\n|---|---|\n| 1 | 2 |\n\ntext",
  "- item\n\n  continuation para\n\n- next\n\nout\n\n* star\n\n+ plus\n\n12) paren\n\nfin\n",
  "A line with a very long text ".repeat(20) + "\n\n" + "Another **bold ".repeat(10) + "** end\n\nlast",
];

Deno.test("a streamed message is drawn as pi-tui's Markdown draws its whole text, at every step and width", () => {
  for (const text of SAMPLES) {
    for (const width of [40, 98]) {
      const streamed = new StreamedMarkdown(markdownTheme);
      let shown = 0;
      for (let end = 1; end <= text.length; end += 1 + (end % 5)) {
        streamed.append(text.slice(shown, end));
        shown = end;
        const whole = new Markdown(text.slice(0, end), 0, 0, markdownTheme).render(width);
        assertEquals(streamed.render(width), whole, `${JSON.stringify(text.slice(0, end))} at width ${width}`);
      }
      streamed.append(text.slice(shown));
      assertEquals(streamed.render(width), new Markdown(text, 0, 0, markdownTheme).render(width));
      // Another width redraws all of it; a text that does not extend the old one starts over.
      assertEquals(streamed.render(width + 7), new Markdown(text, 0, 0, markdownTheme).render(width + 7));
      streamed.setText("*new* text");
      assertEquals(streamed.render(width), new Markdown("*new* text", 0, 0, markdownTheme).render(width));
    }
  }
});

Deno.test("a frame of a long streamed message renders its unfinished tail, not the whole message again", () => {
  // Count the characters pi-tui's Markdown is given to render, over a 400-paragraph answer streamed
  // in 3-word deltas with a frame every 20 deltas (before: the whole message on every frame, O(n²)).
  const render = Markdown.prototype.render;
  let rendered = 0;
  Markdown.prototype.render = function (this: Markdown, width: number) {
    rendered += (this as unknown as { text: string }).text.length;
    return render.call(this, width);
  };
  try {
    const cell = new AgentCell();
    let text = "";
    for (let i = 0; i < 8000; i++) {
      const delta = `w${3 * i} w${3 * i + 1} w${3 * i + 2}${i % 20 === 19 ? "\n\n" : " "}`;
      cell.append(delta);
      text += delta;
      if (i % 20 === 10) cell.render(100);
    }
    const lines = cell.render(100);
    assertEquals(lines.length > 1200, true);
    assertEquals(
      rendered < 3 * text.length,
      true,
      `rendered ${rendered} characters for a ${text.length}-character message`,
    );
    assertEquals(cell.render(100), lines, "an unchanged message gives the same lines");
  } finally {
    Markdown.prototype.render = render;
  }
});
